"""DL3018: pin versions in `apk add`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import apk_adds
from layerwise.rules.hadolint._pinning import unpinned_findings


def is_pinned(package: str) -> bool:
    """`pkg=1.2`, `pkg~1.2`, `pkg>1`, `pkg<2` or a local `.apk` file."""
    return any(c in package for c in "=~<>") or package.endswith(".apk")


class DL3018PinApkVersions(Rule):
    """What it does: flags `apk add` of a package without a version constraint.

    Why is this bad: an unpinned package installs whatever the Alpine repository holds on build day,
    so rebuilds of the same Dockerfile can differ or break.

    Example:
        RUN apk add --no-cache curl

    Use instead:
        RUN apk add --no-cache curl=8.5.0-r0
    """

    code = "DL3018"
    severity = Severity.WARNING
    message = "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`"
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through; "
        "`--virtual NAME` and `-X URL` values are not taken for packages."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, apk_adds, is_pinned)
