"""DL3008: pin versions in `apt-get install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import apt_get_installs
from layerwise.rules.hadolint._pinning import unpinned_findings


def is_pinned(package: str) -> bool:
    """`pkg=1.2`, a path (`./x.deb`, `/tmp/x`) or a `.deb` file."""
    return "=" in package or "/" in package or package.endswith(".deb")


class DL3008PinAptVersions(Rule):
    """What it does: flags `apt-get install` of a package without a version (`pkg=version`).

    Why is this bad: an unpinned package installs whatever the archive holds on build day, so two
    builds of the same Dockerfile can ship different software, and a rebuild can break without any
    change.

    Example:
        RUN apt-get update && apt-get install -y --no-install-recommends curl

    Use instead:
        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    """

    code = "DL3008"
    severity = Severity.WARNING
    message = (
        "Pin versions in apt get install. Instead of `apt-get install <package>` use "
        "`apt-get install <package>=<version>`"
    )
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, apt_get_installs, is_pinned)
