"""Tests for DL3020: use COPY instead of ADD for files and folders."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3020"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nADD requirements.txt /app/\n", [2]),
        ("FROM debian:12\nADD app.tar.gz config.yml /app/\n", [2]),
        ("FROM debian:12\nARG SRC=app.py\nADD $SRC /app/\n", [3]),  # ARG default is a local file
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nADD app.tar.gz /app/\n",
        "FROM debian:12\nADD https://example.com/file.txt /app/\n",
        "FROM debian:12\nADD git@github.com:org/repo.git /src\n",
        "FROM debian:12\nARG URL=https://example.com/x\nADD ${URL} /app/\n",  # ARG default is a URL
        "FROM debian:12\nARG URL\nADD ${URL} /app/\n",  # value unknown
        "FROM debian:12\nCOPY a /b\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nADD requirements.txt /app/\n", "FROM debian:12\nCOPY requirements.txt /app/\n"),
        ("FROM debian:12\nadd --chown=1000 a b /app/\n", "FROM debian:12\ncopy --chown=1000 a b /app/\n"),
        ('FROM debian:12\nADD ["a b", "/app/"]\n', 'FROM debian:12\nCOPY ["a b", "/app/"]\n'),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=False) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nADD app.tar.gz config.yml /app/\n",  # COPY would not unpack the archive
        "FROM debian:12\nADD --checksum=sha256:abc a /app/\n",  # COPY has no --checksum
    ],
)
def test_no_fix_when_unsure(text: str) -> None:
    findings = lint(text, CODE)
    assert findings
    assert all(f.fix is None for f in findings)
