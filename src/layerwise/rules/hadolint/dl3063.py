"""DL3063: stage names should not be reserved words."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at

RESERVED = ("scratch", "context")


class DL3063ReservedStageName(Rule):
    """What it does: flags a stage named `scratch` or `context`.

    Why is this bad: these names already mean something to BuildKit (the empty image, the build
    context); a stage with such a name shadows them or is refused.

    Example:
        FROM alpine:3.20 AS scratch

    Use instead:
        FROM alpine:3.20 AS base
    """

    code = "DL3063"
    severity = Severity.WARNING
    message = "stage name should not be a reserved word"
    differs_from_hadolint = "Stage names are compared case-insensitively, as BuildKit does (`AS Scratch` is flagged)."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            if stage.name in RESERVED:
                ins = stage.from_instruction
                yield finding_at(ctx, ins, ins.arguments[-1].span if ins.arguments else ins.span)
