"""Tests for DL4004: multiple ENTRYPOINT instructions."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL4004"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ('FROM debian:12\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nENTRYPOINT ["a"]\nFROM debian:12\nENTRYPOINT ["b"]\n',
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
