"""DL3037: pin versions in `zypper install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import zypper_installs
from layerwise.rules.hadolint._pinning import unpinned_findings


def is_pinned(package: str) -> bool:
    """`pkg=1.2`, `pkg>=1.2`, `pkg<2` or a local `.rpm` file."""
    return any(c in package for c in "=<>") or package.endswith(".rpm")


class DL3037PinZypperVersions(Rule):
    """What it does: flags `zypper install` of a package without a version.

    Why is this bad: an unpinned package installs whatever the repository holds on build day, so
    rebuilds differ.

    Example:
        RUN zypper install -y httpd

    Use instead:
        RUN zypper install -y httpd=2.4.58
    """

    code = "DL3037"
    severity = Severity.WARNING
    message = "Specify version with `zypper install -y <package>=<version>`."
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, zypper_installs, is_pinned)
