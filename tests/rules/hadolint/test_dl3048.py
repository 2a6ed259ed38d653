"""Tests for DL3048: invalid label key."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3048"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nLABEL Maintainer=x\n", [2]),
        ("FROM debian:12\nLABEL com.docker.thing=x\n", [2]),
        ("FROM debian:12\nLABEL a..b=x other=y\n", [2]),
        ('FROM debian:12\nLABEL "has space"=x\n', [2]),
        ("FROM debian:12\nLABEL ends-=x\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nLABEL org.opencontainers.image.title="x" maintainer=me version=1\n',
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
