"""DL3021: COPY with several sources needs a destination ending in `/`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote


def slash_fix(text: str, ins: Instruction) -> Fix:
    """Append `/` to the destination, inside its quotes if it has some."""
    end = ins.arguments[-1].span.end
    at = end - 1 if text[end - 1 : end] in ("'", '"') else end
    return Fix("End the destination with /", (Edit.insert(at, "/"),), Applicability.SAFE)


class DL3021CopyDestinationSlash(Rule):
    """What it does: flags COPY of more than one source to a destination that does not end in `/`.

    Why is this bad: with several sources the destination must be a directory, and BuildKit
    refuses the build unless it ends in `/`.

    Example:
        COPY package.json package-lock.json /app

    Use instead:
        COPY package.json package-lock.json /app/
    """

    code = "DL3021"
    severity = Severity.ERROR
    message = "COPY with more than 2 arguments requires the last argument to end with /"
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("COPY"):
            if ins.heredocs or len(ins.arguments) < 3:
                continue
            destination = unquote(ins.arguments[-1].value)
            if not destination.endswith("/"):
                yield finding_at(ctx, ins, ins.arguments[-1].span, fix=slash_fix(ctx.dockerfile.text, ins))
