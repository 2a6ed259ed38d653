"""The shell inside a RUN: simple commands and words, parsed with tree-sitter-bash.

Offsets map straight back to the Dockerfile: the script text is the instruction's own text
with only same-length edits (comment and empty lines that BuildKit drops inside a
continuation become spaces, a backtick or spaced continuation becomes `\\` + newline), so
position i of the script is offset `ShellScript.offset + i` of the Dockerfile.

`RUN <<EOF` (the heredoc alone) runs its body as the script; any other heredoc is handed to
the shell with the command line, as BuildKit does, so the script spans line and bodies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import tree_sitter
import tree_sitter_bash

from layerwise.dockerfile.lexing import HEREDOC_WORD
from layerwise.dockerfile.model import Instruction, Span
from layerwise.dockerfile.scanner import continuation_regex

OPERATORS = {"&&", "||", ";", "|", "&", "|&", ";;", "&;"}
_SHELLS = {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"}
_REDIRECTS = {"file_redirect", "heredoc_redirect", "herestring_redirect"}
_NOT_TRAVERSED = {"command_substitution", "process_substitution", "heredoc_body", "comment"}
_CONDITION_STARTS = {"if", "elif", "while", "until"}
_CONDITION_ENDS = {"then", "do", "do_group"}
_DOUBLE_QUOTE_ESCAPES = re.compile(r'\\([$`"\\\n])')
_WORD_ESCAPES = re.compile(r"\\(.)", re.DOTALL)

# Wrappers that run another command: name -> options that take a value.
WRAPPERS: dict[str, set[str]] = {
    "sudo": {"-u", "-g", "-p", "-C", "-h", "-U", "-r", "-t", "-T", "-D", "--user", "--group"},
    "env": {"-u", "-C", "-S", "--unset", "--chdir"},
    "nice": {"-n", "--adjustment"},
    "ionice": {"-c", "-n", "-p", "-P", "-u"},
    "nohup": set(),
    "time": {"-f", "-o"},
    "command": set(),
    "exec": {"-a"},
    "stdbuf": {"-i", "-o", "-e"},
    "eatmydata": set(),
    "chronic": set(),
    "timeout": {"-s", "-k", "--signal", "--kill-after"},
}


class Word:
    """One shell word. `value`: the literal after quote removal (for words with expansions: the
    text without quotes); `is_static`: no expansion or substitution, `value` is exactly what the
    command gets. Its `text` (as written, quotes included) and `span` are worked out when first
    asked for: a script has many words and rules locate few of them."""

    __slots__ = ("_end_byte", "_positions", "_span", "_start_byte", "is_static", "value")

    def __init__(self, value: str, is_static: bool, positions: _Positions, start_byte: int, end_byte: int) -> None:
        self.value = value
        self.is_static = is_static
        self._positions = positions
        self._start_byte = start_byte
        self._end_byte = end_byte
        self._span: Span | None = None

    @property
    def text(self) -> str:
        return self._positions.original(self._start_byte, self._end_byte)

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = self._positions.span(self._start_byte, self._end_byte)
        return self._span

    def __repr__(self) -> str:
        return f"Word({self.text!r}, value={self.value!r})"


@dataclass
class Command:
    """One simple command, e.g. `apt-get install -y curl`."""

    name: str  # the command word's value as written, e.g. "sudo" (see effective())
    words: list[Word]  # the name first, then the arguments (prefix assignments excluded)
    span: Span
    operator_before: str | None  # "&&", "||", ";" (a newline too), "|", "&"; None for the first
    in_pipeline: bool = False
    in_subshell: bool = False
    in_condition: bool = False  # in an if/while test, negated, or on either side of `||`
    assignments: list[Word] = field(default_factory=list)  # leading `VAR=value` words
    # effective(), once: a command does not change after the script is built, and rules ask often
    _effective: Command | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def args(self) -> list[Word]:
        return self.words[1:]

    def effective(self) -> Command:
        """The command a wrapper runs: `sudo -u x env A=1 apt-get ...` -> the apt-get command."""
        if self._effective is None:
            self._effective = self._unwrapped()
        return self._effective

    def _unwrapped(self) -> Command:
        command = self
        while command.name in WRAPPERS:
            index = _wrapped_index(command.name, command.words)
            if index is None:
                return command
            command = replace(command, name=command.words[index].value, words=command.words[index:])
        return command

    def flags(self) -> list[str]:
        """Arguments that start with `-`, up to a `--` that ends the options."""
        found: list[str] = []
        for word in self.args:
            if word.value == "--":
                break
            if word.value.startswith("-") and word.value != "-":
                found.append(word.value)
        return found

    def has_flag(self, *names: str) -> bool:
        """`has_flag("-y", "--yes")`; `-qy` contains `-y`; `--opt=value` matches `--opt`."""
        wanted = set(names)
        for flag in self.flags():
            if flag.startswith("--"):
                if flag.split("=", 1)[0] in wanted:
                    return True
            elif flag in wanted or any(f"-{letter}" in wanted for letter in flag[1:]):
                return True
        return False

    def positional(self, skip_values_of: set[str] | frozenset[str] = frozenset()) -> list[Word]:
        """Arguments that are not flags; `skip_values_of` names flags whose value is the next word."""
        found: list[Word] = []
        words = iter(self.args)
        for word in words:
            value = word.value
            if value == "--":
                found.extend(words)
                break
            if value.startswith("-") and value != "-":
                if value in skip_values_of:
                    next(words, None)
                continue
            found.append(word)
        return found

    def subcommand(self, skip_values_of: set[str] | frozenset[str] = frozenset()) -> str | None:
        """The first positional argument, e.g. "install" for `apt-get -y install curl`."""
        positional = self.positional(skip_values_of)
        return positional[0].value if positional else None


@dataclass
class ShellScript:
    text: str  # what tree-sitter parsed (same length as the Dockerfile text it stands for)
    offset: int  # Dockerfile offset of text[0]
    commands: list[Command]
    pipelines: list[list[Command]]  # the commands of each pipeline, in order
    end: int  # Dockerfile offset just past the last command chain: append ` && rm -rf ...` here
    has_error: bool  # tree-sitter found a syntax error: be careful with findings
    # Facts rules derive from the script (effective commands, package installs), computed once:
    # the script does not change after it is built.
    memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def has_pipe(self) -> bool:
        return bool(self.pipelines)

    @property
    def pipes_commands(self) -> list[Command]:
        """Every command that is part of a pipeline."""
        return [c for c in self.commands if c.in_pipeline]

    def commands_named(self, *names: str) -> list[Command]:
        """Commands whose effective name (wrappers such as sudo stripped) is one of `names`."""
        key = ("named", names)
        found: list[Command] | None = self.memo.get(key)
        if found is None:  # rules ask each script for the same few names again and again
            found = self.memo[key] = [c for c in self.effective_commands() if c.name in names]
        return list(found)

    def effective_commands(self) -> list[Command]:
        """Every command with its wrappers stripped (see Command.effective); do not modify."""
        found: list[Command] | None = self.memo.get("effective")
        if found is None:
            found = self.memo["effective"] = [c.effective() for c in self.commands]
        return found


def script_for(ins: Instruction) -> ShellScript | None:
    """The shell script of a shell-form RUN, or None (exec form, other keywords, non-shell heredoc)."""
    if ins.keyword != "RUN" or ins.is_json or ins.args_span is None:
        return None
    if ins.run_shell is not None and _program(ins.run_shell[0]) not in _SHELLS:
        return None  # SHELL ["powershell", ...] and the like
    source = ins.source
    args_start = ins.args_span.start - ins.span.start
    args_end = ins.args_span.end - ins.span.start
    if ins.heredocs and HEREDOC_WORD.match(source[args_start:args_end].strip()):
        return _heredoc_script(ins)
    line_end = _line_part_end(ins)
    text = _shell_text(source, line_end, ins.escape)[args_start:]
    return _build(ins, text, args_start, cap=line_end)


def _heredoc_script(ins: Instruction) -> ShellScript | None:
    """`RUN <<EOF`: the body is the script (unless a shebang names another interpreter)."""
    heredoc = ins.heredocs[0]
    if heredoc.content.startswith("#!") and not _is_shell_shebang(heredoc.content.split("\n", 1)[0]):
        return None
    body_start = heredoc.span.start - ins.span.start
    body_end = ins.source.rfind("\n", 0, heredoc.span.end - ins.span.start) + 1
    body_end = max(body_end, body_start)
    return _build(ins, ins.source[body_start:body_end], body_start, cap=body_end)


def _is_shell_shebang(line: str) -> bool:
    words = line[2:].split()
    if not words:
        return False
    program = _program(words[0])
    if program == "env" and len(words) > 1:
        program = _program(words[1])
    return program in _SHELLS


def _program(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")


def _line_part_end(ins: Instruction) -> int:
    """End of the instruction's own lines (heredoc bodies follow), relative to its source."""
    if not ins.heredocs:
        return len(ins.source)
    return max(ins.heredocs[0].span.start - ins.span.start - 1, 0)


# What makes `_shell_text` edit a backslash-escaped text: a blank or comment line inside the
# instruction, blanks after a continuation backslash, or a carriage return.
_JOIN_EDITS = re.compile(r"\n[ \t\r]*(?:#|\n|\Z)|\\[ \t]+\r?\n|\r")


def _shell_text(source: str, line_end: int, escape: str) -> str:
    """Same-length edits so bash reads the lines as BuildKit joins them."""
    if escape == "\\" and not _JOIN_EDITS.search(source, 0, line_end):
        return source  # continuations already read the same in bash: the usual case
    chars = list(source)
    continuation = continuation_regex(escape)
    pos = 0
    first = True
    while pos < line_end:
        newline = source.find("\n", pos)
        next_pos = len(source) if newline < 0 else newline + 1
        content_end = len(source) if newline < 0 else newline
        while content_end > pos and source[content_end - 1] == "\r":
            content_end -= 1
        bare = source[pos:content_end].strip()
        if not first and (not bare or bare.startswith("#")):
            chars[pos:next_pos] = " " * (next_pos - pos)  # dropped by BuildKit: newline too
            pos = next_pos
            continue
        match = continuation.search(source[pos:content_end])
        if match is None or newline < 0:
            break
        escape_at = pos + match.start() + len(match.group(1) or "")
        chars[escape_at:newline] = " " * (newline - escape_at)
        chars[newline - 1] = "\\"
        first = False
        pos = next_pos
    return "".join(chars)


def _encode(text: str) -> bytes:
    """UTF-8 for tree-sitter; a lone surrogate (undecodable input) still takes its 3 bytes."""
    return text.encode("utf-8", errors="surrogatepass")


@cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


class _Positions:
    """Script offsets -> Dockerfile spans, through the instruction's text."""

    def __init__(self, ins: Instruction, text: str, base: int) -> None:
        self.ins = ins
        self.text = text
        self.base = base  # offset of text[0] within ins.source
        encoded = _encode(text)
        self.char_at: list[int] | None = None
        if len(encoded) != len(text):
            self.char_at = [0] * (len(encoded) + 1)
            byte = 0
            for index, ch in enumerate(text):
                width = len(_encode(ch))
                for k in range(width):
                    self.char_at[byte + k] = index
                byte += width
            self.char_at[byte] = len(text)

        source = ins.source
        # Where each line of the instruction starts, for positions by bisection: a script has many
        # words, and counting newlines from the start for each one is quadratic.
        self.line_starts = [0]
        newline = source.find("\n")
        while newline >= 0:
            self.line_starts.append(newline + 1)
            newline = source.find("\n", newline + 1)

    def char(self, byte: int) -> int:
        return byte if self.char_at is None else self.char_at[byte]

    def source_offset(self, byte: int) -> int:
        return self.base + (byte if self.char_at is None else self.char_at[byte])

    def span(self, start_byte: int, end_byte: int) -> Span:
        start = self.source_offset(start_byte)
        end = self.source_offset(end_byte)
        line, column = self._position(start)
        end_line, end_column = self._position(max(end - 1, start))
        if end > start:
            end_column += 1
        origin = self.ins.span.start
        return Span(origin + start, origin + end, line, column, end_line, end_column)

    def _position(self, rel: int) -> tuple[int, int]:
        index = bisect_right(self.line_starts, rel) - 1
        column = rel - self.line_starts[index] + 1
        if index == 0:
            column += self.ins.span.column - 1
        return self.ins.span.line + index, column

    def node_text(self, node: tree_sitter.Node) -> str:
        return self.text[self.char(node.start_byte) : self.char(node.end_byte)]

    def original(self, start_byte: int, end_byte: int) -> str:
        """The Dockerfile text between two script byte offsets."""
        return self.ins.source[self.source_offset(start_byte) : self.source_offset(end_byte)]


@dataclass
class _Context:
    in_pipeline: bool = False
    in_subshell: bool = False
    in_condition: bool = False


class _Walker:
    def __init__(self, positions: _Positions) -> None:
        self.positions = positions
        self.commands: list[Command] = []
        self.pipelines: list[list[Command]] = []
        self.pending: str | None = None
        self.heredoc_consumers: list[Command | None] = []  # per `<<` in order: the command fed

    def visit(self, node: tree_sitter.Node, context: _Context) -> None:
        kind = node.type
        if not node.is_named:
            if kind in OPERATORS:
                self.pending = kind
            return
        if kind in _NOT_TRAVERSED:
            return
        if kind in ("command", "declaration_command", "unset_command"):
            self.emit(node, context)
            return
        if kind == "redirected_statement":
            self.visit_redirected(node, context)
            return
        if kind == "subshell":
            context = replace(context, in_subshell=True)
        elif kind == "negated_command":
            context = replace(context, in_condition=True)
        elif kind == "pipeline":
            self.visit_pipeline(node, context)
            return
        self.visit_children(node, context)

    def visit_children(self, node: tree_sitter.Node, context: _Context) -> None:
        in_test = False
        for child in node.children:
            kind = child.type
            if kind in _CONDITION_STARTS and not child.is_named:
                in_test = True
            elif kind in _CONDITION_ENDS:
                in_test = False
            self.visit(child, replace(context, in_condition=True) if in_test else context)

    def visit_redirected(self, node: tree_sitter.Node, context: _Context) -> None:
        """`cmd <<EOF ...`: remember which command each heredoc feeds."""
        fed: Command | None = None
        for child in node.children:
            if child.type == "heredoc_redirect":
                self.heredoc_consumers.append(fed)
            before = len(self.commands)
            self.visit(child, context)
            if child.type in ("command", "declaration_command") and len(self.commands) > before:
                fed = self.commands[before]

    def visit_pipeline(self, node: tree_sitter.Node, context: _Context) -> None:
        first = len(self.commands)
        if node.children and node.children[0].type == "|" and self.commands:
            self.commands[-1].in_pipeline = True  # `cat <<EOF | sort`: cat feeds the pipe
            first -= 1
        self.visit_children(node, replace(context, in_pipeline=True))
        self.pipelines.append(self.commands[first:])

    def emit(self, node: tree_sitter.Node, context: _Context) -> None:
        words: list[Word] = []
        assignments: list[Word] = []
        node_kind = node.type
        for child in node.named_children:
            kind = child.type
            if kind in _REDIRECTS or kind == "comment":
                continue
            if kind == "variable_assignment" and not words and node_kind == "command":
                assignments.append(self.word(child))
            elif kind == "command_name":
                inner = child.named_children[0] if child.named_children else child
                words.append(self.word(inner))
            else:
                words.append(self.word(child))
        if node_kind != "command":
            keyword = node.children[0]
            words.insert(0, self.word(keyword))
        if not words:
            return
        self.commands.append(
            Command(
                name=words[0].value,
                words=words,
                span=self.positions.span(node.start_byte, node.end_byte),
                operator_before=self.pending if self.pending is not None or not self.commands else ";",
                in_pipeline=context.in_pipeline,
                in_subshell=context.in_subshell,
                in_condition=context.in_condition,
                assignments=assignments,
            )
        )
        self.pending = None

    def word(self, node: tree_sitter.Node) -> Word:
        value, static = self.value(node)
        return Word(value, static, self.positions, node.start_byte, node.end_byte)

    def value(self, node: tree_sitter.Node) -> tuple[str, bool]:
        text = self.positions.node_text(node)
        kind = node.type
        if kind == "word" or not node.is_named:
            return (_WORD_ESCAPES.sub(_unescape_word, text) if "\\" in text else text), True
        if kind in ("number", "variable_name"):
            return text, True
        if kind == "raw_string":
            return text[1:-1], True
        if kind == "ansi_c_string":
            return text[2:-1], True
        if kind == "string":
            return self.string_value(node)
        if kind in ("concatenation", "variable_assignment"):
            parts = [self.value(child) for child in node.children]
            return "".join(p for p, _ in parts), all(s for _, s in parts)
        return text, False

    def string_value(self, node: tree_sitter.Node) -> tuple[str, bool]:
        parts: list[str] = []
        static = True
        for child in node.children:
            if child.type == '"':
                continue
            text = self.positions.node_text(child)
            if child.type == "string_content":
                parts.append(_DOUBLE_QUOTE_ESCAPES.sub(_unescape_in_quotes, text))
            else:
                parts.append(text)
                static = False
        return "".join(parts), static


def _unescape_word(match: re.Match[str]) -> str:
    return "" if match.group(1) == "\n" else match.group(1)


def _unescape_in_quotes(match: re.Match[str]) -> str:
    return "" if match.group(1) == "\n" else match.group(1)


def _wrapped_index(name: str, words: list[Word]) -> int | None:
    """Index of the word a wrapper runs, or None when it runs nothing (e.g. bare `env`)."""
    takes_value = WRAPPERS[name]
    index = 1
    while index < len(words):
        value = words[index].value
        if value == "--":
            index += 1
            break
        if value.startswith("-") and value != "-":
            index += 2 if value in takes_value else 1
            continue
        if name == "env" and "=" in value:
            index += 1
            continue
        if name == "timeout" and index == _first_positional(words):
            index += 1  # the duration
            continue
        break
    return index if index < len(words) else None


def _first_positional(words: list[Word]) -> int:
    return next((i for i, w in enumerate(words) if i > 0 and not w.value.startswith("-")), len(words))


def _build(ins: Instruction, text: str, base: int, cap: int) -> ShellScript:
    tree = _parser().parse(_encode(text))
    positions = _Positions(ins, text, base)
    walker = _Walker(positions)
    walker.visit(tree.root_node, _Context())
    limit = ins.span.start + cap
    walker.commands = [c for c in walker.commands if c.span.start < limit]
    _mark_or_chains(walker.commands)
    statements = [n for n in tree.root_node.named_children if n.type != "comment"]
    end_rel = positions.source_offset(statements[-1].end_byte) if statements else base
    end_rel = min(end_rel, max(cap, base))
    end_rel = _rstrip_end(ins.source, base, end_rel)
    script = ShellScript(
        text=text,
        offset=ins.span.start + base,
        commands=walker.commands,
        pipelines=walker.pipelines,
        end=ins.span.start + end_rel,
        has_error=tree.root_node.has_error,
    )
    if cap < len(ins.source):
        _add_fed_scripts(ins, script, walker.heredoc_consumers)
    return script


def _add_fed_scripts(ins: Instruction, script: ShellScript, consumers: list[Command | None]) -> None:
    """`RUN bash <<EOF`: a body fed to a shell is a script too; its commands join the list."""
    if len(consumers) != len(ins.heredocs):
        return
    for heredoc, consumer in zip(ins.heredocs, consumers, strict=True):
        if consumer is None:
            continue
        shell = consumer.effective()
        if shell.name.rsplit("/", 1)[-1] not in _SHELLS or shell.has_flag("-c"):
            continue
        body_start = heredoc.span.start - ins.span.start
        body_end = max(ins.source.rfind("\n", 0, heredoc.span.end - ins.span.start) + 1, body_start)
        nested = _build(ins, ins.source[body_start:body_end], body_start, cap=body_end)
        script.commands.extend(nested.commands)
        script.pipelines.extend(nested.pipelines)
        script.has_error = script.has_error or nested.has_error


def _rstrip_end(source: str, start: int, end: int) -> int:
    while end > start and source[end - 1] in " \t\r\n":
        end -= 1
    return end


def _mark_or_chains(commands: list[Command]) -> None:
    """Both sides of `||` run as a test: `a && b || c` tolerates a and b failing."""
    for index, command in enumerate(commands):
        if command.operator_before != "||":
            continue
        command.in_condition = True
        back = index - 1
        while back >= 0:
            commands[back].in_condition = True
            if commands[back].operator_before not in ("&&", "||", "|"):
                break
            back -= 1
