"""DL3043: ONBUILD, FROM or MAINTAINER triggered from within ONBUILD."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at

FORBIDDEN = ("ONBUILD", "FROM", "MAINTAINER")


class DL3043OnbuildTrigger(Rule):
    """What it does: flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

    Why is this bad: Docker does not allow these triggers; a child image's build fails.

    Example:
        ONBUILD FROM debian:bookworm

    Use instead:
        ONBUILD RUN ./configure
    """

    code = "DL3043"
    severity = Severity.ERROR
    message = "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("ONBUILD"):
            if ins.onbuild is not None and ins.onbuild.keyword in FORBIDDEN:
                yield finding_at(ctx, ins, ins.onbuild.keyword_span)
