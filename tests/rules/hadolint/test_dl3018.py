"""Tests for DL3018: pin versions in apk add."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3018"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN apk add --no-cache curl\n", [2]),
        ("FROM debian:12\nRUN apk add --no-cache curl=8.5.0-r0 wget\n", [2]),
        ("FROM debian:12\nONBUILD RUN apk add curl\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apk add --no-cache curl=8.5.0-r0\n",
        "FROM debian:12\nRUN apk add --no-cache 'curl>8' 'wget<2' bash~5.2\n",
        "FROM debian:12\nRUN apk add --no-cache --virtual .build-deps gcc=13.2\n",  # the --virtual name is not a package
        "FROM debian:12\nRUN apk add --no-cache -X http://mirror/edge curl=8.5\n",
        "FROM debian:12\nRUN apk add /tmp/pkg.apk\n",
        "FROM debian:12\nRUN apk update\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
