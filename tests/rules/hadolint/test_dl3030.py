"""Tests for DL3030: use -y with yum install."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3030"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN yum install httpd\n", [2]),
        ("FROM debian:12\nONBUILD RUN yum groupinstall 'Dev Tools'\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN yum install -y httpd\n",
        "FROM debian:12\nRUN yum --assumeyes install httpd\n",
        "FROM debian:12\nRUN yum clean all\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "FROM debian:12\nRUN yum install httpd && yum -q localinstall x.rpm\n",
            "FROM debian:12\nRUN yum install -y httpd && yum -q localinstall -y x.rpm\n",
        ),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed
