"""DL3041: pin versions in `dnf install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._pinning import rpm_unpinned_findings


class DL3041PinDnfVersions(Rule):
    """What it does: flags `dnf install` (or `microdnf install`) of a package without a version
    (`name-version`), and `dnf module install` of a module without a stream (`name:stream`).

    Why is this bad: an unpinned package installs whatever the repository holds on build day, so
    rebuilds differ.

    Example:
        RUN dnf install -y httpd && dnf clean all

    Use instead:
        RUN dnf install -y httpd-2.4.57 && dnf clean all
    """

    code = "DL3041"
    severity = Severity.WARNING
    message = "Specify version with `dnf install -y <package>-<version>`."
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return rpm_unpinned_findings(ctx, "dnf", "microdnf")
