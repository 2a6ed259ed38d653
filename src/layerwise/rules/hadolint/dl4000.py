"""DL4000: MAINTAINER is deprecated."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, keyword_like


def label_text(text: str, ins: Instruction) -> str | None:
    """`MAINTAINER Jane <jane@example.com>` -> `LABEL maintainer="Jane <jane@example.com>"`.
    MAINTAINER does not expand variables, so `$` is escaped to keep the value as written."""
    if not ins.values or "\n" in ins.source:
        return None
    value = ins.values[0].strip()
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'{keyword_like(text, ins, "LABEL")} maintainer="{quoted}"'


class DL4000MaintainerDeprecated(Rule):
    """What it does: flags the MAINTAINER instruction.

    Why is this bad: MAINTAINER is deprecated; a label is visible to `docker inspect` and to
    registries, and follows the OCI annotation conventions.

    Example:
        MAINTAINER Jane Doe <jane@example.com>

    Use instead:
        LABEL maintainer="Jane Doe <jane@example.com>"
    """

    code = "DL4000"
    severity = Severity.ERROR
    message = "MAINTAINER is deprecated"
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("MAINTAINER"):
            replacement = label_text(ctx.dockerfile.text, ins)
            fix = None
            if replacement is not None:
                edit = Edit.replace_span(ins.span, replacement)
                fix = Fix("Use LABEL maintainer=...", (edit,), Applicability.SAFE)
            yield finding_at(ctx, ins, ins.span, fix=fix)
