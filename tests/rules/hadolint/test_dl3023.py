"""Tests for DL3023: COPY --from cannot reference its own stage."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3023"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12 AS app\nCOPY --from=app /a /b\n", [2]),
        ("FROM debian:12 AS app\nCOPY --from=APP /a /b\n", [2]),  # BuildKit lower-cases stage names
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
