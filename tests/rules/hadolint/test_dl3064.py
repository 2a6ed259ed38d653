"""Tests for DL3064: sensitive data in ARG or ENV."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3064"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nARG NPM_TOKEN\n", [2]),
        ("FROM debian:12\nENV DB_PASSWORD=x\n", [2]),
        ("FROM debian:12\nONBUILD ARG github_token\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nARG VERSION=1\n",
        "FROM debian:12\nENV PATH=/x\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
