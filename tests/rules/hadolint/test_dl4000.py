"""Tests for DL4000: MAINTAINER is deprecated."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL4000"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nMAINTAINER Jane Doe <jane@example.com>\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nLABEL maintainer="jane@example.com"\n',
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "FROM debian:12\nMAINTAINER Jane Doe <jane@example.com>\n",
            'FROM debian:12\nLABEL maintainer="Jane Doe <jane@example.com>"\n',
        ),
        ('FROM debian:12\nmaintainer "Jane" $USER\n', 'FROM debian:12\nlabel maintainer="\\"Jane\\" \\$USER"\n'),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
