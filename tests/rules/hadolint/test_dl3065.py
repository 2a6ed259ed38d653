"""Tests for DL3065: FROM --platform=$TARGETPLATFORM is redundant."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3065"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM --platform=$TARGETPLATFORM debian:12\n", [1]),
        ("FROM --platform=${TARGETPLATFORM} debian:12 AS a\n", [1]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=$BUILDPLATFORM debian:12\n",
        "FROM debian:12\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM --platform=$TARGETPLATFORM debian:12\n", "FROM debian:12\n"),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
