"""DL4004: multiple ENTRYPOINT instructions."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL4004OneEntrypoint(Rule):
    """What it does: flags a second ENTRYPOINT in the same stage.

    Why is this bad: only the last ENTRYPOINT takes effect; the earlier ones are dead code that
    misleads readers.

    Example:
        ENTRYPOINT ["python"]
        ENTRYPOINT ["python", "-m", "app"]

    Use instead:
        ENTRYPOINT ["python", "-m", "app"]
    """

    code = "DL4004"
    severity = Severity.ERROR
    message = (
        "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then "
        "only the last `ENTRYPOINT` will take effect"
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        # Grouped by stage index, so instructions before any FROM (stage -1) count too, as in hadolint.
        by_stage: dict[int, list[Instruction]] = {}
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "ENTRYPOINT":
                by_stage.setdefault(ins.stage_index, []).append(ins)
        for checks in by_stage.values():
            for ins in checks[1:]:
                yield finding_at(ctx, ins, ins.span)
