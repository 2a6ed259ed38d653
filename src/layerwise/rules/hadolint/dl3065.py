"""DL3065: `FROM --platform=$TARGETPLATFORM` is redundant."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL3065RedundantTargetPlatform(Rule):
    """What it does: flags `FROM --platform=$TARGETPLATFORM`.

    Why is this bad: building for the target platform is what FROM does anyway; the flag only adds
    noise (and hides the useful `$BUILDPLATFORM` cases).

    Example:
        FROM --platform=$TARGETPLATFORM debian:bookworm

    Use instead:
        FROM debian:bookworm
    """

    code = "DL3065"
    severity = Severity.WARNING
    message = (
        "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant as this is the default behavior"
    )
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        text = ctx.dockerfile.text
        for ins in ctx.instructions("FROM"):
            flag = ins.flag("platform")
            if flag is None or flag.value not in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
                continue
            end = flag.span.end
            while end < len(text) and text[end] in " \t":
                end += 1
            fix = Fix("Remove --platform", (Edit(flag.span.start, end, ""),), Applicability.SAFE)
            yield finding_at(ctx, ins, flag.span, fix=fix)
