"""Tests for DL3006: tag the version of an image."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3006"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian\n", [1]),
        ("FROM localhost:5000/app\n", [1]),
        ("FROM debian:12 AS build\nFROM ubuntu\n", [2]),
        ("ARG BASE=debian\nFROM $BASE\n", [2]),  # hadolint skips every $ image
        ("FROM --platform=$BUILDPLATFORM golang AS b\n", [1]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\n",
        "FROM localhost:5000/app:1.0\n",
        "FROM debian@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        "FROM scratch\n",
        "FROM debian:12 AS build\nFROM build\n",
        "ARG BASE=debian:12\nFROM ${BASE}\n",  # ARG default has a tag
        "ARG BASE\nFROM $BASE\n",  # value unknown
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
