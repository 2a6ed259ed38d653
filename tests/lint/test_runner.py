"""The runner: rule selection, severities, crashes as findings, many files in one run."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from layerwise.dockerfile import parse
from layerwise.errors import ParseError
from layerwise.lint import runner
from layerwise.lint.config import LintConfig
from layerwise.lint.runner import INTERNAL_ERROR, finish, lint_files, lint_text, run_rules
from layerwise.rules.base import Finding, Rule, RuleContext, Severity


class Crashes(Rule):
    """What it does: crashes (a test rule)."""

    code = "XX002"
    severity = Severity.ERROR
    message = "never"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        raise KeyError("boom")


class FlagsFrom(Rule):
    """What it does: flags FROM (a test rule)."""

    code = "XX003"
    severity = Severity.WARNING
    message = "a FROM"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return [ctx.finding(i) for i in ctx.instructions("FROM")]


def test_a_crashing_rule_becomes_an_internal_error_finding() -> None:
    dockerfile = parse("FROM a\n")
    findings = run_rules(dockerfile, LintConfig(), [Crashes, FlagsFrom])
    assert [f.code for f in findings] == [INTERNAL_ERROR, "XX003"]
    assert "XX002" in findings[0].message and "KeyError" in findings[0].message


def test_severity_override_and_ignore_level() -> None:
    dockerfile = parse("FROM a\n")
    raw = run_rules(dockerfile, LintConfig(), [FlagsFrom])
    assert finish(dockerfile, raw, LintConfig(severity={"XX003": Severity.ERROR}))[0].severity is Severity.ERROR
    assert finish(dockerfile, raw, LintConfig(severity={"XX003": Severity.IGNORE})) == []
    assert finish(dockerfile, raw, LintConfig(ignore=["XX"])) == []


def test_lint_text_sorted_and_parse_error_raises() -> None:
    findings = lint_text("FROM debian\nRUN cd /x && echo $Y\n", config=LintConfig(select=["DL", "SC"]))
    keys = [(f.line, f.column, f.code) for f in findings]
    assert keys == sorted(keys)
    with pytest.raises(ParseError):
        lint_text("FROM a\nRUN <<EOF\necho\n")


def test_default_rules_do_not_crash_on_a_varied_file() -> None:
    text = (
        "# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm\nFROM ${BASE} AS build\n"
        "RUN apt-get update && apt-get install -y curl\nCOPY . /src\nWORKDIR /src\n"
        "RUN <<EOF\nset -e\nmake\nEOF\nONBUILD RUN pip install x\n"
        'FROM scratch\nCOPY --from=build /src/out /out\nUSER 1000\nCMD ["/out"]\n'
    )
    findings = lint_text(text, config=LintConfig(shellcheck=False, select=["ALL"]))
    crashes = [f.message for f in findings if f.code == INTERNAL_ERROR]
    assert crashes == []


def test_lint_files_keeps_going_after_a_bad_file(tmp_path: Path) -> None:
    good = tmp_path / "Dockerfile"
    good.write_text("FROM debian:bookworm\nRUN echo $X\n")
    bad = tmp_path / "bad.Dockerfile"
    bad.write_text("FROM a\nRUN <<EOF\necho\n")
    results = lint_files([str(bad), str(tmp_path / "missing"), str(good)], lambda _: LintConfig(select=["SC"]))
    assert isinstance(results[0].error, ParseError)
    assert results[1].error is not None and "no such file" in str(results[1].error)
    assert results[2].error is None
    assert [f.code for f in results[2].findings] == ["SC2086"]
    assert results[0].failed and results[1].failed and results[2].failed


def test_lint_files_reads_stdin() -> None:
    results = lint_files(["-"], stdin=lambda: "FROM debian:bookworm\n")
    assert results[0].path == "-" and results[0].error is None


def test_failed_respects_threshold() -> None:
    results = lint_files(
        ["-"],
        lambda _: LintConfig(select=["SC"], failure_threshold=Severity.WARNING),
        stdin=lambda: "FROM a\nRUN echo $X\n",
    )
    assert [f.severity for f in results[0].findings] == [Severity.INFO]
    assert not results[0].failed


def test_enabled_rules_follow_config() -> None:
    codes = {r.code for r in runner.enabled_rules(LintConfig())}
    assert "DL1001" not in codes
    assert "DL1001" in {r.code for r in runner.enabled_rules(LintConfig(extend_select=["DL1001"]))}
