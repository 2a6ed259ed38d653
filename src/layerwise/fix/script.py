"""The top-level shape of a RUN's shell script, with offsets into the Dockerfile text.

Fixes that append a command (`&& rm -rf ...`) or join two RUNs need facts the command list does
not give: where the last statement ends (before a trailing `;`), whether the script has a
top-level `;`/`||`/`&`, a comment that would swallow appended text, or builtins whose effect
(`cd`, `export`, `set -e`, `exit`) would leak into a command joined after it.

The script is parsed as the shell sees it after BuildKit joined the lines: continuations,
comment lines and empty lines inside the instruction are blanked to spaces of the same length,
so tree-sitter offsets map one to one back to the Dockerfile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import tree_sitter_bash
from tree_sitter import Language, Node, Parser

from layerwise.dockerfile.model import Dockerfile, Instruction

_BASH = Language(tree_sitter_bash.language())

# Builtins whose effect outlives the command: joined to a later script they would change it.
STATE_BUILTINS = frozenset(
    {
        "cd", "pushd", "popd", "export", "set", "source", ".", "umask", "unset", "alias",
        "unalias", "shopt", "trap", "exec", "exit", "return", "ulimit", "eval", "declare",
        "typeset", "readonly", "local", "hash", "enable", "shift", "read", "getopts",
    }
)  # fmt: skip
_STATE_NODES = frozenset({"declaration_command", "unset_command", "function_definition", "variable_assignments"})
_ISOLATED = frozenset({"subshell", "command_substitution", "process_substitution"})
_ByteToChar = Callable[[int], int]


@dataclass(frozen=True)
class ScriptShape:
    start: int  # offset of the first statement
    end: int  # offset just past the last statement (a trailing `;` or `&` excluded)
    statements: int  # top-level statements (separated by `;`, `&` or newlines)
    has_or: bool  # a top-level `||`
    background: bool  # a top-level statement sent to the background with `&`
    comment: bool  # the shell sees a comment, which would swallow anything appended
    error: bool  # tree-sitter could not parse it
    changes_state: bool  # cd/export/set/exit/... outside a subshell
    sets_errexit: bool  # `set -e` / `set -o errexit`
    and_only: bool  # one simple command or pipeline, or an `&&` chain of them

    @property
    def appendable(self) -> bool:
        """`&& more` can follow the script and run after all of it."""
        return not (self.comment or self.error or self.background)

    @property
    def needs_group_on_right(self) -> bool:
        """After `x && `, only the first statement would be guarded: wrap in `{ ...; }`."""
        return self.statements > 1 or self.has_or


def shell_view(text: str, escape: str = "\\") -> str:
    """`text` as the shell sees it, one line of the same length: continuations, comment lines
    and empty lines inside the instruction become spaces."""
    out: list[str] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        stripped = line.strip()
        if index > 0 and (not stripped or stripped.startswith("#")) and not last:
            out.append(" " * (len(line) + 1))
            continue
        body = line.rstrip(" \t\r")
        if not last and body.endswith(escape):
            out.append(body[:-1] + " " * (len(line) - len(body) + 2))
        else:
            out.append(line.replace("\r", " ") + ("" if last else " "))
    return "".join(out)


def script_shape(dockerfile: Dockerfile, ins: Instruction) -> ScriptShape | None:
    """The shape of a shell-form RUN without heredocs; None for anything else."""
    if ins.keyword != "RUN" or ins.is_json or ins.heredocs or ins.args_span is None:
        return None
    span = ins.args_span
    return shape_of(dockerfile.text[span.start : span.end], span.start, dockerfile.escape)


@lru_cache(maxsize=4096)
def shape_of(text: str, base: int = 0, escape: str = "\\") -> ScriptShape:
    """The shape of the script `text` (a RUN's arguments) that starts at offset `base`."""
    view = shell_view(text, escape)
    data = view.encode()
    root = Parser(_BASH).parse(data).root_node
    to_char = _char_offsets(view, data)
    statements = [c for c in root.children if c.is_named and c.type != "comment"]
    separators = [c for c in root.children if not c.is_named]
    if statements:
        start, end = to_char(statements[0].start_byte), to_char(statements[-1].end_byte)
    else:
        start = end = len(view.rstrip())
    return ScriptShape(
        start=base + start,
        end=base + end,
        statements=len(statements),
        has_or=any(_list_has_or(s) for s in statements),
        background=any(s.type == "&" for s in separators),
        comment=_has_type(root, "comment"),
        error=root.has_error,
        changes_state=any(_changes_state(s) for s in statements),
        sets_errexit=any(_sets_errexit(s) for s in statements),
        and_only=len(statements) == 1 and _and_only(statements[0]),
    )


def _char_offsets(view: str, data: bytes) -> _ByteToChar:
    if len(data) == len(view):
        return lambda offset: offset
    table: list[int] = []
    for index, char in enumerate(view):
        table.extend([index] * len(char.encode()))
    table.append(len(view))
    return lambda offset: table[offset]


def _has_type(node: Node, kind: str) -> bool:
    return node.type == kind or any(_has_type(c, kind) for c in node.children)


def _list_has_or(node: Node) -> bool:
    if node.type != "list":
        return False
    return any(c.type == "||" or _list_has_or(c) for c in node.children)


def _command_name(node: Node) -> str | None:
    name = node.child_by_field_name("name") if node.type == "command" else None
    return name.text.decode() if name is not None and name.text is not None else None


def _changes_state(node: Node) -> bool:
    if node.type in _ISOLATED:
        return False
    bare_assignment = node.type == "variable_assignment" and node.parent is not None and (node.parent.type != "command")
    if node.type in _STATE_NODES or bare_assignment:
        return True
    if _command_name(node) in STATE_BUILTINS:
        return True
    return any(_changes_state(c) for c in node.children)


def _sets_errexit(node: Node) -> bool:
    if node.type in _ISOLATED:
        return False
    if _command_name(node) == "set":
        words = [c.text.decode() for c in node.children[1:] if c.text is not None]
        short = any(w.startswith("-") and not w.startswith("--") and "e" in w for w in words)
        return short or "errexit" in words
    return any(_sets_errexit(c) for c in node.children)


def _and_only(node: Node) -> bool:
    if node.type == "list":
        return all(c.type == "&&" or _and_only(c) for c in node.children if c.type != "comment")
    if node.type == "pipeline":
        return all(c.type == "|" or c.type == "|&" or _and_only(c) for c in node.children)
    if node.type == "redirected_statement":
        body = node.child_by_field_name("body")
        return body is not None and body.type == "command"
    return node.type in {"command", "negated_command"}
