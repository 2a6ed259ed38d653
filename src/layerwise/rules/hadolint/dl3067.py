"""DL3067: do not copy an entire filesystem from another stage."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote


class DL3067NoRootCopy(Rule):
    """What it does: flags `COPY --from=stage / /`.

    Why is this bad: copying a whole filesystem duplicates every file of the other stage (package
    caches, shells, setuid binaries) and defeats the point of a multi-stage build.

    Example:
        COPY --from=build / /

    Use instead:
        COPY --from=build /out/app /usr/local/bin/app
    """

    code = "DL3067"
    severity = Severity.WARNING
    message = "Do not copy an entire filesystem from another stage"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("COPY"):
            if ins.flag("from") is None or len(ins.values) < 2:
                continue
            *sources, destination = [unquote(v) for v in ins.values]
            if "/" in sources and destination == "/":
                yield finding_at(ctx, ins, ins.args_span or ins.span)
