"""DL3060: `yarn cache clean` missing after `yarn install`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layerwise.fix.cleanup import CleanupRule, named_with_arg
from layerwise.rules.base import Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command


class DL3060YarnCacheClean(CleanupRule):
    """What it does: flags a RUN in a shipped stage that runs `yarn install` without a later
    `yarn cache clean` in the same RUN.

    Why is this bad: yarn's offline cache (often hundreds of MB) stays in the layer. A cache
    mount over ~/.cache/yarn keeps it out and is fine.

    Example:
        RUN yarn install --frozen-lockfile

    Use instead:
        RUN yarn install --frozen-lockfile && yarn cache clean
    """

    code = "DL3060"
    severity = Severity.INFO
    message = "`yarn cache clean` missing after `yarn install` was run."
    cache_targets = (".cache/yarn",)
    differs_from_hadolint = "Stages that are only copied from are not flagged (hadolint: only unused ones)."

    def fills_cache(self, command: Command) -> bool:
        return named_with_arg(command, ["yarn"], ["install"])

    def cleans_cache(self, command: Command) -> bool:
        values = [w.value for w in command.args]
        return named_with_arg(command, ["yarn"], ["cache"]) and "clean" in values

    def cleanup(self, last_install: Command) -> str:
        return "yarn cache clean"
