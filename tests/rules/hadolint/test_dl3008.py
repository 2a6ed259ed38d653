"""Tests for DL3008: pin versions in apt-get install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3008"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", [2]),
        ("FROM debian:12\nRUN apt-get install -y \\\n    curl=7.88 \\\n    wget\n", [4]),  # the line of the package
        ("FROM debian:12\nONBUILD RUN apt-get install -y curl\n", [2]),
        ("FROM debian:12\nRUN sudo apt-get install -y curl\n", [2]),  # hadolint misses it behind sudo
        (
            'FROM debian:12\nARG PKGS="curl wget=1.2"\nRUN apt-get install -y $PKGS\n',
            [3],
        ),  # ARG default has an unpinned package
        ("FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n", [3]),
        ("FROM debian:12\nRUN deps='curl wget=1'; apt-get install -y $deps\n", [2]),  # the script's own assignment
        (
            "FROM debian:12\nRUN apt-get install -y $BASE_IMAGE_DEPS\n",
            [2],
        ),  # a variable the Dockerfile does not declare
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n",
        "FROM debian:12\nRUN apt-get install -y ./local.deb /tmp/pkg\n",
        "FROM debian:12\nRUN apt-get install -y -t bookworm-backports curl=7.88\n",
        "FROM debian:12\nRUN apt-get update\n",
        'FROM debian:12\nARG PKGS="curl=7.88 wget=1.21"\nRUN apt-get install -y $PKGS\n',  # ARG default is pinned
        "FROM debian:12\nARG PKGS\nRUN apt-get install -y $PKGS\n",  # value unknown until build time
        'FROM debian:12\nRUN ["apt-get", "install", "curl"]\n',
        "FROM debian:12\nRUN deps='curl=7 wget=1'; apt-get install -y $deps\n",  # the script's own assignment is pinned
        "FROM debian:12\nARG V\nRUN apt-get install -y curl=$V\n",  # pinned to a build argument
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_points_at_the_package() -> None:
    text = "FROM debian:12\nRUN apt-get install -y \\\n    wget\n"
    (finding,) = lint(text, CODE)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 5, 3, 9)
