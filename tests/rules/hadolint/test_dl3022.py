"""Tests for DL3022: COPY --from should reference a previous stage."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3022"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nCOPY --from=build /a /b\n", [2]),
        ("FROM debian:12\nCOPY --from=later /a /b\nFROM debian:12 AS later\n", [2]),
        ("FROM debian:12\nCOPY --from=5 /a /b\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12 AS build\nFROM debian:12\nCOPY --from=build /a /b\n",
        "FROM debian:12 AS Build\nFROM debian:12\nCOPY --from=BUILD /a /b\n",
        "FROM debian:12\nFROM debian:12\nCOPY --from=0 /a /b\n",
        "FROM debian:12\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
