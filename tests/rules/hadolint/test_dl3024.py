"""Tests for DL3024: stage names must be unique."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3024"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12 AS build\nFROM debian:12 AS build\n", [2]),
        ("FROM debian:12 AS a\nFROM debian:12 AS A\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12 AS a\nFROM debian:12 AS b\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
