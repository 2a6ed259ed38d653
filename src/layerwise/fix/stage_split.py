"""The multi-stage rewrite: make a file in a builder stage and copy only the file into the image.

Pipeline position: a building block of fixes (findings -> **edits**). A RUN of the final stage
downloads or compiles a file with a tool the program does not need at run time (curl, gcc). The
rewrite inserts a builder stage in front of the final one: for a compile, a verbatim copy of the
final stage up to and including that RUN, so it makes the file exactly as before (same base,
WORKDIR, ARG/ENV, COPYs, installs); for a download, a lean one (the stage's ARG/ENV, then one
RUN that installs the tool and fetches). The final stage then loses the tool's packages and the
commands that made the file, and gets `COPY --from=<builder> <file> <file>` right after the RUN.

The rewrite is refused (None) when it could change what the image holds other than the tool:
a later command of the same RUN reads the file (it would not exist yet), the file's path is
relative or unknown, the RUN is not a plain shell-form list, or a non-root USER made the file
(COPY gives root ownership).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from layerwise.dockerfile.model import Dockerfile, Instruction, Span, Stage
from layerwise.dockerfile.shell import Command, Word
from layerwise.fix.commands import CommandList, command_removals, drop_word, instruction_removal
from layerwise.rules.base import Edit
from layerwise.rules.hadolint._packages import PackageInstall, parse_args
from layerwise.rules.hadolint.dl3047 import WGET_VALUE_OPTIONS
from layerwise.rules.layerwise._common import is_root, line_start, package_installs, run_commands, user_of

# curl's options that take a value (so `-sSLo FILE` reads as getopt does); wget's are DL3047's.
_CURL_VALUES = (
    "o", "output", "H", "header", "u", "user", "d", "data", "data-binary", "data-raw", "A", "user-agent",
    "e", "referer", "X", "request", "w", "write-out", "x", "proxy", "C", "continue-at", "m", "max-time",
    "r", "range", "T", "upload-file", "F", "form", "K", "config", "b", "cookie", "c", "cookie-jar",
    "D", "dump-header", "E", "cert", "U", "proxy-user", "Y", "speed-limit", "y", "speed-time",
    "retry", "retry-delay", "retry-max-time", "connect-timeout", "cacert", "capath", "key", "resolve",
    "output-dir", "create-file-mode", "limit-rate", "max-filesize", "netrc-file", "url",
)  # fmt: skip
_OUTPUT_OPTION = {"curl": ("o", "output"), "wget": ("O", "output-document")}
COMPILERS = frozenset({"gcc", "cc", "g++", "c++", "clang", "clang++"})
VERSIONED_COMPILERS = ("gcc-", "g++-", "clang-")  # gcc-12, clang-16, ...


def is_compiler(name: str) -> bool:
    return name in COMPILERS or name.startswith(VERSIONED_COMPILERS)


@dataclass(frozen=True)
class Product:
    """A command that makes one file, and where the file goes (an absolute path)."""

    command: Command
    path: str
    url: str = ""  # for a download


def download_product(command: Command) -> Product | None:
    """`curl -fsSL -o /usr/local/bin/tool URL` or `wget -O /path URL` -> the file it writes."""
    if command.name not in _OUTPUT_OPTION or _nested(command):
        return None
    parsed = parse_args(command.args, _CURL_VALUES if command.name == "curl" else WGET_VALUE_OPTIONS)
    outputs = parsed.values(*_OUTPUT_OPTION[command.name])
    urls = [w for w in parsed.positional if "://" in w.value or w.value.startswith("$")]
    if len(outputs) != 1 or len(urls) != 1 or len(parsed.positional) != 1:
        return None
    return Product(command, outputs[0], urls[0].value) if _absolute(outputs[0]) else None


def compile_product(command: Command, workdir: str | None) -> Product | None:
    """`gcc -O2 -o /usr/local/bin/hello hello.c` -> the file it links (relative to WORKDIR)."""
    name = command.name
    if not is_compiler(name) or _nested(command):
        return None
    outputs = parse_args(command.args, ("o", "I", "L", "D", "l", "x", "include")).values("o")
    if len(outputs) != 1 or "-c" in [w.value for w in command.args]:
        return None
    path = outputs[0]
    if not _absolute(path) and workdir is not None and "$" not in path:
        path = posixpath.normpath(posixpath.join(workdir, path))
    return Product(command, path) if _absolute(path) else None


def _nested(command: Command) -> bool:
    return command.in_pipeline or command.in_subshell or command.in_condition


def _absolute(path: str) -> bool:
    return path.startswith("/") and path != "/"


def is_follower(command: Command, paths: set[str]) -> bool:
    """`chmod +x FILE` on made files only: it moves with them (COPY keeps the mode)."""
    if command.name != "chmod" or _nested(command):
        return False
    targets = [w.value for w in command.args if not w.value.startswith("-")][1:]
    return bool(targets) and set(targets) <= paths


def builder_name(dockerfile: Dockerfile, wanted: str) -> str:
    taken = {stage.name for stage in dockerfile.stages}
    name, number = wanted, 1
    while name in taken:
        number += 1
        name = f"{wanted}-{number}"
    return name


def split_stage(
    dockerfile: Dockerfile,
    stage: Stage,
    run: Instruction,
    products: Sequence[Product],
    packages: Iterable[tuple[Instruction, PackageInstall, Word]],
    builder: str,
    setup: str | None = None,
) -> tuple[Edit, ...] | None:
    """The edits of the rewrite (see the module docstring), or None when it is refused.
    `packages` are the tool's package words in the final stage's installs, to drop there.
    With `setup` (the command that installs the tool), the builder is lean instead of a copy of
    the stage: its ARGs and ENVs, then one RUN of `setup` and the moved commands."""
    packages = list(packages)
    if run.is_json or run.heredocs or run.shell is None or _made_by_non_root(stage, run) or not products:
        return None
    listing = run_commands(run)
    paths = {p.path for p in products}
    moved = {i for i, c in enumerate(listing) if any(c.span == p.command.span for p in products)}
    moved |= {i for i, c in enumerate(listing) if i > min(moved) and is_follower(c, paths)}
    if any(i > min(moved) and i not in moved and _mentions(c, paths) for i, c in enumerate(listing)):
        return None  # a later command of the RUN reads the file: it would not exist yet
    doomed: dict[int, set[int]] = {id(run): set(moved)}
    edits: list[Edit] = []
    runs: dict[int, Instruction] = {id(run): run}
    dropped = {word.span for _, _, word in packages}
    for ins, install, word in packages:
        runs[id(ins)] = ins
        if all(w.span in dropped for w in install.packages):
            doomed.setdefault(id(ins), set()).add(_index_of(ins, install.command))
        else:
            edits.append(drop_word(dockerfile.text, install.command.words, word, dockerfile.escape))
    for key, ins in runs.items():
        doomed_here = doomed.get(key, set()) | _orphan_updates(ins, doomed.get(key, set()))
        removal = _remove_commands(dockerfile, ins, doomed_here, run, products, builder)
        if removal is None:
            return None
        edits.extend(removal)
    if setup is None:
        text = builder_text(dockerfile, stage, run, builder)
    else:
        needed = sorted(moved | _parent_dirs_made(listing, min(moved), paths))
        text = lean_builder_text(dockerfile, stage, run, builder, [setup, *(listing[i].span for i in needed)])
    edits.append(Edit.insert(line_start(dockerfile.text, stage.from_instruction.span.start), text))
    return tuple(edits)


def builder_text(dockerfile: Dockerfile, stage: Stage, run: Instruction, builder: str) -> str:
    """The final stage's text through `run`, its FROM renamed `AS builder`."""
    return (
        f"{_from_line(dockerfile, stage, builder)}{dockerfile.text[stage.from_instruction.span.end : run.span.end]}\n\n"
    )


def lean_builder_text(
    dockerfile: Dockerfile, stage: Stage, run: Instruction, builder: str, commands: Sequence[str | Span]
) -> str:
    """FROM, the stage's ARG and ENV instructions before `run`, and one RUN of `commands`
    (text, or the span of a command to copy as written), joined as a multi-line `&&` list."""
    text = dockerfile.text
    lines = [_from_line(dockerfile, stage, builder)]
    before = stage.instructions[1 : stage.instructions.index(run)]
    lines += [ins.source for ins in before if ins.keyword in ("ARG", "ENV")]
    joint = f" && {dockerfile.escape}\n    "
    script = joint.join(c if isinstance(c, str) else text[c.start : c.end] for c in commands)
    return "\n".join([*lines, f"RUN {script}"]) + "\n\n"


def _from_line(dockerfile: Dockerfile, stage: Stage, builder: str) -> str:
    source = stage.from_instruction
    image_end = source.arguments[0].span.end if source.arguments else source.span.end
    return f"{dockerfile.text[source.span.start : image_end]} AS {builder}"


def copy_lines(products: Sequence[Product], builder: str) -> str:
    return "\n".join(f"COPY --from={builder} {p.path} {p.path}" for p in products)


def _remove_commands(
    dockerfile: Dockerfile,
    ins: Instruction,
    doomed: set[int],
    run: Instruction,
    products: Sequence[Product],
    builder: str,
) -> list[Edit] | None:
    text = dockerfile.text
    if ins is not run and (ins.is_json or ins.heredocs or ins.shell is None):
        return None
    edits: list[Edit] = []
    # The edits at the RUN's end take its line break too: a command another fix appends to the
    # RUN (an insert at its end) then lands before the COPY, or conflicts and waits a round.
    newline = 1 if text.startswith("\n", run.span.end) else 0
    if doomed:
        removals, empty = command_removals(ins, CommandList(text, ins.shell.commands), doomed)  # type: ignore[union-attr]
        if empty and ins is run:
            copies = copy_lines(products, builder) + "\n" * newline
            return [Edit(run.span.start, run.span.end + newline, copies)]
        edits = [instruction_removal(text, ins)] if empty else removals
    if ins is run:
        edits.append(Edit(run.span.end, run.span.end + newline, "\n" + copy_lines(products, builder) + "\n" * newline))
    return edits


def _orphan_updates(ins: Instruction, doomed: set[int]) -> set[int]:
    """`apt-get update`/`apk update` left without any install in its RUN by the rewrite."""
    listing = run_commands(ins)
    installs = [_index_of(ins, i.command) for i in package_installs(ins)]
    if not set(installs) & doomed or set(installs) - doomed:
        return set()
    return {i for i, c in enumerate(listing) if c.name in ("apt-get", "apt", "apk") and _first_word(c) == "update"}


def _first_word(command: Command) -> str | None:
    positional = [w.value for w in command.args if not w.value.startswith("-")]
    return positional[0] if positional else None


def _index_of(ins: Instruction, command: Command) -> int:
    return next(i for i, c in enumerate(run_commands(ins)) if c.span == command.span)


def _parent_dirs_made(listing: Sequence[Command], before: int, paths: set[str]) -> set[int]:
    """`mkdir -p /opt/tool` ahead of `curl -o /opt/tool/x`: the lean builder needs it too."""
    parents = {posixpath.dirname(p) for p in paths}

    def makes_a_parent(command: Command) -> bool:
        targets = [w.value.rstrip("/") for w in command.args if not w.value.startswith("-")]
        return any(parent == t or parent.startswith(t + "/") for parent in parents for t in targets)

    return {i for i, c in enumerate(listing[:before]) if c.name == "mkdir" and not _nested(c) and makes_a_parent(c)}


def _mentions(command: Command, paths: set[str]) -> bool:
    return any(path in word.value for word in command.words for path in paths)


def _made_by_non_root(stage: Stage, run: Instruction) -> bool:
    users = [i for i in stage.instructions[: stage.instructions.index(run)] if i.keyword == "USER"]
    return bool(users) and not is_root(user_of(users[-1]))
