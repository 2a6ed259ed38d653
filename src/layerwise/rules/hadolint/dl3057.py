"""DL3057: HEALTHCHECK instruction missing (off by default)."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL3057HealthcheckMissing(Rule):
    """What it does: flags a final image without a HEALTHCHECK (off by default).

    Why is this bad: without a health check the engine only knows whether the process runs, not
    whether it answers; orchestrators cannot restart a hung service.

    Example:
        FROM nginx:1.27
        COPY site/ /usr/share/nginx/html/

    Use instead:
        FROM nginx:1.27
        COPY site/ /usr/share/nginx/html/
        HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
    """

    code = "DL3057"
    severity = Severity.IGNORE
    message = "`HEALTHCHECK` instruction missing."
    enabled_by_default = False
    differs_from_hadolint = "Only the final stage (with the stages it is built FROM) needs a HEALTHCHECK."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        dockerfile = ctx.dockerfile
        stage = dockerfile.final_stage
        final = stage
        while stage is not None:
            if any(i.keyword == "HEALTHCHECK" for i in stage.instructions):
                return
            stage = dockerfile.parent_of(stage)
        if final is not None:
            yield finding_at(ctx, final.from_instruction, final.from_instruction.span)
