"""Tests for DL3028: pin versions in gem install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3028"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN gem install bundler\n", [2]),
        (
            "FROM debian:12\nRUN gem install --no-document bundler\n",
            [2],
        ),  # hadolint takes bundler for the option's value
        ("FROM debian:12\nONBUILD RUN gem i rails\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN gem install bundler:2.5.10\n",
        "FROM debian:12\nRUN gem install bundler -v 2.5.10\n",
        "FROM debian:12\nRUN gem install bundler --version=2.5.10\n",
        "FROM debian:12\nRUN gem update --system\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
