"""Tests for DL3057: HEALTHCHECK missing."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3057"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN a\n", [1]),
        ("FROM debian:12 AS a\nHEALTHCHECK CMD x\nFROM debian:12\n", [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/\n",
        "FROM debian:12 AS a\nHEALTHCHECK CMD x\nFROM a\n",  # inherited from the parent stage
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_off_by_default() -> None:
    from layerwise.rules.hadolint.dl3057 import DL3057HealthcheckMissing

    assert DL3057HealthcheckMissing.enabled_by_default is False
