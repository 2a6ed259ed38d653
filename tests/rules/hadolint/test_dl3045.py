"""Tests for DL3045: COPY to a relative destination without WORKDIR."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3045"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nCOPY a .\n", [2]),
        ("FROM debian:12\nCOPY a b/\nWORKDIR /app\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nWORKDIR /app\nCOPY a .\n",
        "FROM debian:12\nCOPY a /app/\n",
        "FROM debian:12\nCOPY a $DEST\n",
        "FROM debian:12 AS base\nWORKDIR /app\nFROM base\nCOPY a .\n",  # WORKDIR inherited from the parent stage
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
