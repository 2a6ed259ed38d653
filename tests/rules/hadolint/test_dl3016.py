"""Tests for DL3016: pin versions in npm install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3016"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN npm install express\n", [2]),
        ("FROM debian:12\nRUN npm install -g @angular/cli\n", [2]),
        ("FROM debian:12\nRUN npm install git+https://github.com/org/repo.git\n", [2]),
        ("FROM debian:12\nONBUILD RUN npm install express\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN npm install\n",
        "FROM debian:12\nRUN npm install express@4.19.2\n",
        "FROM debian:12\nRUN npm install -g @angular/cli@17\n",
        "FROM debian:12\nRUN npm install git+https://github.com/org/repo.git#v1.0\n",
        "FROM debian:12\nRUN npm install ./local-dir ../pkg.tgz\n",
        "FROM debian:12\nRUN npm ci\n",
        "FROM debian:12\nRUN npm install --loglevel warn express@4\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
