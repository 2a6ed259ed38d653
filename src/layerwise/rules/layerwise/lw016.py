"""LW016: an instruction the builder does not know."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from typing import TYPE_CHECKING

from layerwise.dockerfile.arguments import KNOWN_KEYWORDS
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.model import Instruction

KEYWORDS = sorted(keyword.upper() for keyword in KNOWN_KEYWORDS)


class LW016UnknownInstruction(Rule):
    """What it does:
    Flags an instruction keyword that is none of the eighteen the builders know (FROM, RUN, COPY,
    ...), with the closest one when it looks like a typo.

    Why is this bad:
    The Dockerfile parses, so nothing complains until `docker build` stops with `unknown
    instruction`. A line that lost the `\\` continuing the one before (a package name alone on its
    line) fails the same way. hadolint reports such a file as a parse error and checks nothing else
    in it.

    Example:
        FROM debian:bookworm-slim
        RUNN apt-get update

    Use instead:
        FROM debian:bookworm-slim
        RUN apt-get update
    """

    code = "LW016"
    severity = Severity.ERROR
    message = "Unknown instruction: the build stops here"
    fix_applicability = Applicability.UNSAFE
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions():
            if ins.keyword in KEYWORDS:
                continue
            written = ctx.dockerfile.text[ins.keyword_span.start : ins.keyword_span.end]
            guesses = get_close_matches(ins.keyword, KEYWORDS, n=2, cutoff=0.75)
            if len(guesses) == 1:
                guess = guesses[0] if written.isupper() else guesses[0].lower()
                fix = Fix(f"Write {guess}", (Edit.replace_span(ins.keyword_span, guess),), Applicability.UNSAFE)
                yield ctx.finding(ins.keyword_span, f"unknown instruction {written}: did you mean {guess}?", fix)
                continue
            hint = " (does the RUN above lack a `\\` at the end of its last line?)" if _after_run(ctx, ins) else ""
            yield ctx.finding(ins.keyword_span, f"unknown instruction {written}: the build stops here{hint}")


def _after_run(ctx: RuleContext, ins: Instruction) -> bool:
    """Whether a RUN ends on the line just above: a words-only line there has often lost its `\\`."""
    return any(other.keyword == "RUN" and other.span.end_line == ins.line - 1 for other in ctx.dockerfile.instructions)
