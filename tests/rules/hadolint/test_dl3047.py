"""Tests for DL3047: wget without progress."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3047"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN wget http://x/a.tgz\n", [2]),
        ("FROM debian:12\nONBUILD RUN wget -O a http://x/a\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN wget -q http://x/a\n",
        "FROM debian:12\nRUN wget -nv http://x/a\n",
        "FROM debian:12\nRUN wget --progress=dot:giga http://x/a\n",
        "FROM debian:12\nRUN wget -qO- http://x/a | sh\n",
        "FROM debian:12\nRUN wget -o /log http://x/a\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "FROM debian:12\nRUN wget http://x/a && wget http://x/b\n",
            "FROM debian:12\nRUN wget --progress=dot:giga http://x/a && wget --progress=dot:giga http://x/b\n",
        ),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
