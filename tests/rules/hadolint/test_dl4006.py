"""Tests for DL4006: set SHELL -o pipefail before RUN with a pipe."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL4006"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN curl -fsSL http://x | tar -xz\n", [2]),
        ("FROM debian:12\nRUN a | b\nRUN c | d\n", [2, 3]),
        ('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN a | b\n', [3]),
        ('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:12\nRUN a | b\n', [4]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n',
        'FROM debian:12\nSHELL ["/usr/bin/zsh", "-eo", "pipefail", "-c"]\nRUN a | b\n',
        'FROM debian:12\nSHELL ["pwsh", "-Command"]\nRUN a | b\n',
        "FROM debian:12\nRUN a || b\n",
        'FROM debian:12\nRUN ["sh", "-c", "a | b"]\n',
        'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n',  # inherits the parent stage's SHELL
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "FROM debian:12\nRUN a | b\nRUN c | d\n",
            'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c | d\n',
        ),
        (
            "FROM debian:12\n  run a | b\n",
            'FROM debian:12\n  shell ["/bin/bash", "-o", "pipefail", "-c"]\n  run a | b\n',
        ),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=True) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nRUN a | b\n",  # no bash on alpine
        "FROM alpine:3.20 AS base\nFROM base\nRUN a | b\n",  # alpine through a parent stage
    ],
)
def test_no_fix_when_unsure(text: str) -> None:
    findings = lint(text, CODE)
    assert findings
    assert all(f.fix is None for f in findings)


def test_points_at_the_pipeline() -> None:
    text = "FROM debian:12\nRUN set -e; curl -fsSL http://x | tar -xz\n"
    (finding,) = lint(text, CODE)
    assert text.splitlines()[1][finding.column - 1 : finding.end_column - 1] == "curl -fsSL http://x | tar -xz"
