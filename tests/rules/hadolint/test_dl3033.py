"""Tests for DL3033: pin versions in yum install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3033"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN yum install -y httpd && yum clean all\n", [2]),
        ("FROM debian:12\nRUN yum install -y httpd-2.4 mod_ssl\n", [2]),
        ("FROM debian:12\nRUN yum module install -y nodejs\n", [2]),
        ("FROM debian:12\nONBUILD RUN yum install -y httpd\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN yum install -y httpd-2.4.57 && yum clean all\n",
        "FROM debian:12\nRUN yum install -y httpd-2.4.57-5.el9\n",
        "FROM debian:12\nRUN yum install -y /tmp/pkg.rpm\n",
        "FROM debian:12\nRUN yum module install -y nodejs:18\n",
        "FROM debian:12\nRUN yum groupinstall -y 'Development Tools'\n",
        "FROM debian:12\nARG V=2.4.57\nRUN yum install -y httpd-${V}\n",  # ARG default is a version
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
