"""Tests for DL3034: non-interactive switch for zypper."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3034"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN zypper install httpd\n", [2]),
        ("FROM debian:12\nRUN zypper install httpd\n", [2]),
        ("FROM debian:12\nRUN zypper rm vim\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN zypper -n install httpd\n",
        "FROM debian:12\nRUN zypper install --no-confirm httpd\n",
        "FROM debian:12\nRUN zypper refresh\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nRUN zypper in httpd\n", "FROM debian:12\nRUN zypper in -y httpd\n"),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
