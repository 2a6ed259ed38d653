"""Joining consecutive RUN instructions into one layer (DL3059's fix), keeping behaviour.

Each original RUN ran as its own `/bin/sh -c SCRIPT`: it failed when its script's status was
non-zero, and nothing it did to the shell (cwd, variables, `set` options) reached the next.
The merged RUN keeps both properties:

- scripts are chained with `&&`, so a later one runs only when the earlier ones succeeded, and
  the merged RUN fails with the status of the first that failed;
- a script after `&&` with a top-level `;`, `||` or several statements is grouped in
  `{ ...; }`, or only its first statement would be guarded;
- a script that changes shell state (`cd`, `export`, `set`, `exit`, ...) and is followed by
  another runs in a subshell `( ... )` so the change does not leak;
- `set -e` (in the script or the stage's SHELL) is ignored on the left of `&&`; so a script
  that turns it on can only be the last of a group, and under an errexit SHELL the earlier
  scripts must be plain `&&` chains, for which errexit changes nothing.

Exec-form and heredoc RUNs, different flags, a comment the shell sees, a trailing `&`, or a
pragma comment between the RUNs stop a group. Comment lines between RUNs are kept inside the
continuation, where BuildKit drops them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.fix.edits import DEFAULT_INDENT, continuation_indent
from layerwise.fix.script import ScriptShape, script_shape
from layerwise.rules.base import Applicability, Edit, Fix

POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh", "busybox"})
PRAGMA = re.compile(r"^\s*#\s*(hadolint|layerwise|tally|check\s*=)", re.IGNORECASE)
MERGE_TITLE = "Merge consecutive RUN instructions into one"


@dataclass(frozen=True)
class StageShell:
    posix: bool  # a POSIX-style shell where `&&`, `{ }` and `( )` mean what we rely on
    errexit: bool  # `-e` or `-o errexit` in the SHELL


def stage_shell(dockerfile: Dockerfile, ins: Instruction) -> StageShell:
    """The SHELL in force at `ins` (following the stage's FROM parents); default /bin/sh -c."""
    stage = _stage_of(dockerfile, ins)
    seen: set[int] = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        shells = [i for i in stage.instructions if i.keyword == "SHELL" and i.span.start < ins.span.start]
        if shells:
            return _shell_facts(shells[-1].values)
        stage = dockerfile.stage_by_name(stage.base)
    return StageShell(posix=True, errexit=False)


def _stage_of(dockerfile: Dockerfile, ins: Instruction) -> Stage | None:
    return next((s for s in dockerfile.stages if s.index == ins.stage_index), None)


def _shell_facts(values: list[str]) -> StageShell:
    if not values:
        return StageShell(posix=False, errexit=False)
    posix = values[0].rsplit("/", 1)[-1] in POSIX_SHELLS
    options = values[1:]
    short_e = any(o.startswith("-") and not o.startswith("--") and "e" in o for o in options)
    return StageShell(posix=posix, errexit=short_e or "errexit" in options)


def not_mergeable_alone(dockerfile: Dockerfile, ins: Instruction) -> str | None:
    """Why `ins` cannot be part of a merge at all (None when it can)."""
    if ins.is_json:
        return "exec form"
    if ins.heredocs:
        return "heredoc"
    if not stage_shell(dockerfile, ins).posix:
        return "not a POSIX shell"
    shape = script_shape(dockerfile, ins)
    if shape is None or shape.statements == 0:
        return "empty script"
    if shape.error:
        return "script does not parse"
    if shape.comment:
        return "the shell sees a comment"
    if shape.background:
        return "a command runs in the background"
    return None


def not_joinable(dockerfile: Dockerfile, first: Instruction, second: Instruction) -> str | None:
    """Why `second` cannot follow `first` in one RUN (None when it can)."""
    for ins in (first, second):
        reason = not_mergeable_alone(dockerfile, ins)
        if reason is not None:
            return reason
    if [(f.name, f.value) for f in first.flags] != [(f.name, f.value) for f in second.flags]:
        return "different flags"
    between = dockerfile.text[first.span.end : second.span.start]
    if any(PRAGMA.match(line) for line in between.splitlines()):
        return "a pragma comment between them"
    shape = script_shape(dockerfile, first)
    assert shape is not None
    if shape.sets_errexit:
        return "the first turns on `set -e`"
    if stage_shell(dockerfile, first).errexit and not shape.and_only:
        return "SHELL has -e and the first is more than an && chain"
    return None


def run_groups(dockerfile: Dockerfile, stage: Stage) -> Iterator[list[Instruction]]:
    """Maximal runs of consecutive RUNs of `stage` that can be merged (two or more)."""
    group: list[Instruction] = []
    previous: Instruction | None = None
    for ins in stage.instructions:
        if ins.keyword == "RUN" and previous is not None and not_joinable(dockerfile, previous, ins) is None:
            group.append(ins)
        else:
            if len(group) > 1:
                yield group
            group = [ins] if ins.keyword == "RUN" else []
        previous = ins if ins.keyword == "RUN" else None
    if len(group) > 1:
        yield group


def merge_fix(dockerfile: Dockerfile, group: list[Instruction]) -> Fix:
    """One safe fix joining the scripts of `group` (consecutive, joinable RUNs)."""
    text, escape = dockerfile.text, dockerfile.escape
    shapes = [script_shape(dockerfile, ins) for ins in group]
    assert all(s is not None for s in shapes)
    shaped: list[ScriptShape] = [s for s in shapes if s is not None]
    indent = next((i for i in (continuation_indent(text, ins) for ins in group) if i is not None), DEFAULT_INDENT)
    edits: list[Edit] = []
    last = len(group) - 1
    for index, shape in enumerate(shaped):
        subshell = index < last and shape.changes_state
        braces = index > 0 and not subshell and shape.needs_group_on_right
        opening = "( " if subshell else "{ " if braces else ""
        closing = " )" if subshell else "; }" if braces else ""
        if index == 0 and opening:
            edits.append(Edit.insert(shape.start, opening))
        if index == last:
            if closing:
                edits.append(Edit.insert(shape.end, closing))
            continue
        following = shaped[index + 1]
        next_subshell = index + 1 < last and following.changes_state
        next_braces = not next_subshell and following.needs_group_on_right
        next_opening = "( " if next_subshell else "{ " if next_braces else ""
        comments = _comment_lines(text[shape.end : following.start], indent)
        joint = f"{closing} && {escape}\n{comments}{indent}{next_opening}"
        edits.append(Edit(shape.end, following.start, joint))
    return Fix(MERGE_TITLE, tuple(edits), Applicability.SAFE)


def _comment_lines(between: str, indent: str) -> str:
    """The comment lines between two RUNs, re-indented to sit inside the continuation."""
    lines = [line.strip() for line in between.splitlines() if line.strip().startswith("#")]
    return "".join(f"{indent}{line}\n" for line in lines)
