"""Tests for DL3044: ENV self reference."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3044"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nENV A=/app B=$A/bin\n", [2]),
        ("FROM debian:12\nENV B=${A}/bin A=/app\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nENV A=/app\nENV B=$A/bin\n",
        "FROM debian:12\nENV PATH=$PATH:/x\n",
        "FROM debian:12\nENV A=1 B=$AB\n",
        "FROM debian:12\nARG A\nENV A=/app B=$A/bin\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
