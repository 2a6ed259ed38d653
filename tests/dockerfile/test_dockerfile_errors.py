"""What BuildKit rejects raises ParseError naming the line."""

from __future__ import annotations

import pytest

from layerwise.dockerfile import parse, parse_file
from layerwise.errors import LayerwiseError, ParseError


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "file with no instructions"),
        ("# only\n# comments\n", 2, "file with no instructions"),
        ("FROM a\nENV PATH\n", 2, "ENV must have two arguments"),
        ("FROM a\nRUN x\nENV A=1 B\n", 3, "can't find ="),
        ('FROM a\nCMD ["a", ["b"]]\n', 2, "arrays must be comprised of strings only"),
        ("FROM a\nRUN <<EOF\nnever ends\n", 2, "unterminated heredoc"),
        ("# escape=x\nFROM a\n", 1, "invalid escape token"),
        ("# escape=\\\n# escape=`\nFROM a\n", 2, "only one escape parser directive"),
    ],
)
def test_rejected_with_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse(text, "Dockerfile.test")
    error = raised.value
    assert message in error.message
    assert (error.path, error.line) == ("Dockerfile.test", line)
    assert str(error).startswith(f"Dockerfile.test:{line}:")
    assert isinstance(error, LayerwiseError)


def test_missing_file_is_a_parse_error(tmp_path: object) -> None:
    with pytest.raises(ParseError, match="cannot read"):
        parse_file("/nonexistent/Dockerfile")


def test_overlong_line_is_rejected_like_buildkit() -> None:
    with pytest.raises(ParseError, match="max allowed size") as raised:
        parse("FROM a\nRUN " + "x" * 70000 + "\n")
    assert raised.value.line == 2


def test_nul_and_invalid_text_do_not_reach_the_binding_raw() -> None:
    df = parse("FROM a\nRUN echo \x00 b\nRUN \udcff\n")
    assert [i.values for i in df.instructions[1:]] == [["echo \x00 b"], ["\udcff"]]
