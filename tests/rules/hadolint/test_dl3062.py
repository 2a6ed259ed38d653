"""Tests for DL3062: pin versions in go install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3062"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN go install example.com/x\n", [2]),
        ("FROM debian:12\nRUN go install golang.org/x/tools/gopls@latest\n", [2]),
        ("FROM debian:12\nRUN go install golang.org/x/tools/gopls\n", [2]),
        ("FROM debian:12\nRUN go get github.com/org/mod\n", [2]),
        ("FROM debian:12\nRUN go run github.com/org/tool arg1\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN go install golang.org/x/tools/gopls@v0.16.1\n",
        "FROM debian:12\nRUN go install ./cmd/app\n",
        "FROM debian:12\nRUN go run github.com/org/tool@v1.0 unpinned-argument\n",
        "FROM debian:12\nRUN go build ./...\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
