"""Tests for DL3035: do not use zypper dist-upgrade."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3035"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN zypper dup\n", [2]),
        ("FROM debian:12\nRUN zypper dist-upgrade -y\n", [2]),
        ("FROM debian:12\nRUN zypper -n dup\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN zypper update -y\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
