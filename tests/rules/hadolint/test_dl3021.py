"""Tests for DL3021: COPY with several sources needs a trailing slash."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3021"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nCOPY a b /app\n", [2]),
        ('FROM debian:12\nCOPY ["a", "b", "/app"]\n', [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nCOPY a /app\n",
        "FROM debian:12\nCOPY a b /app/\n",
        'FROM debian:12\nCOPY a b "/app/"\n',
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nCOPY a b /app\n", "FROM debian:12\nCOPY a b /app/\n"),
        ('FROM debian:12\nCOPY ["a", "b", "/app"]\n', 'FROM debian:12\nCOPY ["a", "b", "/app/"]\n'),
        ('FROM debian:12\nCOPY a b "/app"\n', 'FROM debian:12\nCOPY a b "/app/"\n'),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
