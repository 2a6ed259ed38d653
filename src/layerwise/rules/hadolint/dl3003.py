"""DL3003: use WORKDIR to switch to a directory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands, finding_at, keyword_like
from layerwise.rules.hadolint.dl4006 import indent_before

if TYPE_CHECKING:
    from layerwise.dockerfile.model import Dockerfile


def workdir_fix(dockerfile: Dockerfile, ins: Instruction) -> Fix | None:
    """`RUN cd /app && make` -> `WORKDIR /app` + `RUN make`, when that is the same thing:
    the `cd` is the RUN's first command, to a static absolute path, followed by `&&` at the top
    level, and it is the only `cd`. Unsafe: later instructions then run in that directory too."""
    script = ins.shell
    if script is None or ins.heredocs or ins.flags:
        return None
    cmds = script.commands
    cds = [c for c in cmds if c.name == "cd"]
    if len(cds) != 1 or len(cmds) < 2 or cmds[0] is not cds[0]:
        return None
    cd, after = cmds[0], cmds[1]
    if len(cd.args) != 1 or not cd.args[0].is_static or not cd.args[0].value.startswith("/"):
        return None
    if cd.in_pipeline or cd.in_subshell or cd.in_condition:
        return None
    if after.operator_before != "&&" or after.in_subshell or after.in_condition:
        return None
    if ins.args_span is None or cd.span.start != ins.args_span.start:
        return None
    directory = cd.args[0].value
    if any(c in directory for c in " \t\"'\\$"):
        return None
    indent = indent_before(dockerfile.text, ins.span.start)
    keyword = keyword_like(dockerfile.text, ins, "WORKDIR")
    edits = (
        Edit.insert(ins.span.start, f"{keyword} {directory}\n{indent}"),
        Edit(cd.span.start, after.span.start, ""),
    )
    return Fix(f"Use WORKDIR {directory}", edits, Applicability.UNSAFE)


class DL3003UseWorkdir(Rule):
    """What it does: flags `cd` inside a RUN.

    Why is this bad: the directory change lasts for that RUN only, which is easy to forget and
    hard to read; WORKDIR states the directory once for the instructions that follow.

    Example:
        RUN cd /usr/src/app && make

    Use instead:
        WORKDIR /usr/src/app
        RUN make
    """

    code = "DL3003"
    severity = Severity.WARNING
    message = "Use WORKDIR to switch to a directory"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            cd = next((c for c in commands(ins.shell) if c.name == "cd"), None)
            if cd is not None:
                yield finding_at(ctx, ins, cd.span, fix=workdir_fix(ctx.dockerfile, ins))
