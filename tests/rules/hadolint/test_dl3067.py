"""Tests for DL3067: do not copy an entire filesystem."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3067"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12 AS b\nFROM scratch\nCOPY --from=b / /\n", [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12 AS b\nFROM scratch\nCOPY --from=b /app /\n",
        "FROM debian:12\nCOPY / /x\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
