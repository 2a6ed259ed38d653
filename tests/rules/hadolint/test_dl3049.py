"""Tests for DL3049: required label missing."""

from __future__ import annotations

import pytest

from rules.helpers import lint

SCHEMA = {"label_schema": {"version": "semver"}}

CODE = "DL3049"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN a\n", [1]),
        ("FROM debian:12 AS a\nFROM debian:12\nLABEL version=1.0.0\n", [1]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL version=1.0.0\n",
        "FROM debian:12 AS a\nLABEL version=1.0.0\nFROM a\n",  # inherited from the parent stage
        "FROM debian:12 AS build\nFROM debian:12\nLABEL version=1.0.0\nCOPY --from=build /a /a\n",  # stage only copied from
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []


def test_names_the_label() -> None:
    (finding,) = lint("FROM debian:12\n", CODE, **SCHEMA)
    assert finding.message == "Label `version` is missing."


def test_off_without_schema() -> None:
    assert lint("FROM debian:12\n", CODE) == []
