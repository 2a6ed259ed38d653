"""BuildKit's line-level lexing rules, with positions.

BuildKit's parser (frontend/dockerfile/parser) yields values but no columns. These functions
follow the same rules (facts read from its source, Apache-2.0) and also report where each
piece stands in the logical line, so the model can map it back to the file.
All ranges are `(start, end)` offsets into the string given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

Range = tuple[int, int]

GO_WHITESPACE = re.compile(r"[\t\v\f\r ]+")  # BuildKit's reWhitespace
HEREDOC_WORD = re.compile(r"^(\d*)<<(-?)\s*([^<]*)$")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


# Go's unicode.IsSpace: Python's isspace() beyond Latin-1, but not \x1c-\x1f. A set, as the
# lexing loops ask it of every character.
SPACES = frozenset("\t\n\v\f\r \x85\xa0") | frozenset(ch for ch in map(chr, range(0x100, 0x3001)) if ch.isspace())


def lstrip_pos(text: str, start: int, end: int) -> int:
    while start < end and text[start] in SPACES:
        start += 1
    return start


def rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in SPACES:
        end -= 1
    return end


@dataclass(frozen=True)
class FlagWord:
    word: str  # after BuildKit's unquoting, e.g. "--mount=type=cache,target=/x"
    range: Range


@dataclass(frozen=True)
class CommandParts:
    """splitCommand: the keyword, the `--flags` and the rest of a logical line."""

    keyword: Range
    flags: list[FlagWord]
    args: Range  # trimmed; empty (start == end) when there are no arguments


def split_command(line: str, start: int, end: int, escape: str) -> CommandParts:
    start = lstrip_pos(line, start, end)
    end = rstrip_pos(line, start, end)
    gap = GO_WHITESPACE.search(line, start, end)
    if gap is None:
        return CommandParts((start, end), [], (end, end))
    keyword = (start, gap.start())
    rest_pos, flags = extract_flags(line, gap.end(), end, escape)
    args_start = lstrip_pos(line, rest_pos, end)
    return CommandParts(keyword, flags, (args_start, max(args_start, end)))


def extract_flags(line: str, start: int, end: int, escape: str) -> tuple[int, list[FlagWord]]:
    """extractBuilderFlags: leading `--words`; returns where the arguments start."""
    words: list[FlagWord] = []
    pos = start
    while True:
        while pos < end and line[pos] in SPACES:
            pos += 1
        if pos >= end:
            return end, words
        if not (line[pos] == "-" and pos + 1 < end and line[pos + 1] == "-"):
            return pos, words
        word_start = pos
        word, pos, blank_ok = _read_flag_word(line, pos, end, escape)
        if word == "--":
            return pos, words
        if blank_ok or word:
            words.append(FlagWord(word, (word_start, pos)))


def _read_flag_word(line: str, pos: int, end: int, escape: str) -> tuple[str, int, bool]:
    chars: list[str] = []
    quote = ""
    blank_ok = False
    while pos < end:
        ch = line[pos]
        if not quote:
            if ch in SPACES:
                break
            if ch in "'\"":
                quote, blank_ok = ch, True
                pos += 1
                continue
        elif ch == quote:
            quote = ""
            pos += 1
            continue
        if ch == escape:
            if pos + 1 == end:
                pos += 1
                quote = ""
                continue
            pos += 1
            ch = line[pos]
        chars.append(ch)
        pos += 1
    return "".join(chars), pos, blank_ok


def parse_words(line: str, start: int, end: int, escape: str) -> list[tuple[str, Range]]:
    """parseWords: space-separated words, quotes and escapes kept as written."""
    words: list[tuple[str, Range]] = []
    pos = start
    while True:
        while pos < end and line[pos] in SPACES:
            pos += 1
        if pos >= end:
            return words
        word_start = pos
        chars: list[str] = []
        quote = ""
        blank_ok = False
        while pos < end:
            ch = line[pos]
            if not quote:
                if ch in SPACES:
                    break
                if ch in "'\"":
                    quote, blank_ok = ch, True
                if ch == escape:
                    if pos + 1 == end:
                        pos += 1
                        continue
                    chars.append(ch)
                    pos += 1
                    ch = line[pos]
            else:
                if ch == quote:
                    quote = ""
                if ch == escape and quote != "'":
                    if pos + 1 == end:
                        pos += 1
                        quote = ""
                        continue
                    chars.append(ch)
                    pos += 1
                    ch = line[pos]
            chars.append(ch)
            pos += 1
        if blank_ok or chars:
            words.append(("".join(chars), (word_start, pos)))


def split_whitespace(line: str, start: int, end: int) -> list[tuple[str, Range]]:
    """reWhitespace.Split(rest, -1) on an already trimmed region."""
    if start >= end:
        return []
    pieces: list[tuple[str, Range]] = []
    pos = start
    for gap in GO_WHITESPACE.finditer(line, start, end):
        pieces.append((line[pos : gap.start()], (pos, gap.start())))
        pos = gap.end()
    pieces.append((line[pos:end], (pos, end)))
    return pieces


class NotStringArray(ValueError):
    """A JSON array with a non-string element: BuildKit rejects the instruction."""


def _reject_constant(name: str) -> object:
    raise ValueError(name)  # Go's encoding/json has no NaN/Infinity


_JSON_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def parse_json_array(line: str, start: int, end: int) -> list[tuple[str, Range]] | None:
    """parseJSON: the strings of a JSON array with their quoted ranges, or None if not JSON."""
    start = lstrip_pos(line, start, end)
    if start >= end or line[start] != "[":
        return None
    try:
        # the bundled BuildKit decodes the first JSON value and ignores what follows it
        decoded, used = _JSON_DECODER.raw_decode(line[start:end])
    except ValueError:
        return None
    end = start + used
    if not isinstance(decoded, list):
        return None
    if not all(isinstance(item, str) for item in decoded):
        raise NotStringArray("when using JSON array syntax, arrays must be comprised of strings only")
    ranges = [(m.start(), m.end()) for m in _JSON_STRING.finditer(line, start, end)]
    if len(ranges) != len(decoded):  # cannot happen for valid JSON of strings
        ranges = [(start, end)] * len(decoded)
    return list(zip(decoded, ranges, strict=True))


@dataclass(frozen=True)
class HeredocWord:
    name: str
    strip_tabs: bool
    expand: bool
    file_descriptor: int


def heredoc_words(line: str) -> list[HeredocWord]:
    """heredocsFromLine: every `<<WORD` / `<<-WORD` / `3<<"WORD"` word of the line, in order."""
    docs: list[HeredocWord] = []
    for raw in _shell_words(line):
        match = HEREDOC_WORD.match(raw)
        if not match or not match.group(3):
            continue
        rest = match.group(3)
        name = _unquote(rest)
        expand = _count_quotes(name) == _count_quotes(rest)  # no quote was removed: not quoted
        docs.append(HeredocWord(name, match.group(2) == "-", expand, int(match.group(1) or 0)))
    return docs


def _shell_words(line: str) -> list[str]:
    """Words as BuildKit's shell lexer splits them (quotes and escapes kept raw).

    Where the lexer fails (an unclosed quote, a `${...}` it cannot read), BuildKit finds no
    heredoc at all. (BuildKit after v0.17 also reads `<< EOF` as one word; the bundled parser,
    our authority, does not.)
    """
    words: list[str] = []
    chars: list[str] = []
    in_word = False
    pos = 0
    size = len(line)
    while pos < size:
        ch = line[pos]
        if ch in "'\"$":
            end = _expansion_end(line, pos) if ch == "$" else _closing_quote(line, pos) + 1
            if end <= 0:
                return []
            chars.append(line[pos:end])
            in_word, pos = True, end
            continue
        if ch == "\\":
            chars.append(line[pos : pos + 2])
            in_word, pos = True, pos + 2
            continue
        if ch in SPACES:
            if in_word and chars:
                words.append("".join(chars))
                chars, in_word = [], False
        else:
            chars.append(ch)
            in_word = True
        pos += 1
    if chars:
        words.append("".join(chars))
    return words


def _closing_quote(line: str, start: int) -> int:
    """Where the quote opened at `start` closes; -1 when it does not (or a `${...}` inside double
    quotes cannot be read)."""
    quote = line[start]
    pos = start + 1
    while pos < len(line):
        if quote == '"' and line[pos] == "\\":
            pos += 2
            continue
        if quote == '"' and line[pos] == "$":
            pos = _expansion_end(line, pos)
            if pos < 0:
                return -1
            continue
        if line[pos] == quote:
            return pos
        pos += 1
    return -1


def _expansion_end(line: str, pos: int) -> int:
    """Where the `$` expansion at `pos` ends, as the bundled BuildKit's lexer reads it (with every
    variable unset, as when it looks for heredocs); -1 where that lexer fails: `${` left open, an
    empty or `:`-led name, a modifier it does not know (`${A/x/y}`, `${A%x}`, `${A B}`)."""
    pos += 1
    if not line.startswith("{", pos):
        return _name_end(line, pos)  # $NAME, $1, $@ or a lone $
    pos += 1
    if pos >= len(line) or line[pos] in "{}:":
        return -1
    pos = _name_end(line, pos)
    if pos >= len(line):
        return -1
    modifier = line[pos]
    if modifier == "}":
        return pos + 1
    if modifier == ":":
        pos += 1  # the lexer takes any next character as the modifier, even "}"
    elif modifier not in "+-?":
        return -1
    return _word_end(line, pos + 1, "}")


def _name_end(line: str, pos: int) -> int:
    """processName: digits, one special parameter, or letters, digits and underscores."""
    if pos >= len(line):
        return pos
    if line[pos].isdecimal():  # Go's unicode.IsDigit
        while pos < len(line) and line[pos].isdecimal():
            pos += 1
        return pos
    if line[pos] in "@*#?-$!0":
        return pos + 1
    while pos < len(line) and (line[pos].isalpha() or line[pos].isdecimal() or line[pos] == "_"):
        pos += 1
    return pos


def _word_end(line: str, pos: int, stop: str) -> int:
    """Past the `stop` character that ends a word whose quotes and expansions are read in turn;
    -1 when the line ends first."""
    while pos < len(line):
        ch = line[pos]
        if ch == stop:
            return pos + 1
        if ch == "$":
            pos = _expansion_end(line, pos)
        elif ch in "'\"":
            close = _closing_quote(line, pos)
            pos = close + 1 if close >= 0 else -1
        elif ch == "\\":
            pos += 2
        else:
            pos += 1
        if pos < 0:
            return -1
    return -1


def _count_quotes(text: str) -> int:
    return text.count("'") + text.count('"')


def _unquote(word: str) -> str:
    out: list[str] = []
    quote = ""
    pos = 0
    while pos < len(word):
        ch = word[pos]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"' and pos + 1 < len(word) and word[pos + 1] in '"\\$':
                pos += 1
                out.append(word[pos])
            else:
                out.append(ch)
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and pos + 1 < len(word):
            pos += 1
            out.append(word[pos])
        else:
            out.append(ch)
        pos += 1
    return "".join(out)


def go_quote(value: str) -> str:
    """Go's strconv.Quote, as used by BuildKit's Node.Dump."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
