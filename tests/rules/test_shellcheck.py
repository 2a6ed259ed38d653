"""ShellCheck on RUN: script building, exact positions, skips and batching."""

from __future__ import annotations

from layerwise.dockerfile import parse
from layerwise.rules.base import Applicability
from layerwise.rules.shellcheck import scripts_for, shellcheck_findings


def found(text: str) -> list[tuple[int, int, str]]:
    (findings,) = shellcheck_findings([parse(text)])
    return sorted((f.line, f.column, f.code) for f in findings)


def test_positions_map_to_the_dockerfile_line_and_column() -> None:
    text = "FROM debian\nRUN --mount=type=cache,target=/x true \\\n    # why\n\n    && echo $undefined\n"
    assert found(text) == [(5, 13, "SC2086"), (5, 13, "SC2154")]


def test_declared_arg_env_and_proxy_names_are_exported() -> None:
    text = 'FROM debian\nARG A\nENV B=1 C=2\nENV D 4\nRUN echo "$A $B $C $D $http_proxy"\n'
    assert found(text) == []


def test_heredoc_body_is_the_script() -> None:
    text = "FROM debian\nRUN <<EOF\necho hi\ncd /tmp\nEOF\n"
    assert found(text) == [(4, 1, "SC2164")]


def test_heredoc_with_tabs_stripped_keeps_columns() -> None:
    text = "FROM debian\nRUN <<-EOF\n\t\techo $undefined\nEOF\n"
    assert (3, 8, "SC2154") in found(text)


def test_heredoc_with_a_foreign_shebang_is_skipped() -> None:
    text = "FROM debian\nRUN <<EOF\n#!/usr/bin/env python3\nprint($x)\nEOF\n"
    assert found(text) == []


def test_exec_form_and_powershell_are_skipped() -> None:
    assert found('FROM debian\nRUN ["sh", "-c", "echo $x"]\n') == []
    assert found('FROM mcr\nSHELL ["pwsh", "-Command"]\nRUN echo $x\n') == []
    assert found("FROM mcr\n# hadolint shell=powershell\nRUN echo $x\n") == []


def test_shell_and_variables_are_inherited_from_the_parent_stage() -> None:
    text = 'FROM debian AS base\nSHELL ["/bin/bash", "-c"]\nARG V\nFROM base\nRUN echo "$V" && [[ -n "$V" ]]\n'
    scripts = scripts_for(parse(text))
    assert scripts[0].text.startswith("#!/bin/bash\nexport V=1\n")
    assert found(text) == []


def test_sh_specific_warning_under_default_shell() -> None:
    assert found('FROM debian\nRUN [[ -n "$HOME" ]]\n') == [(2, 5, "SC3010")]


def test_onbuild_run_is_checked() -> None:
    assert found("FROM debian\nONBUILD RUN echo $undefined\n") == [(2, 18, "SC2086"), (2, 18, "SC2154")]


def test_fix_edits_are_exact_and_unsafe() -> None:
    text = "FROM debian\nRUN echo `date`\n"
    dockerfile = parse(text)
    (findings,) = shellcheck_findings([dockerfile])
    fix = next(f.fix for f in findings if f.code == "SC2006")
    assert fix is not None and fix.applicability is Applicability.UNSAFE
    new = text
    for edit in sorted(fix.edits, reverse=True):
        new = new[: edit.start] + edit.replacement + new[edit.end :]
    assert new == "FROM debian\nRUN echo $(date)\n"


def test_many_files_batched_in_order() -> None:
    dockerfiles = [parse(f"FROM debian\nRUN echo ${'{'}u{i}{'}'}\n", f"f{i}") for i in range(60)]
    results = shellcheck_findings(dockerfiles, jobs=2)
    assert [{f.path for f in r} for r in results] == [{f"f{i}"} for i in range(60)]
    assert all(
        f.message == f"u{i} is referenced but not assigned."
        for i, r in enumerate(results)
        for f in r
        if f.code == "SC2154"
    )


def test_blanks_after_the_escape_still_continue_the_line() -> None:
    text = "FROM debian\nRUN true && \\  \n    echo $undefined\n"
    assert found(text) == [(3, 10, "SC2086"), (3, 10, "SC2154")]


def test_backtick_escape_becomes_a_shell_continuation() -> None:
    text = "# escape=`\nFROM debian\nRUN true && `\n    echo $undefined\n"
    assert found(text) == [(4, 10, "SC2086"), (4, 10, "SC2154")]
