"""LW003: a cleanup in a later layer than the files it removes shrinks nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.fix.script import script_shape
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import parse_args
from layerwise.rules.layerwise._common import (
    append_to_run,
    final_chain,
    line_start,
    previous_instruction,
    run_commands,
    shell_runs,
)

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command


@dataclass(frozen=True)
class CacheKind:
    """Files one tool leaves behind: where they are, what cleans them, which commands make them."""

    name: str
    paths: tuple[str, ...]
    clean: tuple[tuple[str, ...], ...]  # commands (name + first words) that clean it
    creators: tuple[tuple[str, ...], ...]  # commands (name + first positional) that fill it


KINDS = (
    CacheKind("apt lists", ("/var/lib/apt/lists",), (), (("apt-get", "update"), ("apt", "update"),
                                                           ("add-apt-repository",))),
    CacheKind("apt cache", ("/var/cache/apt",), (("apt-get", "clean"), ("apt", "clean"), ("apt-get", "autoclean")),
              (("apt-get",), ("apt",), ("dpkg",))),
    CacheKind("apk cache", ("/var/cache/apk",), (("apk", "cache"),), (("apk",),)),
    CacheKind("yum cache", ("/var/cache/yum",), (("yum", "clean"),), (("yum",),)),
    CacheKind("dnf cache", ("/var/cache/dnf",), (("dnf", "clean"), ("microdnf", "clean")),
              (("dnf",), ("microdnf",))),
    CacheKind("zypper cache", ("/var/cache/zypp",), (("zypper", "clean"), ("zypper", "cc")), (("zypper",),)),
    CacheKind("pip cache", ("/root/.cache", "~/.cache", "$HOME/.cache"), (("pip", "cache"), ("pip3", "cache")),
              (("pip",), ("pip3",), ("python",), ("python3",), ("poetry",), ("uv",), ("pipenv",))),
    CacheKind("npm cache", ("/root/.npm", "~/.npm", "$HOME/.npm"), (("npm", "cache"),), (("npm",), ("npx",))),
    CacheKind("yarn cache", ("/usr/local/share/.cache/yarn",), (("yarn", "cache"),), (("yarn",),)),
)  # fmt: skip
TEMP_PATHS = ("/tmp/", "/var/tmp/")


# command name -> (kind, cleaning command) in the order of KINDS: most commands clean nothing
_CLEANERS: dict[str, list[tuple[CacheKind, tuple[str, ...]]]] = {}
for _kind in KINDS:
    for _clean in _kind.clean:
        _CLEANERS.setdefault(_clean[0], []).append((_kind, _clean))


def cleanup_kinds(command: Command) -> list[CacheKind | str]:
    """The caches a command cleans (`CacheKind`s, "temporary files" for /tmp); empty when it is
    not a cleanup. An `rm` counts only when every path it removes is a cache."""
    cleaners = _CLEANERS.get(command.name)
    if cleaners is not None:
        key = (command.name, *(w.value for w in command.args))
        for kind, clean in cleaners:
            if key[: len(clean)] == clean:
                return [kind]
    if command.name != "rm":
        return []
    paths = [p.value for p in parse_args(command.args).positional]
    kinds = [_path_kind(p) for p in paths]
    if not kinds or None in kinds:
        return []
    return list(dict.fromkeys(k for k in kinds if k is not None))


def _path_kind(path: str) -> CacheKind | str | None:
    kind = next((k for k in KINDS if path.startswith(k.paths)), None)
    if kind is not None:
        return kind
    return "temporary files" if path.startswith(TEMP_PATHS) else None


def runs_script(command: Command) -> bool:
    """A script or program layerwise cannot read (`bash setup.sh`, `./install`): it may make anything."""
    if command.name in ("sh", "bash", "dash", "ash", "zsh"):
        return any(not w.value.startswith("-") for w in command.args[:1])
    return "/" in command.name or command.name.endswith(".sh")


def creates(command: Command, kind: CacheKind | str) -> bool:
    if runs_script(command):
        return True
    if isinstance(kind, str):
        return not cleanup_kinds(command)  # anything else may write temporary files
    positional = [w.value for w in parse_args(command.args).positional]
    key = tuple([command.name, *positional])
    return any(key[: len(c)] == c for c in kind.creators)


class LW003CleanupInLaterLayer(Rule):
    """What it does:
    Flags a cleanup (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, `rm -rf /root/.cache`,
    `rm -rf /tmp/*`, ...) in a RUN that did not create those files.

    Why is this bad:
    Each RUN is a layer, and a layer can only hide files of the layers below, never shrink them:
    the files still ship, and the cleanup adds a layer of whiteouts. The seed chapter's lesson
    is that removing the apt lists only pays in the RUN that downloaded them.

    Example:
        RUN apt-get update && apt-get install -y --no-install-recommends curl
        RUN rm -rf /var/lib/apt/lists/*

    Use instead:
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*

    The fix (safe) moves a RUN that only cleans up into the end of the RUN just before it, when
    that RUN made the files; otherwise the finding says where the cleanup belongs.
    """

    code = "LW003"
    severity = Severity.WARNING
    message = "This cleanup runs in a later layer than the files it removes and shrinks nothing"
    fix_applicability = Applicability.SAFE
    differs_from_hadolint = (
        "DL3009 flags the RUN that lacks the cleanup; LW003 flags the cleanup itself when it runs in a later "
        "layer (also for apt-get clean, pip, npm, apk caches and /tmp) and moves it"
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in final_chain(ctx.dockerfile):
            for ins in shell_runs([stage]):
                yield from self._check_run(ctx, stage, ins)

    def _check_run(self, ctx: RuleContext, stage: Stage, ins: Instruction) -> Iterator[Finding]:
        commands = run_commands(ins)
        cleanups = [(c, kinds) for c in commands if (kinds := cleanup_kinds(c))]
        late = [
            (c, [k for k in kinds if not any(creates(other, k) for other in commands if other is not c)])
            for c, kinds in cleanups
        ]
        late = [(c, kinds) for c, kinds in late if kinds]
        fix = _move_fix(ctx.dockerfile, stage, ins) if late and len(cleanups) == len(commands) else None
        for index, (command, kinds) in enumerate(late):
            what = " and ".join(k if isinstance(k, str) else f"the {k.name}" for k in kinds)
            message = f"This RUN removes {what} made in an earlier layer, which shrinks nothing"
            yield ctx.finding(
                command.span, f"{message}: clean up in the RUN that makes them", fix if index == 0 else None
            )


def _move_fix(dockerfile: Dockerfile, stage: Stage, ins: Instruction) -> Fix | None:
    """Move a cleanup-only RUN to the end of the RUN just before it, if that one made the files."""
    previous = previous_instruction(stage, ins)
    shape = script_shape(dockerfile, ins)
    if previous is None or previous.keyword != "RUN" or ins.flags or shape is None or shape.statements != 1:
        return None
    commands = run_commands(ins)
    made_before = run_commands(previous) if previous.shell is not None else []
    kinds = [k for c in commands for k in cleanup_kinds(c)]
    if not any(creates(c, k) for c in made_before for k in kinds):
        return None
    if any(c.in_pipeline or c.in_subshell or c.in_condition for c in commands):
        return None
    append = append_to_run(dockerfile, previous, dockerfile.text[shape.start : shape.end])
    if append is None:
        return None
    text = dockerfile.text
    end = ins.span.end + 1 if text[ins.span.end : ins.span.end + 1] == "\n" else ins.span.end
    remove = Edit(line_start(text, ins.span.start), end, "")
    return Fix("Move the cleanup into the RUN that makes the files", (append, remove), Applicability.SAFE)
