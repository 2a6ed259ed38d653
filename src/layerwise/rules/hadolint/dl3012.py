"""DL3012: multiple HEALTHCHECK instructions."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL3012OneHealthcheck(Rule):
    """What it does: flags a second HEALTHCHECK in the same stage.

    Why is this bad: only the last HEALTHCHECK takes effect; the earlier ones are dead code that
    misleads readers.

    Example:
        HEALTHCHECK CMD curl -f http://localhost/ || exit 1
        HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1

    Use instead:
        HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    """

    code = "DL3012"
    severity = Severity.ERROR
    message = "Multiple `HEALTHCHECK` instructions"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        # Grouped by stage index, so instructions before any FROM (stage -1) count too, as in hadolint.
        by_stage: dict[int, list[Instruction]] = {}
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "HEALTHCHECK":
                by_stage.setdefault(ins.stage_index, []).append(ins)
        for checks in by_stage.values():
            for ins in checks[1:]:
                yield finding_at(ctx, ins, ins.span)
