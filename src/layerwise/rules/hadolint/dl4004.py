"""DL4004: multiple ENTRYPOINT instructions."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at
from layerwise.rules.hadolint._stages import repeated_in_stage


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
        for ins in repeated_in_stage(ctx.dockerfile, "ENTRYPOINT"):
            yield finding_at(ctx, ins, ins.span)
