"""DL4001: either use wget or curl, but not both."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands, finding_at

TOOLS = ("curl", "wget")


class DL4001WgetOrCurl(Rule):
    """What it does: flags a RUN that uses curl or wget when the stage uses the other one too.

    Why is this bad: both tools do the same job; installing and keeping both in an image wastes
    space and doubles what needs updating.

    Example:
        RUN wget https://example.com/a.tgz
        RUN curl -fsSLO https://example.com/b.tgz

    Use instead:
        RUN curl -fsSLO https://example.com/a.tgz
        RUN curl -fsSLO https://example.com/b.tgz
    """

    code = "DL4001"
    severity = Severity.WARNING
    message = "Either use Wget or Curl but not both"
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            # ONBUILD triggers run in another image: they are counted apart, as hadolint does.
            direct = [i for i in stage.instructions if i.keyword == "RUN"]
            triggers = [i.onbuild for i in stage.instructions if i.onbuild and i.onbuild.keyword == "RUN"]
            yield from self._check_runs(ctx, direct)
            yield from self._check_runs(ctx, [t for t in triggers if t is not None])

    def _check_runs(self, ctx: RuleContext, runs: list[Instruction]) -> Iterable[Finding]:
        seen: set[str] = set()
        for ins in runs:
            used = [c for c in commands(ins.shell) if c.name in TOOLS]
            seen.update(c.name for c in used)
            if used and len(seen) == len(TOOLS):
                yield finding_at(ctx, ins, used[0].span)
