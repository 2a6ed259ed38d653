"""Tests for DL3007: do not use latest."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3007"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:latest\n", [1]),
        ("FROM debian:12 AS a\nFROM node:latest AS b\n", [2]),
        ("ARG TAG=latest\nFROM debian:$TAG\n", [2]),  # ARG default is latest
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\n",
        "FROM debian:latest@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        "FROM debian\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
