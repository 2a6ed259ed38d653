"""Tests for DL3043: forbidden ONBUILD triggers."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3043"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD FROM debian:12\n", [2]),
        ("FROM debian:12\nONBUILD ONBUILD RUN a\n", [2]),
        ("FROM debian:12\nONBUILD MAINTAINER me\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nONBUILD RUN make\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
