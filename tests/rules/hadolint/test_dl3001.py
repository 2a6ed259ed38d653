"""Tests for DL3001: commands that make no sense in a container."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3001"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN service nginx start\n", [2]),
        ("FROM debian:12\nRUN apt-get install -y vim && vim --version\n", [2]),
        ("FROM debian:12\nONBUILD RUN ps aux\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y vim\n",
        "FROM debian:12\nRUN echo top\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
