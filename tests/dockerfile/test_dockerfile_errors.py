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


def test_buildkit_is_asked_only_when_ours_rejects(monkeypatch: pytest.MonkeyPatch) -> None:
    from layerwise.dockerfile import parser

    asked: list[str] = []
    real = parser._buildkit

    def counting() -> object:
        asked.append("buildkit")
        return real()

    monkeypatch.setattr(parser, "_buildkit", counting)
    parse('FROM a AS b\nRUN echo "x" \\\n  && y\nCMD ["z"]\nONBUILD ENV A\n')
    assert asked == []  # ONBUILD's instruction is not BuildKit's parser's business either
    with pytest.raises(ParseError, match="ENV must have two arguments"):
        parse("FROM a\nENV PATH\n")
    assert asked


def test_buildkit_values_win_when_it_accepts_what_ours_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    from layerwise.dockerfile import arguments, parser

    real = arguments.split_arguments

    def rejecting_cmd(keyword: str, *rest: object) -> arguments.SplitArguments:
        if keyword == "cmd":
            raise arguments.ArgumentError("ours is wrong here")
        return real(keyword, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(parser, "split_arguments", rejecting_cmd)
    df = parse('FROM a\nCMD ["run", "me"]\n')
    assert df.instructions[1].values == ["run", "me"]
    assert df.instructions[1].is_json
