"""Tests for DL3002: last USER should not be root."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3002"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nUSER root\n", [2]),
        ("FROM debian:12\nUSER app\nUSER 0:0\n", [3]),
        ("FROM debian:12 AS base\nUSER root\nFROM base\nRUN id\n", [2]),  # inherited by the final stage
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nUSER root\nRUN id\nUSER app\n",
        "FROM debian:12\nRUN id\n",
        "FROM debian:12 AS build\nUSER root\nFROM debian:12\nUSER app\n",  # the build stage does not ship
        "FROM debian:12 AS build\nUSER root\nFROM debian:12\nCOPY --from=build /x /x\n",  # only copied from
        "FROM debian:12 AS base\nUSER root\nFROM base\nUSER app\n",  # the final stage changes it
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
