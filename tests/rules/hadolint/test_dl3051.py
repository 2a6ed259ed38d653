"""Tests for DL3051: empty label."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3051"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ('FROM debian:12\nLABEL title=""\n', [2]),
        ("FROM debian:12\nLABEL version=\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL title=x\n",
        'FROM debian:12\nLABEL other=""\n',
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []
