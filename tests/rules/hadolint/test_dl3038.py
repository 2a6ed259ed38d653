"""Tests for DL3038: use -y with dnf install."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3038"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN dnf install httpd\n", [2]),
        ("FROM debian:12\nRUN dnf install httpd\n", [2]),
        ("FROM debian:12\nRUN microdnf install httpd\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN dnf install -y httpd\n",
        "FROM debian:12\nRUN dnf -qy install httpd\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nRUN dnf install httpd\n", "FROM debian:12\nRUN dnf install -y httpd\n"),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
