"""Tests for DL3014: use the -y switch with apt-get install."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3014"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN apt-get install curl\n", [2]),
        ("FROM debian:12\nRUN apt-get update && sudo apt-get install -q curl\n", [2]),
        ("FROM debian:12\nONBUILD RUN apt-get install curl\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "flags", ["-y", "--yes", "--assume-yes", "-qq", "-q -q", "-q=2", "-qy", "-yq --no-install-recommends"]
)
def test_does_not_fire(flags: str) -> None:
    assert lint(f"FROM debian:12\nRUN apt-get install {flags} curl\n", CODE) == []


def test_does_not_fire_without_install() -> None:
    assert lint("FROM debian:12\nRUN apt-get update && apt-get remove x\n", CODE) == []


def test_fix_adds_y_after_install_to_every_install() -> None:
    text = "FROM debian:12\nRUN apt-get install a && \\\n    apt-get -q install b\n"
    [finding] = lint(text, CODE)
    assert finding.fix is not None and finding.fix.applicability.value == "safe"
    assert apply_fixes(text, [finding]) == (
        "FROM debian:12\nRUN apt-get install -y a && \\\n    apt-get -q install -y b\n"
    )
