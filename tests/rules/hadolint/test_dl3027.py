"""Tests for DL3027: do not use apt."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3027"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN apt update && apt install -y curl\n", [2]),
        ("FROM debian:12\nRUN apt list --installed\n", [2]),
        ("FROM debian:12\nONBUILD RUN apt install -y curl\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-cache policy curl\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "FROM debian:12\nRUN apt update && apt install -y curl\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        ),
        ("FROM debian:12\nRUN apt show curl\n", "FROM debian:12\nRUN apt-cache show curl\n"),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt list --installed\n",  # apt-get has no list
    ],
)
def test_no_fix_when_unsure(text: str) -> None:
    findings = lint(text, CODE)
    assert findings
    assert all(f.fix is None for f in findings)
