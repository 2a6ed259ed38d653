"""Tests for DL3003: use WORKDIR to switch to a directory."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3003"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN cd /app && make\n", [2]),
        ("FROM debian:12\nRUN make && cd /tmp\n", [2]),
        ("FROM debian:12\nRUN (cd /src && make)\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nONBUILD RUN cd /x && make\n",  # hadolint applies DL3003 to ONBUILD neither
        "FROM debian:12\nWORKDIR /app\nRUN make\n",
        "FROM debian:12\nRUN echo cd\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nRUN cd /app && make\n", "FROM debian:12\nWORKDIR /app\nRUN make\n"),
        (
            "FROM debian:12\nRUN cd /usr/src/app && \\\n    make && make install\n",
            "FROM debian:12\nWORKDIR /usr/src/app\nRUN make && make install\n",
        ),
        ("FROM debian:12 AS b\n  run cd /app && make\n", "FROM debian:12 AS b\n  workdir /app\n  run make\n"),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=True) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN make && cd /tmp\n",  # cd is not first
        "FROM debian:12\nRUN cd app && make\n",  # relative directory
        "FROM debian:12\nRUN cd $HOME && make\n",  # shell variable
        "FROM debian:12\nRUN cd /a && make && cd /b && make\n",  # two cd
        "FROM debian:12\nRUN cd /a || exit 1\n",  # cd in a condition
        "FROM debian:12\nRUN cd /a; make\n",  # ; keeps going after a failed cd
    ],
)
def test_no_fix_when_unsure(text: str) -> None:
    findings = lint(text, CODE)
    assert findings
    assert all(f.fix is None for f in findings)
