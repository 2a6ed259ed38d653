"""Tests for DL3015: avoid additional packages by specifying --no-install-recommends."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3015"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN apt-get install -y curl\n", [2]),
        ("FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n", [2, 3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get install -y curl --no-install-recommends\n",
        "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n",
        "FROM debian:12\nRUN apt-get -o 'APT::Install-Recommends=0' install -y curl\n",
        "FROM debian:12\nRUN apt-get update\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_is_unsafe_and_inserts_the_flag() -> None:
    text = "FROM debian:12\nRUN apt-get install -y curl\n"
    findings = lint(text, CODE)
    assert apply_fixes(text, findings) == text  # unsafe: not applied by default
    assert apply_fixes(text, findings, unsafe=True) == (
        "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n"
    )
