"""Tests for DL4001: either wget or curl, not both."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL4001"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN wget http://x/a\nRUN curl -O http://x/b\n", [3]),
        ("FROM debian:12\nRUN wget http://x/a && curl -O http://x/b\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN wget http://x/a\nFROM debian:12\nRUN curl -O http://x/b\n",
        "FROM debian:12\nRUN curl -O http://x/a\nRUN curl -O http://x/b\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
