"""Tests for DL3063: stage names should not be reserved words."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3063"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12 AS scratch\n", [1]),
        ("FROM debian:12 AS context\n", [1]),
        ("FROM debian:12 AS Scratch\n", [1]),  # BuildKit lower-cases stage names
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12 AS base\n",
        "FROM scratch\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
