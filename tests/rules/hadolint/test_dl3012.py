"""Tests for DL3012: multiple HEALTHCHECK instructions."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3012"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n", [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nHEALTHCHECK CMD a\nFROM debian:12\nHEALTHCHECK CMD b\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
