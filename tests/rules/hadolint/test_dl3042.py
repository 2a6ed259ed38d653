"""Tests for DL3042: pip install --no-cache-dir."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3042"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM python:3\nRUN pip install flask\n", [2]),
        ("FROM python:3\nRUN python3 -m pip install -r req.txt\n", [2]),
        ("FROM python:3\nENV PIP_NO_CACHE_DIR=0\nRUN pip3 install flask\n", [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM python:3\nRUN pip install --no-cache-dir flask\n",
        "FROM python:3\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
        "FROM python:3\nRUN PIP_NO_CACHE_DIR=true pip install flask\n",
        "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
        "FROM python:3\nRUN pipx install black && pipenv install\n",
        "FROM python:3 AS build\nRUN pip install build\nFROM python:3\nCOPY --from=build /w /w\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_adds_the_flag_to_every_install() -> None:
    text = "FROM python:3\nRUN pip install -U pip && \\\n    python -m pip install flask\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM python:3\nRUN pip install --no-cache-dir -U pip && \\\n    python -m pip install --no-cache-dir flask\n"
    )
