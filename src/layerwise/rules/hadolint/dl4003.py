"""DL4003: multiple CMD instructions."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at
from layerwise.rules.hadolint._stages import repeated_in_stage


class DL4003OneCmd(Rule):
    """What it does: flags a second CMD in the same stage.

    Why is this bad: only the last CMD takes effect; the earlier ones are dead code that
    misleads readers.

    Example:
        CMD ["nginx"]
        CMD ["nginx", "-g", "daemon off;"]

    Use instead:
        CMD ["nginx", "-g", "daemon off;"]
    """

    code = "DL4003"
    severity = Severity.WARNING
    message = (
        "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect"
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in repeated_in_stage(ctx.dockerfile, "CMD"):
            yield finding_at(ctx, ins, ins.span)
