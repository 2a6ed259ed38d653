"""DL3059: multiple consecutive RUN instructions; consider consolidation."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Instruction
from layerwise.fix.cleanup import layer_stages, run_commands
from layerwise.fix.merge import merge_fix, not_joinable, run_groups
from layerwise.rules.base import Applicability, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint.dl3009 import is_update

UPDATES = ("apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "zypper")


def command_count(ins: Instruction) -> int:
    return len(ins.shell.commands) if ins.shell is not None else 0


def update_only(ins: Instruction) -> bool:
    """A RUN that only refreshes package lists: its layer is stale as soon as it is cached."""
    commands = run_commands(ins)
    return bool(commands) and all(is_update(c) or _refresh(c) for c in commands)


def _refresh(command: object) -> bool:
    name = getattr(command, "name", "").rsplit("/", 1)[-1]
    args = [w.value for w in getattr(command, "args", [])]
    return name in UPDATES and bool(args) and args[0] in ("update", "makecache", "refresh", "ref")


class DL3059ConsolidateRuns(Rule):
    """What it does: flags a RUN that directly follows another RUN with the same flags (comments
    in between do not count) when both run a single command, as hadolint does. A RUN that only
    runs `apt-get update` (or `apk update`, ...) is always flagged with the RUN after it.

    Why is this bad: every RUN adds a layer; files deleted in a later RUN still take space in
    the earlier one. A lone `apt-get update` layer is cached and then reused with a stale
    package list by every later build.

    Example:
        RUN apt-get update
        RUN apt-get install -y --no-install-recommends curl

    Use instead:
        RUN apt-get update && \\
            apt-get install -y --no-install-recommends curl

    The fix joins every run of consecutive compatible RUNs with `&&`, grouping scripts in
    `{ ...; }` or `( ... )` where needed so the merged RUN fails exactly when one of the
    originals would have, and no `cd`/`export`/`set` leaks from one script into the next.
    """

    code = "DL3059"
    severity = Severity.INFO
    message = "Multiple consecutive `RUN` instructions. Consider consolidation."
    fix_applicability = Applicability.SAFE
    differs_from_hadolint = (
        "Only stages whose layers ship are flagged, except that a lone `apt-get update` RUN is "
        "flagged with the RUN after it in any stage and whatever its length."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        dockerfile = ctx.dockerfile
        fixes: dict[int, Fix] | None = None  # planned only when a pair is flagged: merging is costly
        shipped: set[int] | None = None
        previous: Instruction | None = None
        for ins in dockerfile.instructions:
            if ins.keyword != "RUN":
                previous = None
                continue
            if previous is not None:
                if shipped is None:
                    shipped = layer_stages(dockerfile)
                if self.flags(previous, ins, ins.stage_index in shipped):
                    if fixes is None:
                        fixes = group_fixes(dockerfile)
                    yield self.finding(ctx, previous, ins, fixes.get(id(ins)))
                    continue  # as hadolint: the remembered RUN stays the first of the pair
            previous = ins

    @staticmethod
    def flags(previous: Instruction, ins: Instruction, shipped: bool) -> bool:
        if [(f.name, f.value) for f in previous.flags] != [(f.name, f.value) for f in ins.flags]:
            return False
        if update_only(previous):
            return True
        # hadolint's threshold reads "more than 2 commands", but it counts every simple command
        # twice (ShellCheck's getCommand matches the command and its redirect wrapper), so in
        # practice (verified on 2.15.1) only RUNs of a single command are paired.
        return shipped and command_count(previous) <= 1 and command_count(ins) <= 1

    @staticmethod
    def finding(ctx: RuleContext, previous: Instruction, ins: Instruction, fix: Fix | None) -> Finding:
        if fix is not None:
            return ctx.finding(ins, fix=fix)
        reason = not_joinable(ctx.dockerfile, previous, ins) or "not in a mergeable group"
        return ctx.finding(ins, f"{DL3059ConsolidateRuns.message} (not merged automatically: {reason})")


def group_fixes(dockerfile: Dockerfile) -> dict[int, Fix]:
    """For each RUN in a mergeable group (except the first), the fix merging its whole group."""
    fixes: dict[int, Fix] = {}
    for stage in dockerfile.stages:
        for group in run_groups(dockerfile, stage):
            fix = merge_fix(dockerfile, group)
            fixes.update((id(ins), fix) for ins in group[1:])
    return fixes
