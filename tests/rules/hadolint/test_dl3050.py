"""Tests for DL3050: superfluous labels with strict labels."""

from __future__ import annotations

import pytest

from rules.helpers import lint

STRICT = {"label_schema": {"version": "semver"}, "strict_labels": True}

CODE = "DL3050"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nLABEL version=1.0.0 extra=x\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **STRICT)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL version=1.0.0\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **STRICT) == []


def test_off_without_strict_labels() -> None:
    assert lint("FROM debian:12\nLABEL extra=x\n", CODE, label_schema={"version": "semver"}) == []
