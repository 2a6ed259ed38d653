"""LW015: `npm cache clean --force` missing after `npm install` / `npm ci`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layerwise.fix.cleanup import CleanupRule, named_with_arg
from layerwise.rules.base import Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

INSTALLS = ("install", "i", "ci", "add")


class LW015NpmCacheClean(CleanupRule):
    """What it does: flags a RUN in a shipped stage that runs `npm install` (or `npm ci`) without
    a later `npm cache clean --force` in the same RUN.

    Why is this bad: npm keeps every downloaded tarball in ~/.npm/_cacache, often as large as
    node_modules itself, and a later RUN cannot take it out of this layer. hadolint has the rule
    for yarn (DL3060) but none for npm. A cache mount over ~/.npm keeps it out and is fine.

    Example:
        RUN npm ci --omit=dev

    Use instead:
        RUN npm ci --omit=dev && npm cache clean --force
    """

    code = "LW015"
    severity = Severity.INFO
    message = "`npm cache clean --force` missing after `npm install`: the npm cache stays in the layer"
    cache_targets = (".npm",)

    def fills_cache(self, command: Command) -> bool:
        return named_with_arg(command, ["npm"], INSTALLS)

    def cleans_cache(self, command: Command) -> bool:
        values = [w.value for w in command.args]
        return named_with_arg(command, ["npm"], ["cache"]) and ("clean" in values or "rm" in values)

    def cleanup(self, last_install: Command) -> str:
        return "npm cache clean --force"
