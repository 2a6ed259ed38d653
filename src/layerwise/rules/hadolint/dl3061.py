"""DL3061: a Dockerfile must begin with FROM, ARG or a comment."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL3061InstructionOrder(Rule):
    """What it does: flags instructions other than ARG before the first FROM.

    Why is this bad: BuildKit refuses them: only ARG (and parser directives and comments) may come
    before the first FROM.

    Example:
        RUN echo hello
        FROM debian:bookworm

    Use instead:
        FROM debian:bookworm
        RUN echo hello
    """

    code = "DL3061"
    severity = Severity.ERROR
    message = "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "FROM":
                return
            if ins.keyword != "ARG":
                yield finding_at(ctx, ins, ins.keyword_span)
