"""Tests for DL3009: delete the apt lists after installing."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3009"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", [2]),
        ("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", [2]),
        # a second update after the removal leaves fresh lists behind
        ("FROM d:1\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install x\n", [2]),
        ("FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM base\nCMD x\n", [2]),
        ("FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y a\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y a && apt-get dist-clean\n",
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y a\n",
        "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt apt-get update && apt-get install -y a\n",
        # a builder stage only copied from: its lists never ship
        "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /o /o\n",
        "FROM debian:12\nRUN apt-get install -y curl\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_appends_removal_on_one_line() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )


def test_fix_keeps_continuation_style_and_trailing_semicolon() -> None:
    text = "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl;\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl && \\\n"
        "\trm -rf /var/lib/apt/lists/*;\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        # the lists are for the next RUN: removing them would break its install
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n",
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM base\nRUN apt-get install -y b\n",
        # a comment the shell sees would swallow the appended command
        "FROM debian:12\nRUN apt-get update && apt-get install -y a # note\n",
    ],
)
def test_no_fix_when_the_lists_are_still_needed_or_unsafe_to_append(text: str) -> None:
    [finding] = lint(text, CODE)[:1]
    assert finding.fix is None


def test_fix_in_a_heredoc_script_joins_the_last_command() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y a\nEOF\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y a && rm -rf /var/lib/apt/lists/*\nEOF\n"
    )


def test_no_fix_in_a_heredoc_ending_with_a_comment() -> None:
    [finding] = lint("FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y a # x\nEOF\n", CODE)
    assert finding.fix is None
