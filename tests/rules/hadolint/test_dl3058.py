"""Tests for DL3058: label is not an email."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3058"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ('FROM debian:12\nLABEL mail="jane at example"\n', [2]),
        ("FROM debian:12\nLABEL mail=jane@\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL mail=jane@example.com\n",
        "FROM debian:12\nLABEL mail=first.last+tag@sub.example.org\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []
