"""Tests for DL3061: a Dockerfile must begin with FROM or ARG."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3061"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("LABEL a=b\nFROM debian:12\n", [1]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "ARG V=12\nFROM debian:$V\n",
        "# comment\nFROM debian:12\nLABEL a=b\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
