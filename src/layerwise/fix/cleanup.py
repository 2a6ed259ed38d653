"""What the cache-cleanup rules (DL3009, DL3032, DL3036, DL3040, DL3060) share: which stages
ship their layers, which RUNs fill a package cache without emptying it, and the fix that
appends the cleanup command to the same RUN (a later RUN cannot shrink an earlier layer).

layerwise is stage-aware and mount-aware where hadolint is not always: a stage whose layers
never reach the final image does not need cleaning, and a cache or tmpfs mount over the cache
directory keeps it out of the layer already.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from layerwise.dockerfile.model import Dockerfile, Instruction
from layerwise.fix.edits import append_command, mounts_cover
from layerwise.rules.base import Applicability, Finding, Fix, Rule, RuleContext

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command


def base_name(command: Command) -> str:
    return command.name.rsplit("/", 1)[-1]


def arg_values(command: Command) -> list[str]:
    return [word.value for word in command.args]


def run_commands(ins: Instruction) -> list[Command]:
    """The commands of a RUN as they really run (`sudo`/`env` wrappers stripped)."""
    from layerwise.rules.hadolint._packages import commands

    return commands(ins.shell)


def named_with_arg(command: Command, names: Collection[str], args: Collection[str]) -> bool:
    """hadolint's cmdHasArgs: the command is one of `names` and one argument is one of `args`."""
    return base_name(command) in names and any(word.value in args for word in command.args)


def removes(command: Command, *prefixes: str) -> bool:
    """`rm` of a path under one of `prefixes` (e.g. `rm -rf /var/lib/apt/lists/*`)."""
    if base_name(command) != "rm":
        return False
    return any(v.startswith(prefixes) for v in arg_values(command) if not v.startswith("-"))


def layer_stages(dockerfile: Dockerfile) -> set[int]:
    """Stages whose layers end up in the final image: the final stage and the stages it is
    built FROM (transitively). A stage only copied from ships files, not its caches."""
    stage = dockerfile.final_stage
    shipped: set[int] = set()
    while stage is not None and stage.index not in shipped:
        shipped.add(stage.index)
        stage = dockerfile.parent_of(stage)
    return shipped


def onbuild_triggers(dockerfile: Dockerfile) -> set[int]:
    """ids of the instructions inside ONBUILD (they run in some child image, which ships)."""
    return {id(ins.onbuild) for ins in dockerfile.instructions if ins.onbuild is not None}


def shipping_runs(ctx: RuleContext) -> Iterator[Instruction]:
    """RUN instructions whose layers reach the final image (ONBUILD triggers included)."""
    key = ("shipping_runs", ctx.rule.onbuild)
    found: tuple[Instruction, ...] | None = ctx.dockerfile.memo.get(key)
    if found is None:  # the cleanup rules all ask
        shipped = layer_stages(ctx.dockerfile)
        triggers = onbuild_triggers(ctx.dockerfile)
        found = ctx.dockerfile.memo[key] = tuple(
            ins for ins in ctx.instructions("RUN") if ins.stage_index in shipped or id(ins) in triggers
        )
    return iter(found)


class CleanupRule(Rule):
    """A package manager leaves a cache in the layer unless the same RUN cleans it."""

    onbuild = True
    fix_applicability = Applicability.SAFE
    cache_targets: ClassVar[tuple[str, ...]] = ()  # a cache/tmpfs mount here makes cleanup moot

    def fills_cache(self, command: Command) -> bool:
        raise NotImplementedError

    def cleans_cache(self, command: Command) -> bool:
        raise NotImplementedError

    def cleanup(self, last_install: Command) -> str:
        """The command to append, e.g. `yum clean all`."""
        raise NotImplementedError

    def fix_title(self, cleanup: str) -> str:
        return f"Append `{cleanup}` to the RUN"

    def can_fix(self, ctx: RuleContext, ins: Instruction, commands: list[Command]) -> bool:
        return True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in shipping_runs(ctx):
            if any(mounts_cover(ins, target) for target in self.cache_targets):
                continue
            commands = run_commands(ins)
            installs = [i for i, c in enumerate(commands) if self.fills_cache(c)]
            if not installs or any(self.cleans_cache(c) for c in commands[installs[-1] + 1 :]):
                continue
            yield ctx.finding(ins, fix=self.fix_for(ctx, ins, commands, commands[installs[-1]]))

    def fix_for(self, ctx: RuleContext, ins: Instruction, commands: list[Command], last: Command) -> Fix | None:
        if not self.can_fix(ctx, ins, commands):
            return None
        cleanup = self.cleanup(last)
        edit = append_command(ctx.dockerfile, ins, cleanup)
        if edit is None:
            return None
        return Fix(self.fix_title(cleanup), (edit,), Applicability.SAFE)
