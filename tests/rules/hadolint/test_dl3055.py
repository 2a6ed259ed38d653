"""Tests for DL3055: label is not a git hash."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3055"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nLABEL rev=main\n", [2]),
        ("FROM debian:12\nLABEL rev=ABCDEF1\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL rev=9f3c2a1\n",
        "FROM debian:12\nLABEL rev=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []
