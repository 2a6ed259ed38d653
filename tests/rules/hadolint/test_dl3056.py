"""Tests for DL3056: label is not semantic versioning."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3056"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nLABEL version=v1\n", [2]),
        ("FROM debian:12\nLABEL version=1.0\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL version=1.4.2\n",
        "FROM debian:12\nLABEL version=1.0.0-rc.1+build.5\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []


def test_names_the_label() -> None:
    (finding,) = lint("FROM debian:12\nLABEL version=v1\n", CODE, **SCHEMA)
    assert finding.message == "Label `version` does not conform to semantic versioning."
