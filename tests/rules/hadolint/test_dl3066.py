"""Tests for DL3066: non-numeric USER."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3066"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nUSER app\n", [2]),
        ("FROM debian:12\nUSER app:1000\n", [2]),
        ("FROM debian:12\nARG U=app\nUSER $U\n", [3]),  # ARG default is a name
        ("FROM debian:12\nUSER $UNDECLARED\n", [2]),  # not declared: judged as written
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nUSER 1000\n",
        "FROM debian:12\nUSER 1000:1000\n",
        "FROM debian:12\nARG U\nUSER $U\n",  # value unknown
        "FROM debian:12\nARG U=1000\nUSER ${U}\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
