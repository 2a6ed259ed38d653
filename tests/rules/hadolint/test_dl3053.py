"""Tests for DL3053: label is not RFC3339 time."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3053"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nLABEL created=yesterday\n", [2]),
        ("FROM debian:12\nLABEL created=2024-13-01T00:00:00Z\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL created=2024-05-01T12:00:00Z\n",
        "FROM debian:12\nLABEL created=2024-05-01T12:00:00.5+02:00\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []
