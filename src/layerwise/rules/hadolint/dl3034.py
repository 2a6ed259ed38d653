"""DL3034: non-interactive switch missing from `zypper`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import ZYPPER_VALUE_OPTIONS
from layerwise.rules.hadolint._switches import missing_yes


class DL3034ZypperYes(Rule):
    """What it does: flags `zypper install/remove/patch/source-install` without `-y`
    (or `-n`/`--non-interactive`).

    Why is this bad: zypper asks for confirmation; a build has no one to answer, so it aborts.

    Example:
        RUN zypper install httpd=2.4.58

    Use instead:
        RUN zypper install -y httpd=2.4.58
    """

    code = "DL3034"
    severity = Severity.WARNING
    message = "Non-interactive switch missing from `zypper` command: `zypper install -y`"
    onbuild = True
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return missing_yes(
            ctx,
            ("zypper",),
            ("install", "in", "remove", "rm", "source-install", "si", "patch"),
            ("non-interactive", "n", "no-confirm", "y"),
            ZYPPER_VALUE_OPTIONS,
        )
