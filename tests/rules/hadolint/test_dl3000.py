"""Tests for DL3000: use absolute WORKDIR."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3000"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nWORKDIR app\n", [2]),
        ('FROM debian:12\nWORKDIR /app\nWORKDIR "src"\n', [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nWORKDIR /app\n",
        'FROM debian:12\nWORKDIR "/app"\n',
        "FROM debian:12\nWORKDIR $HOME/app\n",
        "FROM debian:12\nWORKDIR C:\\\\app\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nWORKDIR /usr/src\nWORKDIR app\n", "FROM debian:12\nWORKDIR /usr/src\nWORKDIR /usr/src/app\n"),
        (
            "FROM debian:12\nWORKDIR /a\nWORKDIR b\nWORKDIR ../c\n",
            "FROM debian:12\nWORKDIR /a\nWORKDIR /a/b\nWORKDIR /a/c\n",
        ),
        (
            "FROM debian:12 AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\n",
            "FROM debian:12 AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/app\n",
        ),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nWORKDIR app\n",  # the base image's WORKDIR is unknown
        "FROM debian:12\nWORKDIR $DIR\nWORKDIR app\n",  # previous WORKDIR from a variable
    ],
)
def test_no_fix_when_unsure(text: str) -> None:
    findings = lint(text, CODE)
    assert findings
    assert all(f.fix is None for f in findings)
