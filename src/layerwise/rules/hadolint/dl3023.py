"""DL3023: `COPY --from` cannot reference its own FROM alias."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote


class DL3023CopyFromSelf(Rule):
    """What it does: flags `COPY --from=name` inside the stage called `name`.

    Why is this bad: a stage cannot copy from itself; BuildKit reports a dependency cycle.

    Example:
        FROM debian:bookworm AS app
        COPY --from=app /etc/os-release /tmp/

    Use instead:
        FROM debian:bookworm AS app
        COPY --from=debian:bookworm /etc/os-release /tmp/
    """

    code = "DL3023"
    severity = Severity.ERROR
    message = "`COPY --from` cannot reference its own `FROM` alias"
    differs_from_hadolint = "Stage names are compared case-insensitively, as BuildKit does."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            if stage.name is None:
                continue
            for ins in stage.instructions:
                flag = ins.flag("from") if ins.keyword == "COPY" else None
                if flag is not None and flag.value is not None and unquote(flag.value).lower() == stage.name:
                    yield finding_at(ctx, ins, flag.span)
