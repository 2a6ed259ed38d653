"""DL3038: use the -y switch with `dnf install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import YUM_VALUE_OPTIONS
from layerwise.rules.hadolint._switches import missing_yes


class DL3038DnfYes(Rule):
    """What it does: flags `dnf install` (or `microdnf install`) without `-y`.

    Why is this bad: dnf asks for confirmation; a build has no one to answer, so it aborts.

    Example:
        RUN dnf install httpd-2.4.57 && dnf clean all

    Use instead:
        RUN dnf install -y httpd-2.4.57 && dnf clean all
    """

    code = "DL3038"
    severity = Severity.WARNING
    message = "Use the -y switch to avoid manual input `dnf install -y <package>`"
    onbuild = True
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return missing_yes(
            ctx,
            ("dnf", "microdnf"),
            ("install", "groupinstall", "localinstall"),
            ("y", "assumeyes"),
            YUM_VALUE_OPTIONS,
        )
