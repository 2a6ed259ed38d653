"""The shared rule-test helpers in tests/rules/helpers.py."""

from __future__ import annotations

import pytest

from layerwise.rules.base import Applicability, Edit, Finding, Fix, Severity
from rules.helpers import apply_fixes, lint


def finding(*edits: Edit, unsafe: bool = False) -> Finding:
    applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
    return Finding("XX001", Severity.INFO, "m", "Dockerfile", 1, 1, 1, 1, Fix("t", edits, applicability))


def test_apply_fixes_in_offset_order_and_skips_overlaps_and_unsafe() -> None:
    text = "RUN apt-get install curl"
    first = finding(Edit.insert(20, "-y "))
    overlapping = finding(Edit(18, 24, "xx"))
    unsafe = finding(Edit(0, 3, "run"), unsafe=True)
    assert apply_fixes(text, [first, overlapping, unsafe]) == "RUN apt-get install -y curl"
    assert apply_fixes(text, [first, unsafe], unsafe=True) == "run apt-get install -y curl"


def test_lint_runs_one_rule_with_pragmas() -> None:
    text = "FROM debian\n# hadolint ignore=DL1001\nRUN true\n"
    assert [f.line for f in lint(text, "DL1001")] == [2]


def test_lint_unknown_code() -> None:
    with pytest.raises(AssertionError, match="no rule"):
        lint("FROM a\n", "DL9999")


def test_lint_shellcheck_code() -> None:
    assert [f.code for f in lint("FROM a\nRUN echo $x\n", "SC2086")] == ["SC2086"]
