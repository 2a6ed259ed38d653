"""Tests for DL3041: pin versions in dnf install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3041"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN dnf install -y httpd\n", [2]),
        ("FROM debian:12\nRUN dnf install -y httpd && dnf clean all\n", [2]),
        ("FROM debian:12\nRUN microdnf install -y httpd\n", [2]),
        ("FROM debian:12\nRUN dnf module install -y nodejs\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN dnf install -y httpd-2.4.57\n",
        "FROM debian:12\nRUN dnf module install -y nodejs:18\n",
        "FROM debian:12\nRUN dnf group install -y 'Development Tools'\n",
        "FROM debian:12\nRUN dnf install -y /tmp/x.rpm\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
