"""Tests for DL3036: zypper clean missing after zypper use."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3036"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM opensuse/leap:15\nRUN zypper install -y curl\n", [2]),
        ("FROM opensuse/leap:15\nRUN zypper --non-interactive in curl\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM opensuse/leap:15\nRUN zypper install -y curl && zypper clean\n",
        "FROM opensuse/leap:15\nRUN zypper install -y curl && zypper cc -a\n",
        "FROM opensuse/leap:15\nRUN --mount=type=cache,target=/var/cache/zypp zypper install -y curl\n",
        "FROM opensuse/leap:15\nRUN zypper refresh\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_appends_clean() -> None:
    text = "FROM opensuse/leap:15\nRUN zypper install -y curl\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM opensuse/leap:15\nRUN zypper install -y curl && zypper clean --all\n"
    )
