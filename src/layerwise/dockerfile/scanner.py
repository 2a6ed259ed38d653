"""Physical lines -> logical instructions, exactly as BuildKit's `parser.Parse` walks the file.

BuildKit joins continuation lines, drops comment and empty lines inside continuations, reads
parser directives at the top, and reads heredoc bodies after the line that opens them. This
module does the same walk but remembers where every piece came from, so positions in the
joined (logical) line map back to offsets in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from layerwise.dockerfile.lexing import (
    SPACES,
    HeredocWord,
    NotStringArray,
    heredoc_words,
    parse_json_array,
    split_command,
)
from layerwise.errors import ParseError

_DIRECTIVE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z", re.DOTALL)
_VALID_DIRECTIVES = {"syntax", "escape", "check"}
_HEREDOC_KEYWORDS = {"add", "copy", "run"}
# BuildKit reads lines with Go's bufio.Scanner: a line longer than its buffer (64 KiB, the "\n"
# included) is an error. Counted in UTF-8 bytes; a line of fewer characters than a quarter of
# that cannot reach it.
MAX_LINE_BYTES = 65535


def continuation_regex(escape: str) -> re.Pattern[str]:
    """BuildKit's lineContinuationRegex for an escape token (Go's `$` is Python's `\\Z`)."""
    e = re.escape(escape)
    return re.compile(rf"([^{e}]){e}[ \t]*\Z|^{e}[ \t]*\Z")


@dataclass(slots=True)
class PhysicalLine:
    start: int  # offset of the first character
    content_end: int  # offset past the last character before the line ending ("\r\n" or "\n")
    end: int  # offset past the "\n" (or the end of the text)


@dataclass
class LogicalLine:
    """The joined line BuildKit parses, with a map back to file offsets."""

    text: str
    logical_starts: list[int]
    source_starts: list[int]

    def to_source(self, pos: int) -> int:
        index = max(bisect_right(self.logical_starts, pos) - 1, 0)
        return self.source_starts[index] + pos - self.logical_starts[index]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            at = self.to_source(start)
            return at, at
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass(frozen=True)
class RawDirective:
    name: str
    value: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class RawComment:
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class RawHeredoc:
    name: str
    strip_tabs: bool
    expand: bool
    file_descriptor: int
    body_start: int  # first body line (or the terminator line when the body is empty)
    body_end: int  # end of the terminator line, line ending excluded
    content: str  # raw body as BuildKit reads it (line endings kept, tabs not stripped)


@dataclass
class RawInstruction:
    line: LogicalLine
    start_line: int  # 1-based, as BuildKit's StartLine
    end_line: int  # 1-based, as BuildKit's EndLine
    start: int  # offset of the keyword
    end: int  # end of the last line, line ending excluded
    comments: list[RawComment] = field(default_factory=list)
    heredocs: list[RawHeredoc] = field(default_factory=list)
    empty_lines: list[int] = field(default_factory=list)  # empty lines inside the continuation


@dataclass
class ScanResult:
    escape: str
    directives: list[RawDirective]
    comments: list[RawComment]
    instructions: list[RawInstruction]
    lines: list[PhysicalLine]


def physical_lines(text: str) -> list[PhysicalLine]:
    lines: list[PhysicalLine] = []
    pos = 0
    size = len(text)
    for chunk in text.split("\n"):
        end = min(pos + len(chunk) + 1, size)
        if pos >= size:
            break
        lines.append(PhysicalLine(pos, pos + len(chunk.rstrip("\r")), end))
        pos = end
    return lines


class _DirectiveReader:
    """DirectiveParser: `# name=value` lines at the very top; the first other line ends them."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.done = False
        self.seen: set[str] = set()

    def read(self, text: str, start: int, end: int, line: int) -> RawDirective | None:
        if self.done:
            return None
        if start >= end or text[start] != "#":
            self.done = True
            return None
        body = start + 1
        while body < end and text[body] in SPACES:
            body += 1
        match = _DIRECTIVE.match(text[body:end])
        if not match or match.group(1).lower() not in _VALID_DIRECTIVES:
            self.done = True
            return None
        name = match.group(1).lower()
        if name == "escape" and "check" in self.seen:
            # The bundled BuildKit predates `check`: for it that line was a comment that ended
            # the directives, so an escape after it is a comment too (both agree on the token).
            self.done = True
            return None
        if name in self.seen:
            if "check" in self.seen:
                self.done = True  # the bundled BuildKit saw comments here: no error
                return None
            raise ParseError(f"only one {name} parser directive can be used", self.path, line)
        self.seen.add(name)
        return RawDirective(name, match.group(2), start, end, line)


class Scanner:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.lines = physical_lines(text)
        self.escape = "\\"
        self.continuation = continuation_regex(self.escape)
        self.directive_reader = _DirectiveReader(path)
        self.directives: list[RawDirective] = []
        self.comments: list[RawComment] = []
        self.instructions: list[RawInstruction] = []
        self.index = 0  # next physical line to read

    def scan(self) -> ScanResult:
        self._check_line_lengths()
        while self.index < len(self.lines):
            self._scan_instruction()
        return ScanResult(self.escape, self.directives, self.comments, self.instructions, self.lines)

    def _check_line_lengths(self) -> None:
        if len(self.text) <= MAX_LINE_BYTES // 4:
            return  # the usual file: too short to hold such a line
        for number, line in enumerate(self.lines, 1):
            newline = line.end - 1 if self.text.endswith("\n", 0, line.end) else line.end
            if (
                newline - line.start > MAX_LINE_BYTES // 4
                and len(self.text[line.start : newline].encode("utf-8", "replace")) > MAX_LINE_BYTES
            ):
                raise ParseError(
                    f"dockerfile line greater than max allowed size of {MAX_LINE_BYTES}", self.path, number
                )

    def _content(self, line: PhysicalLine, strip_left: bool) -> int:
        """Start of the line's content: BuildKit trims leading space on an instruction's first line."""
        start = line.start
        if self.index == 0 and self.text.startswith("\ufeff", start):
            start += 1
        if strip_left:
            while start < line.content_end and self.text[start] in SPACES:
                start += 1
        return start

    def _is_comment(self, start: int, line: PhysicalLine) -> bool:
        return start < line.content_end and self.text[start] == "#"

    def _read_directive(self, start: int, line: PhysicalLine, number: int) -> bool:
        directive = self.directive_reader.read(self.text, start, line.content_end, number)
        if directive is None:
            return False
        if directive.name == "escape":
            if directive.value not in ("`", "\\"):
                message = f"invalid escape token '{directive.value}' does not match ` or \\"
                raise ParseError(message, self.path, number)
            self.escape = directive.value
            self.continuation = continuation_regex(self.escape)
        self.directives.append(directive)
        return True

    def _trim_continuation(self, start: int, end: int) -> tuple[int, bool]:
        """Returns the new end of the piece and whether the line ends the instruction."""
        match = self.continuation.search(self.text[start:end])  # sliced: `^` must mean the piece start
        if match is None:
            return end, True
        return start + match.start() + len(match.group(1) or ""), False

    def _scan_instruction(self) -> None:
        line = self.lines[self.index]
        number = self.index + 1
        start = self._content(line, strip_left=True)
        is_comment = self._is_comment(start, line)
        is_directive = self._read_directive(start, line, number)
        self.index += 1
        if is_comment:
            if not is_directive:
                self.comments.append(RawComment(start, line.content_end, number))
            return
        piece_end, ends = self._trim_continuation(start, line.content_end)
        if ends and piece_end == start:
            return  # an empty line
        pieces = [(start, piece_end)]
        raw = RawInstruction(LogicalLine("", [], []), number, number, start, line.content_end)
        if not ends:
            self._scan_continuation(raw, pieces)
        raw.line = _join(self.text, pieces)
        raw.end_line = self.index
        self._scan_heredocs(raw)
        self.instructions.append(raw)

    def _scan_continuation(self, raw: RawInstruction, pieces: list[tuple[int, int]]) -> None:
        """The lines after one ending in the escape; BuildKit drops comment and empty lines."""
        ends = False
        while not ends and self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            raw.end = line.content_end
            bare = self._content(line, strip_left=True)
            if self._is_comment(bare, line):
                comment = RawComment(bare, line.content_end, self.index)
                raw.comments.append(comment)
                self.comments.append(comment)
            elif bare == line.content_end:
                raw.empty_lines.append(self.index)
            else:
                piece_end, ends = self._trim_continuation(line.start, line.content_end)
                pieces.append((line.start, piece_end))

    def _scan_heredocs(self, raw: RawInstruction) -> None:
        text = raw.line.text
        if "<<" not in text or not _can_contain_heredoc(text, self.escape):
            return
        for word in heredoc_words(text):
            raw.heredocs.append(self._read_heredoc(word, raw.start_line))
            raw.end_line = self.index
            raw.end = raw.heredocs[-1].body_end

    def _read_heredoc(self, word: HeredocWord, start_line: int) -> RawHeredoc:
        """Body lines up to the terminator (after leading tabs for `<<-`), as BuildKit reads them."""
        body_start = self.lines[self.index].start if self.index < len(self.lines) else len(self.text)
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            candidate = self.text[line.start : line.content_end]
            if (candidate.lstrip("\t") if word.strip_tabs else candidate) == word.name:
                content = self.text[body_start : line.start]
                return RawHeredoc(
                    word.name,
                    word.strip_tabs,
                    word.expand,
                    word.file_descriptor,
                    body_start,
                    line.content_end,
                    content,
                )
        raise ParseError("unterminated heredoc", self.path, start_line)


def _join(text: str, pieces: list[tuple[int, int]]) -> LogicalLine:
    parts: list[str] = []
    logical_starts: list[int] = []
    source_starts: list[int] = []
    size = 0
    for start, end in pieces:
        if end <= start and logical_starts:
            continue  # an empty piece maps nowhere; keep the map strictly useful
        logical_starts.append(size)
        source_starts.append(start)
        parts.append(text[start:end])
        size += end - start
    return LogicalLine("".join(parts), logical_starts, source_starts)


def _can_contain_heredoc(line: str, escape: str) -> bool:
    """canContainHeredoc: ADD, COPY, RUN (also under ONBUILD) in shell form."""
    parts = split_command(line, 0, len(line), escape)
    keyword = line[parts.keyword[0] : parts.keyword[1]].lower()
    if keyword == "onbuild":
        parts = split_command(line, parts.args[0], parts.args[1], escape)
        keyword = line[parts.keyword[0] : parts.keyword[1]].lower()
    if keyword not in _HEREDOC_KEYWORDS:
        return False
    try:
        return parse_json_array(line, parts.args[0], parts.args[1]) is None
    except NotStringArray:
        return False
