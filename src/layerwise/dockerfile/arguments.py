"""Per-instruction argument splitting (BuildKit's dispatch table in line_parsers.go), with ranges."""

from __future__ import annotations

from dataclasses import dataclass, field

from layerwise.dockerfile.lexing import (
    GO_WHITESPACE,
    SPACES,
    Range,
    parse_json_array,
    parse_words,
    split_whitespace,
)

_WHITESPACE_LIST = {"from", "expose"}
_MAYBE_JSON_LIST = {"add", "copy", "volume"}
_MAYBE_JSON = {"cmd", "entrypoint", "run", "shell"}
_STRING = {"maintainer", "stopsignal", "user", "workdir"}
_NAME_VALUE = {"env", "label"}
KNOWN_KEYWORDS = (
    _WHITESPACE_LIST | _MAYBE_JSON_LIST | _MAYBE_JSON | _STRING | _NAME_VALUE | {"arg", "healthcheck", "onbuild"}
)


class ArgumentError(ValueError):
    """BuildKit rejects the instruction's arguments."""


@dataclass
class SplitArguments:
    values: list[tuple[str, Range]] = field(default_factory=list)
    is_json: bool = False
    legacy_name_value: bool = False  # ENV/LABEL written `KEY value`


def split_arguments(keyword: str, line: str, args: Range, escape: str) -> SplitArguments:
    """The values BuildKit's parser yields for `keyword` (lower case) and where each stands."""
    start, end = args
    if keyword in _WHITESPACE_LIST:
        return SplitArguments(split_whitespace(line, start, end))
    if keyword in _MAYBE_JSON_LIST:
        return _maybe_json(line, start, end) or SplitArguments(split_whitespace(line, start, end))
    if keyword in _MAYBE_JSON:
        return _maybe_json_or_string(line, start, end)
    if keyword in _STRING:
        return SplitArguments([(line[start:end], (start, end))] if end > start else [])
    if keyword in _NAME_VALUE:
        return _name_value(keyword, line, start, end, escape)
    if keyword == "arg":
        return SplitArguments(parse_words(line, start, end, escape))
    if keyword == "healthcheck":
        return _healthcheck(line, start, end)
    if keyword == "onbuild":
        return SplitArguments()  # the inner instruction is parsed on its own
    return SplitArguments([("", (start, start))])  # parseIgnore: an unknown instruction


def _maybe_json(line: str, start: int, end: int) -> SplitArguments | None:
    try:
        values = parse_json_array(line, start, end)
    except ValueError as error:
        raise ArgumentError(str(error)) from None
    return None if values is None else SplitArguments(values, is_json=True)


def _maybe_json_or_string(line: str, start: int, end: int) -> SplitArguments:
    if end <= start:
        return SplitArguments()
    return _maybe_json(line, start, end) or SplitArguments([(line[start:end], (start, end))])


def _name_value(keyword: str, line: str, start: int, end: int, escape: str) -> SplitArguments:
    words = parse_words(line, start, end, escape)
    if not words:
        return SplitArguments()
    if "=" not in words[0][0]:
        gap = GO_WHITESPACE.search(line, start, end)
        if gap is None:
            raise ArgumentError(f"{keyword.upper()} must have two arguments")
        key = (line[start : gap.start()], (start, gap.start()))
        value = (line[gap.end() : end], (gap.end(), end))
        return SplitArguments([key, value], legacy_name_value=True)
    values: list[tuple[str, Range]] = []
    for word, (word_start, word_end) in words:
        if "=" not in word:
            raise ArgumentError(f'Syntax error - can\'t find = in "{word}". Must be of the form: name=value')
        name, assigned = word.split("=", 1)
        equals = line.index("=", word_start, word_end)
        values.append((name, (word_start, equals)))
        values.append((assigned, (equals + 1, word_end)))
    return SplitArguments(values)


def _healthcheck(line: str, start: int, end: int) -> SplitArguments:
    sep = start
    while sep < end and line[sep] not in SPACES:
        sep += 1
    if sep == start:
        return SplitArguments()
    after = sep
    while after < end and line[after] in SPACES:
        after += 1
    rest = _maybe_json_or_string(line, after, end)
    return SplitArguments([(line[start:sep], (start, sep)), *rest.values], is_json=rest.is_json)
