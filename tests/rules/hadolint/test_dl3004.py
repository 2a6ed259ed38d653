"""Tests for DL3004: do not use sudo."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3004"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN sudo apt-get update\n", [2]),
        ("FROM debian:12\nONBUILD RUN sudo make install\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get update\n",
        "FROM debian:12\nRUN echo sudo\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
