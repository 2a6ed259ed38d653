"""DL3029: do not use `--platform` with FROM."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at

PREDEFINED = ("BUILDPLATFORM", "TARGETPLATFORM")


class DL3029NoFromPlatform(Rule):
    """What it does: flags `FROM --platform=<fixed platform>` (`$BUILDPLATFORM` and
    `$TARGETPLATFORM` are fine).

    Why is this bad: a fixed platform makes the image build for that platform whatever target is
    asked for; on another architecture it runs under emulation or not at all.

    Example:
        FROM --platform=linux/amd64 debian:bookworm

    Use instead:
        FROM debian:bookworm
    """

    code = "DL3029"
    severity = Severity.WARNING
    message = "Do not use --platform flag with FROM"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("FROM"):
            flag = ins.flag("platform")
            if flag is not None and not any(p in (flag.value or "") for p in ("BUILDPLATFORM", "TARGETPLATFORM")):
                yield finding_at(ctx, ins, flag.span)
