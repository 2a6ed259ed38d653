"""Tests for DL3054: label is not an SPDX identifier."""

from __future__ import annotations

import pytest

from rules.helpers import LABEL_SCHEMA as SCHEMA
from rules.helpers import lint

CODE = "DL3054"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ('FROM debian:12\nLABEL license="Apache 2"\n', [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **SCHEMA)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nLABEL license=Apache-2.0\n",
        "FROM debian:12\nLABEL license=MIT\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **SCHEMA) == []
