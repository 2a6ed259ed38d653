"""Tests for DL3032: yum clean all missing after yum command."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3032"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM centos:7\nRUN yum install -y httpd\n", [2]),
        ("FROM centos:7\nRUN yum clean all && yum install -y httpd\n", [2]),
        ("FROM centos:7\nONBUILD RUN yum install -y httpd\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        "FROM centos:7\nRUN yum -y install httpd; rm -rf /var/cache/yum/*\n",
        "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n",
        "FROM centos:7\nRUN yum -y update\n",
        "FROM centos:7 AS build\nRUN yum install -y gcc\nFROM centos:7\nCOPY --from=build /o /o\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_appends_clean() -> None:
    text = "FROM centos:7\nRUN yum -y install httpd; \\\n    yum -y install php\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM centos:7\nRUN yum -y install httpd; \\\n    yum -y install php && \\\n    yum clean all\n"
    )


def test_fix_after_a_compound_command_in_a_heredoc() -> None:
    text = "FROM centos:7\nRUN <<EOF\nif true; then\n  yum install -y a\nfi\nEOF\nCMD x\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM centos:7\nRUN <<EOF\nif true; then\n  yum install -y a\nfi && yum clean all\nEOF\nCMD x\n"
    )
