"""Tests for DL3011: valid port range."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3011"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nEXPOSE 80 65536\n", [2]),
        ("FROM debian:12\nEXPOSE 8000-70000/tcp\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nEXPOSE 80 443/tcp 8000-8100/udp 65535\n",
        "FROM debian:12\nEXPOSE $PORT\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
