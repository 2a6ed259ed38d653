"""Tests for DL3046: useradd with a high UID needs -l."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3046"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN useradd -u 123456 app\n", [2]),
        ("FROM debian:12\nRUN useradd -u 123456 app\n", [2]),
        ("FROM debian:12\nRUN useradd --uid=1000000 app\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nARG UID=1000\nRUN useradd --uid $UID app\n",
        "FROM debian:12\nRUN useradd -l -u 123456 app\n",
        "FROM debian:12\nRUN useradd -u 1000 app\n",
        "FROM debian:12\nRUN useradd --no-log-init -u 123456 app\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nRUN useradd -u 123456 app\n", "FROM debian:12\nRUN useradd -l -u 123456 app\n"),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
