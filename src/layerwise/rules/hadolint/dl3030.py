"""DL3030: use the -y switch with `yum install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import YUM_VALUE_OPTIONS
from layerwise.rules.hadolint._switches import missing_yes


class DL3030YumYes(Rule):
    """What it does: flags `yum install` without `-y`.

    Why is this bad: yum asks for confirmation; a build has no one to answer, so it aborts.

    Example:
        RUN yum install httpd-2.4.57 && yum clean all

    Use instead:
        RUN yum install -y httpd-2.4.57 && yum clean all
    """

    code = "DL3030"
    severity = Severity.WARNING
    message = "Use the -y switch to avoid manual input `yum install -y <package>`"
    onbuild = True
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return missing_yes(
            ctx, ("yum",), ("install", "groupinstall", "localinstall"), ("y", "assumeyes"), YUM_VALUE_OPTIONS
        )
