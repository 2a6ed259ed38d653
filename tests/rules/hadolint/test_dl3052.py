"""Tests for DL3052: label is not a URL."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3052"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nLABEL url=github.com/org/repo\n", [2]),
        ('FROM debian:12\nLABEL url="not a url"\n', [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL url=https://github.com/org/repo\n",
        "FROM debian:12\nLABEL url=$URL\n",
        "FROM debian:12\nLABEL other=x\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []
