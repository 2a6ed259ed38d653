"""Tests for DL3037: pin versions in zypper install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3037"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN zypper install -y httpd\n", [2]),
        ("FROM debian:12\nRUN zypper install -y httpd\n", [2]),
        ("FROM debian:12\nRUN zypper in -y httpd=2.4 vim\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN zypper install -y httpd=2.4.58\n",
        "FROM debian:12\nRUN zypper install -y 'httpd>=2.4' /tmp/x.rpm\n",
        "FROM debian:12\nRUN zypper refresh\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
