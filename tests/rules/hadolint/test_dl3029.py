"""Tests for DL3029: do not use --platform with FROM."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3029"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM --platform=linux/amd64 debian:12\n", [1]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=$BUILDPLATFORM debian:12\n",
        "FROM --platform=${TARGETPLATFORM} debian:12\n",
        "FROM debian:12\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
