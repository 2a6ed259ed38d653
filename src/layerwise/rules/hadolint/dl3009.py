"""DL3009: delete the apt lists after installing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Instruction
from layerwise.fix.cleanup import CleanupRule, base_name, named_with_arg, removes, run_commands
from layerwise.rules.base import RuleContext, Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

APT = ("apt-get", "apt", "aptitude")
LISTS = "/var/lib/apt/lists"
CLEANUP = "rm -rf /var/lib/apt/lists/*"


def is_update(command: Command) -> bool:
    return named_with_arg(command, APT, ["update"])


def reads_lists(command: Command) -> bool:
    """An apt command that needs the package lists (anything but update/clean/remove)."""
    name = base_name(command)
    if name == "apt-cache":
        return True
    if name not in APT:
        return False
    quiet = {"update", "clean", "autoclean", "remove", "purge", "autoremove"}
    return not any(w.value in quiet for w in command.args)


class DL3009DeleteAptLists(CleanupRule):
    """What it does: flags a RUN that runs `apt-get update` in a shipped stage without removing
    `/var/lib/apt/lists/*` in the same RUN.

    Why is this bad: the package lists (tens of MB) stay in the layer forever; removing them in a
    later RUN does not shrink the image. A cache or tmpfs mount over the lists is fine.

    Example:
        RUN apt-get update && apt-get install -y --no-install-recommends curl

    Use instead:
        RUN apt-get update && apt-get install -y --no-install-recommends curl \\
            && rm -rf /var/lib/apt/lists/*
    """

    code = "DL3009"
    severity = Severity.INFO
    message = "Delete the apt lists (/var/lib/apt/lists) after installing something"
    cache_targets = (LISTS,)
    differs_from_hadolint = (
        "`apt-get dist-clean` counts as cleanup, a cache/tmpfs mount of /var/lib/apt suppresses it, "
        "and stages only copied from are not flagged."
    )

    def fills_cache(self, command: Command) -> bool:
        return is_update(command)

    def cleans_cache(self, command: Command) -> bool:
        return removes(command, LISTS) or named_with_arg(command, APT, ["dist-clean", "distclean"])

    def cleanup(self, last_install: Command) -> str:
        return CLEANUP

    def can_fix(self, ctx: RuleContext, ins: Instruction, commands: list[Command]) -> bool:
        """Only when the lists are not needed any more: something ran after the last update in
        this RUN (a lone update is for a later RUN), and no later RUN of the stage (or of a stage
        built on it) reads them without updating first."""
        last_update = max(i for i, c in enumerate(commands) if is_update(c))
        return last_update < len(commands) - 1 and not later_runs_read_lists(ctx, ins)


def later_runs_read_lists(ctx: RuleContext, ins: Instruction) -> bool:
    dockerfile = ctx.dockerfile
    stages = {ins.stage_index}
    for stage in dockerfile.stages:
        parent = dockerfile.stage_by_name(stage.base)
        if parent is not None and parent.index in stages:
            stages.add(stage.index)
    after = False
    for other in dockerfile.instructions:
        if other is ins or other.onbuild is ins:
            after = True
            continue
        if not after or other.keyword != "RUN" or other.stage_index not in stages:
            continue
        commands = run_commands(other)
        first_update = next((i for i, c in enumerate(commands) if is_update(c)), len(commands))
        if any(reads_lists(c) for c in commands[:first_update]):
            return True
    return False
