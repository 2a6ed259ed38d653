"""Tests for DL3040: dnf clean all missing after dnf command."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3040"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM fedora:40\nRUN dnf install -y httpd\n", [2]),
        ("FROM fedora:40\nRUN dnf -y upgrade\n", [2]),
        ("FROM ubi:9\nRUN microdnf install -y curl\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
        "FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/libdnf5*\n",
        "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y httpd\n",
        "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\n",
        "FROM fedora:40\nRUN dnf makecache\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_uses_the_same_command_name() -> None:
    text = "FROM ubi:9\nRUN microdnf install -y curl\n"
    assert apply_fixes(text, lint(text, CODE)) == "FROM ubi:9\nRUN microdnf install -y curl && microdnf clean all\n"
