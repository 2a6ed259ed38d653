"""Tests for DL3010: use ADD for extracting archives."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3010"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n", [2]),
        ("FROM debian:12\nCOPY dist/data.gz /tmp/data.gz\nRUN gunzip /tmp/data.gz\n", [2]),
        ("FROM debian:12\nCOPY app.tgz /tmp/\nRUN tar xzf /tmp/app.tgz\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nCOPY app.tar.gz /tmp/\n",
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -czf /out.tar.gz /opt\n",
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/app.tar.gz\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
