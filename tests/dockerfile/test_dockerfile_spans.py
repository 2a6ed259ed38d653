"""Exact spans for each construct: what a fix replaces must be exactly what was written."""

from __future__ import annotations

import pytest

from layerwise.dockerfile import Dockerfile, Span, parse


def text_of(df: Dockerfile, span: Span | None) -> str:
    assert span is not None
    return df.text[span.start : span.end]


def test_simple_instruction_spans_and_positions() -> None:
    df = parse("FROM debian:bookworm AS build\n\nRUN  echo hi   \n")
    from_ins, run = df.instructions
    assert from_ins.source == "FROM debian:bookworm AS build"
    assert [text_of(df, a.span) for a in from_ins.arguments] == ["debian:bookworm", "AS", "build"]
    assert run.source == "RUN  echo hi   "
    assert text_of(df, run.keyword_span) == "RUN"
    assert text_of(df, run.args_span) == "echo hi"
    assert run.args_span == Span(36, 43, 3, 6, 3, 13)
    assert run.span.line == 3 and run.span.end_line == 3 and run.span.end_column == 16


def test_continuation_keeps_comment_and_empty_lines_out_of_values() -> None:
    text = "RUN apt-get update && \\\n    # a comment\n\n    apt-get install -y curl\nUSER x\n"
    run, user = parse("FROM a\n" + text).instructions[1:]
    assert run.values == ["apt-get update &&     apt-get install -y curl"]
    assert run.source == text.split("\nUSER")[0]
    assert [c.text for c in run.comments] == ["# a comment"]
    assert run.comments[0].span.line == 3 and run.comments[0].span.column == 5
    assert run.empty_continuation_lines == [4]
    assert (run.span.line, run.span.end_line) == (2, 5)
    assert user.span.line == 6


def test_backtick_escape_directive() -> None:
    df = parse("# escape=`\nFROM windows\nRUN dir `\n  c:\\ `\n  /s\n")
    assert df.escape == "`"
    assert [(d.name, d.value) for d in df.directives] == [("escape", "`")]
    assert df.comments == []
    run = df.instructions[1]
    assert run.values == ["dir   c:\\   /s"]
    assert run.source == "RUN dir `\n  c:\\ `\n  /s"


def test_directives_only_at_the_top() -> None:
    df = parse("# syntax=docker/dockerfile:1\n# check=skip=all\n\n# escape=`\nFROM a\n")
    assert [d.name for d in df.directives] == ["syntax", "check"]
    assert df.escape == "\\"
    assert [c.text for c in df.comments] == ["# escape=`"]
    assert text_of(df, df.directives[0].span) == "# syntax=docker/dockerfile:1"


def test_escape_after_check_is_a_comment_like_the_bundled_buildkit() -> None:
    df = parse("# check=skip=all\n# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n")
    assert [(d.name, d.value) for d in df.directives] == [("check", "skip=all"), ("syntax", "docker/dockerfile:1")]
    assert df.escape == "\\"
    assert [c.text for c in df.comments] == ["# escape=`"]


def test_flags_have_exact_spans() -> None:
    text = "FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none --link pip install x\n"
    df = parse(text)
    run = df.instructions[1]
    assert [(f.name, f.value) for f in run.flags] == [
        ("mount", "type=cache,target=/root/.cache"),
        ("network", "none"),
        ("link", None),
    ]
    assert [text_of(df, f.span) for f in run.flags] == [
        "--mount=type=cache,target=/root/.cache",
        "--network=none",
        "--link",
    ]
    assert text_of(df, run.args_span) == "pip install x"
    assert run.flag("network") is not None
    assert run.flag_values("mount") == ["type=cache,target=/root/.cache"]


def test_copy_flags_and_arguments() -> None:
    df = parse("FROM a\nCOPY --from=build --chown=1:1 --chmod=755 /src /dst/\n")
    copy = df.instructions[1]
    assert copy.flag_values("from") == ["build"]
    assert copy.values == ["/src", "/dst/"]
    assert [text_of(df, a.span) for a in copy.arguments] == ["/src", "/dst/"]


def test_json_form_argument_spans() -> None:
    df = parse('FROM a\nCMD [ "nginx", "-g", "daemon off;" ]\nENTRYPOINT ["a\\"b"]\n')
    cmd, entrypoint = df.instructions[1:]
    assert cmd.is_json and cmd.values == ["nginx", "-g", "daemon off;"]
    assert [text_of(df, a.span) for a in cmd.arguments] == ['"nginx"', '"-g"', '"daemon off;"']
    assert entrypoint.values == ['a"b'] and text_of(df, entrypoint.arguments[0].span) == '"a\\"b"'


def test_shell_form_is_not_json() -> None:
    run = parse("FROM a\nRUN [ -f x ] && echo\n").instructions[1]
    assert not run.is_json and run.values == ["[ -f x ] && echo"]


def test_several_heredocs_in_one_instruction() -> None:
    text = 'FROM a\nCOPY <<one <<-"two" /dest/\nfirst\none\n\tsecond\n\ttwo\nRUN true\n'
    df = parse(text)
    copy, run = df.instructions[1:]
    assert copy.source == 'COPY <<one <<-"two" /dest/\nfirst\none\n\tsecond\n\ttwo'
    one, two = copy.heredocs
    assert (one.name, one.content, one.strip_tabs, one.expand) == ("one", "first\n", False, True)
    assert (two.name, two.content, two.strip_tabs, two.expand) == ("two", "second\n", True, False)
    assert text_of(df, one.span) == "first\none"
    assert text_of(df, two.span) == "\tsecond\n\ttwo"
    assert (copy.span.line, copy.span.end_line) == (2, 6)
    assert run.span.line == 7


def test_heredoc_with_file_descriptor_and_empty_body() -> None:
    df = parse("FROM a\nRUN 3<<EOF cat /dev/fd/3\nEOF\n")
    heredoc = df.instructions[1].heredocs[0]
    assert heredoc.file_descriptor == 3 and heredoc.content == ""
    assert text_of(df, heredoc.span) == "EOF"


def test_heredoc_not_in_json_or_other_keywords() -> None:
    df = parse('FROM a\nCMD <<EOF\nRUN ["cat", "<<EOF"]\n')
    assert [i.keyword for i in df.instructions] == ["FROM", "CMD", "RUN"]
    assert all(not i.heredocs for i in df.instructions)


def test_onbuild_has_its_own_instruction() -> None:
    df = parse("FROM a\nONBUILD COPY --from=x a b\nONBUILD RUN <<EOF\necho hi\nEOF\n")
    copy_trigger, run_trigger = df.instructions[1:]
    inner = copy_trigger.onbuild
    assert inner is not None and inner.keyword == "COPY"
    assert text_of(df, inner.keyword_span) == "COPY"
    assert [text_of(df, f.span) for f in inner.flags] == ["--from=x"]
    assert inner.values == ["a", "b"]
    assert inner.source == "COPY --from=x a b"
    assert run_trigger.onbuild is not None and run_trigger.onbuild.heredocs[0].content == "echo hi\n"
    assert run_trigger.source.endswith("EOF")


def test_env_and_label_pairs() -> None:
    df = parse('FROM a\nENV A=1 B="two words"\nENV OLD value with spaces\nLABEL "k"=v\n')
    env, old, label = df.instructions[1:]
    assert env.values == ["A", "1", "B", '"two words"']
    assert [text_of(df, a.span) for a in env.arguments] == ["A", "1", "B", '"two words"']
    assert not env.legacy_name_value
    assert old.legacy_name_value and old.values == ["OLD", "value with spaces"]
    assert text_of(df, old.arguments[1].span) == "value with spaces"
    assert label.values == ['"k"', "v"]


def test_comments_between_instructions_belong_to_none() -> None:
    df = parse("# top\nFROM a\n  # indented\nRUN x\n")
    assert [c.text for c in df.comments] == ["# top", "# indented"]
    assert all(not i.comments for i in df.instructions)
    assert df.comments[1].span.column == 3


def test_crlf_and_bom() -> None:
    df = parse("\ufeffFROM a\r\nRUN echo \\\r\n  hi\r\n")
    from_ins, run = df.instructions
    assert from_ins.source == "FROM a"
    assert (from_ins.span.start, from_ins.span.column, from_ins.arguments[0].span.column) == (1, 1, 6)  # no BOM column
    assert run.values == ["echo   hi"]
    assert run.source == "RUN echo \\\r\n  hi"


def test_continuation_at_end_of_file() -> None:
    df = parse("FROM a\nRUN echo \\")
    assert df.instructions[1].source == "RUN echo \\"
    assert df.instructions[1].values == ["echo"]


def test_unknown_instruction_and_case() -> None:
    df = parse("from a\nfoo bar\nrun echo\n")
    assert [i.keyword for i in df.instructions] == ["FROM", "FOO", "RUN"]
    assert text_of(df, df.instructions[2].keyword_span) == "run"


@pytest.mark.parametrize(
    ("expansion", "is_heredoc"),
    [
        ("${A}", True),
        ("${A:-x}", True),
        ("${A-x}", True),
        ("${A:x}", True),  # an unknown modifier passes while the variable is unset
        ("${A::-x}", True),
        ('"${A:-${B}}"', True),
        ("'${A'", True),  # single quotes: no expansion
        ("${A/b/c}", False),  # the bundled lexer fails here, so BuildKit finds no heredoc
        ("${A%b}", False),
        ("${A", False),
        ("${A B}", False),
        ("${}", False),
        ("${A:}", False),
        ('"${A"', False),
        ('${A:-"x}"', False),
    ],
)
def test_heredoc_found_only_where_buildkit_lexes_the_line(expansion: str, is_heredoc: bool) -> None:
    df = parse(f"FROM a\nRUN x {expansion} <<E\nbody\nE\n")
    assert bool(df.instructions[1].heredocs) is is_heredoc
    assert len(df.instructions) == (2 if is_heredoc else 4)  # otherwise "body" and "E" are instructions
