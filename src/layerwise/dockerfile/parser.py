"""Text -> `Dockerfile` model: BuildKit's parser decides, the scanner records where things stand."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from layerwise.dockerfile.arguments import ArgumentError, SplitArguments, split_arguments
from layerwise.dockerfile.lexing import split_command
from layerwise.dockerfile.model import (
    Argument,
    Comment,
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    Span,
)
from layerwise.dockerfile.scanner import LogicalLine, RawHeredoc, RawInstruction, Scanner
from layerwise.errors import ParseError

if TYPE_CHECKING:
    import dockerfile as buildkit

_LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)


def _buildkit() -> ModuleType:
    """BuildKit's parser, a Go library, loaded on the first parse rather than on import: the lint
    runner forks its helper processes after importing everything else, and a Go runtime does
    not survive a fork."""
    import dockerfile

    return dockerfile


class Locator:
    """Offsets -> 1-based lines and columns."""

    def __init__(self, text: str) -> None:
        self.line_starts = [1 if text.startswith("\ufeff") else 0]  # a byte-order mark is no column
        self.line_starts.extend(m.end() for m in re.finditer("\n", text))

    def span(self, start: int, end: int) -> Span:
        starts = self.line_starts
        index = max(bisect_right(starts, start) - 1, 0)
        stop = max(end, start)
        end_index = index if stop == start else bisect_right(starts, stop) - 1
        return Span(start, end, index + 1, start - starts[index] + 1, end_index + 1, stop - starts[end_index] + 1)


def parse_file(path: str | Path) -> Dockerfile:
    """Parse a Dockerfile on disk; an unreadable file is a LayerwiseError-style ParseError."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror or error}", str(path), 1) from None
    return parse(text, str(path))


def parse(text: str, path: str = "Dockerfile", with_buildkit: bool = False) -> Dockerfile:
    """Parse like BuildKit; raise ParseError (with the line) for what BuildKit rejects.

    The scanner and the argument splitting follow BuildKit's parser rule for rule (the
    conformance and corpus tests hold them to it), so BuildKit's own parser, a Go library that
    cost a sixth of a lint run, is asked only when ours finds an instruction that BuildKit would
    reject: for its verdict and its message, and for its values should it accept after all.
    `with_buildkit` asks it always (fix checks each rewrite that way)."""
    scan = Scanner(text, path).scan()
    if not scan.instructions:
        raise ParseError("file with no instructions", path, max(len(scan.lines), 1))
    builder = _Builder(text, path, scan.escape)
    model = Dockerfile(path=path, text=text, escape=scan.escape)
    model.directives = [Directive(d.name, d.value, builder.locator.span(d.start, d.end)) for d in scan.directives]
    model.comments = [builder.comment(c.start, c.end) for c in scan.comments]
    model.instructions = [builder.instruction(raw) for raw in scan.instructions]
    if builder.rejected or with_buildkit:
        commands = _buildkit_commands(text, path, scan.instructions, scan.escape)
        for ins, command in zip(model.instructions, commands, strict=True):
            if ins.onbuild is None:
                builder.adopt_buildkit_values(ins, command)
    from layerwise.dockerfile.stages import build_stages

    build_stages(model)
    return model


def _buildkit_commands(text: str, path: str, raws: list[RawInstruction], escape: str) -> list[buildkit.Command]:
    buildkit = _buildkit()
    try:
        commands = list(buildkit.parse_string(for_buildkit(text)))
    except buildkit.GoParseError as error:
        line = _failing_line(text, raws, escape)
        raise ParseError(str(error), path, line) from None
    if len(commands) != len(raws) or any(c.start_line != r.start_line for c, r in zip(commands, raws, strict=False)):
        first = next(
            (r.start_line for c, r in zip(commands, raws, strict=False) if c.start_line != r.start_line),
            raws[-1].start_line,
        )
        raise ParseError("layerwise could not locate BuildKit's instructions", path, first)
    return commands


def for_buildkit(text: str) -> str:
    """What the C binding can take: it stops at NUL and crashes on text that is not UTF-8."""
    if "\0" in text:
        text = text.replace("\0", "\x01")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text


def _failing_line(text: str, raws: list[RawInstruction], escape: str) -> int:
    """BuildKit's messages carry no line: find the first instruction it rejects on its own."""
    prefix = "# escape=`\n" if escape == "`" else ""
    buildkit = _buildkit()
    for raw in raws:
        try:
            buildkit.parse_string(for_buildkit(prefix + text[raw.start : raw.end]))
        except buildkit.GoParseError:
            return raw.start_line
    return raws[-1].end_line


class _Builder:
    def __init__(self, text: str, path: str, escape: str) -> None:
        self.text = text
        self.path = path
        self.escape = escape
        self.locator = Locator(text)
        self.rejected = False  # an instruction's arguments are ones BuildKit rejects

    def comment(self, start: int, end: int) -> Comment:
        return Comment(self.text[start:end], self.locator.span(start, end))

    def instruction(self, raw: RawInstruction) -> Instruction:
        line = raw.line
        ins = self._instruction(line, 0, len(line.text), raw.start, raw.end)
        ins.comments = [self.comment(c.start, c.end) for c in raw.comments]
        ins.empty_continuation_lines = raw.empty_lines
        heredocs = [self._heredoc(h) for h in raw.heredocs]
        target = ins.onbuild or ins
        target.heredocs = heredocs
        return ins

    def _instruction(
        self, line: LogicalLine, start: int, end: int, span_start: int, span_end: int, inner: bool = False
    ) -> Instruction:
        parts = split_command(line.text, start, end, self.escape)
        keyword = line.text[parts.keyword[0] : parts.keyword[1]]
        flags = [self._flag(line, word.word, word.range) for word in parts.flags]
        args_span = self._span(line, parts.args) if parts.args[1] > parts.args[0] else None
        try:
            split = split_arguments(keyword.lower(), line.text, parts.args, self.escape)
        except ArgumentError:
            split = SplitArguments()
            self.rejected = self.rejected or not inner  # BuildKit's parser does not read ONBUILD's instruction
        ins = Instruction(
            keyword=keyword.upper(),
            span=self.locator.span(span_start, span_end),
            keyword_span=self._span(line, parts.keyword),
            flags=flags,
            arguments=[Argument(value, partial(self._span, line, where)) for value, where in split.values],
            args_span=args_span,
            is_json=split.is_json,
            source=self.text[span_start:span_end],
        )
        ins.legacy_name_value = split.legacy_name_value
        ins.escape = self.escape
        if ins.keyword == "ONBUILD" and parts.args[1] > parts.args[0]:
            inner_start = line.to_source(parts.args[0])
            ins.onbuild = self._instruction(line, parts.args[0], parts.args[1], inner_start, span_end, inner=True)
        return ins

    def adopt_buildkit_values(self, ins: Instruction, command: buildkit.Command) -> None:
        """BuildKit's values are the authority; keep our spans when both agree on the count."""
        values = list(command.value)
        ins.is_json = bool(command.json)
        ours = [a.value for a in ins.arguments]
        if [for_buildkit(v) for v in ours] == values or [v.replace("\0", "") for v in ours] == values:
            return  # equal but for what the C binding cannot carry (NUL, invalid UTF-8)
        if len(values) == len(ins.arguments):
            ins.arguments = [Argument(v, a.span) for v, a in zip(values, ins.arguments, strict=True)]
            return
        fallback = ins.args_span or ins.keyword_span
        ins.arguments = [Argument(v, fallback) for v in values]

    def _flag(self, line: LogicalLine, word: str, where: tuple[int, int]) -> Flag:
        name, has_value, value = word[2:].partition("=")
        return Flag(name, value if has_value else None, partial(self._span, line, where))

    def _span(self, line: LogicalLine, where: tuple[int, int]) -> Span:
        start, end = line.source_range(*where)
        return self.locator.span(start, end)

    def _heredoc(self, raw: RawHeredoc) -> Heredoc:
        content = _LEADING_TABS.sub("", raw.content) if raw.strip_tabs else raw.content
        return Heredoc(
            name=raw.name,
            content=content,
            strip_tabs=raw.strip_tabs,
            expand=raw.expand,
            span=self.locator.span(raw.body_start, raw.body_end),
            file_descriptor=raw.file_descriptor,
        )
