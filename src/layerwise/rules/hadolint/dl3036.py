"""DL3036: `zypper clean` missing after zypper use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layerwise.fix.cleanup import CleanupRule, named_with_arg, removes
from layerwise.rules.base import Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command


class DL3036ZypperClean(CleanupRule):
    """What it does: flags a RUN in a shipped stage that runs `zypper install` without a later
    `zypper clean` in the same RUN.

    Why is this bad: zypper keeps repository metadata and packages in /var/cache/zypp, which
    then stays in the layer.

    Example:
        RUN zypper install -y curl

    Use instead:
        RUN zypper install -y curl && zypper clean --all
    """

    code = "DL3036"
    severity = Severity.WARNING
    message = "`zypper clean` missing after zypper use."
    cache_targets = ("/var/cache/zypp",)
    differs_from_hadolint = "The clean must follow the last install; stages only copied from are not flagged."

    def fills_cache(self, command: Command) -> bool:
        return named_with_arg(command, ["zypper"], ["install", "in"])

    def cleans_cache(self, command: Command) -> bool:
        return named_with_arg(command, ["zypper"], ["clean", "cc"]) or removes(command, "/var/cache/zypp")

    def cleanup(self, last_install: Command) -> str:
        return "zypper clean --all"
