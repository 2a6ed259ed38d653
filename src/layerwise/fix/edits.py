"""Edits that rules build their fixes from: insert a flag after a word, drop a word, append a
command to a RUN, and the facts they need (cache mounts, line indentation).

Every helper works at exact offsets of the original text and keeps the user's layout: a command
appended to a multi-line RUN goes on its own continuation line with the indentation already used.
"""

from __future__ import annotations

from typing import Protocol

from layerwise.dockerfile.lexing import HEREDOC_WORD
from layerwise.dockerfile.model import Dockerfile, Instruction, Span
from layerwise.fix.script import script_shape
from layerwise.rules.base import Edit

DEFAULT_INDENT = "    "


class Located(Protocol):
    @property
    def span(self) -> Span: ...


def insert_after(word: Located, text: str) -> Edit:
    """Insert ` text` right after `word` (e.g. ` -y` after `install`)."""
    return Edit.insert(word.span.end, f" {text}")


def delete_word(source: str, word: Located, escape: str = "\\") -> Edit:
    """Delete `word` and the blank that separated it; a word alone on its continuation line
    takes the whole line with it, so no empty continuation line is left behind."""
    start, end = word.span.start, word.span.end
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end
    before, after = source[line_start:start], source[end:line_end]
    if not before.strip() and after.strip() == escape and line_end < len(source):
        return Edit(line_start, line_end + 1, "")
    while start > 0 and source[start - 1] in " \t":
        start -= 1
    if start == line_start:  # first on its line: eat the blanks after it instead
        start = word.span.start
        while end < len(source) and source[end] in " \t":
            end += 1
    return Edit(start, end, "")


def line_indent(source: str, offset: int) -> str:
    """The leading blanks of the line holding `offset`."""
    line_start = source.rfind("\n", 0, offset) + 1
    line = source[line_start:offset]
    return line[: len(line) - len(line.lstrip(" \t"))]


def continuation_indent(source: str, ins: Instruction) -> str | None:
    """The indentation of a multi-line instruction's continuation lines (None if one line)."""
    newline = source.find("\n", ins.span.start, ins.span.end)
    if newline == -1:
        return None
    return line_indent(source, _first_non_blank(source, newline + 1, ins.span.end)) or DEFAULT_INDENT


def _first_non_blank(source: str, start: int, end: int) -> int:
    while start < end and source[start] in " \t":
        start += 1
    return start


def append_command(dockerfile: Dockerfile, ins: Instruction, command: str) -> Edit | None:
    """`&& command` after the whole script of a shell-form RUN, so it runs last and only when
    everything before succeeded; None when the script's shape does not allow it."""
    if ins.heredocs:
        return _append_in_heredoc(dockerfile, ins, command)
    shape = script_shape(dockerfile, ins)
    if shape is None or not shape.appendable or shape.statements == 0:
        return None
    indent = continuation_indent(dockerfile.text, ins)
    if indent is None:
        return Edit.insert(shape.end, f" && {command}")
    return Edit.insert(shape.end, f" && {dockerfile.escape}\n{indent}{command}")


def mount_options(value: str) -> dict[str, str]:
    """`type=cache,target=/x,sharing=locked` as a dict (a bare key maps to "true")."""
    options: dict[str, str] = {}
    for part in value.split(","):
        key, _, val = part.partition("=")
        options[key.strip().lower()] = val.strip() if _ else "true"
    return options


def mounts_cover(ins: Instruction, fragment: str) -> bool:
    """A cache or tmpfs mount whose target contains `fragment` (as hadolint matches it) or is a
    parent directory of it: what the cleanup rules ask to delete then never reaches the image."""
    for value in ins.flag_values("mount"):
        options = mount_options(value)
        target = options.get("target") or options.get("dst") or options.get("destination") or ""
        if options.get("type") not in {"cache", "tmpfs"} or not target:
            continue
        if fragment in target or fragment.startswith(target.rstrip("/") + "/"):
            return True
    return False


def _append_in_heredoc(dockerfile: Dockerfile, ins: Instruction, command: str) -> Edit | None:
    """`RUN <<EOF` whose body is the script: `&& command` after its last command chain, on the
    same line, so the script's exit status still fails when that chain fails."""
    args = ins.args_span
    if args is None or not HEREDOC_WORD.match(dockerfile.text[args.start : args.end].strip()):
        return None  # the heredoc is data for a command (`cat <<EOF > file`), not the script
    script = ins.shell
    if script is None or script.has_error or not script.commands:
        return None
    line_end = dockerfile.text.find("\n", script.end)
    rest = dockerfile.text[script.end : line_end if line_end != -1 else len(dockerfile.text)]
    if rest.strip() not in ("", ";"):
        return None  # a comment or a background `&` after the last command
    return Edit.insert(script.end, f" && {command}")
