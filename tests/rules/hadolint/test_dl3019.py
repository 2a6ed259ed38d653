"""Tests for DL3019: use apk add --no-cache."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3019"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM alpine:3\nRUN apk add curl\n", [2]),
        ("FROM alpine:3\nRUN apk update && apk add --update curl\n", [2]),
        ("FROM alpine:3\nONBUILD RUN apk add curl\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3\nRUN apk add --no-cache curl\n",
        "FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
        "FROM alpine:3\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
        "FROM alpine:3 AS build\nRUN apk add gcc\nFROM alpine:3\nCOPY --from=build /o /o\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_adds_no_cache_and_drops_update_and_removal() -> None:
    text = "FROM alpine:3\nRUN apk add --update \\\n      curl && \\\n    rm -rf /var/cache/apk/*\n"
    assert apply_fixes(text, lint(text, CODE)) == "FROM alpine:3\nRUN apk add --no-cache \\\n      curl\n"


def test_fix_keeps_the_removal_when_apk_update_fills_the_cache() -> None:
    text = "FROM alpine:3\nRUN apk update && apk add -U curl && rm -rf /var/cache/apk/*\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM alpine:3\nRUN apk update && apk add --no-cache curl && rm -rf /var/cache/apk/*\n"
    )


def test_fix_leaves_a_removal_guarded_by_or_alone() -> None:
    text = "FROM alpine:3\nRUN apk add curl && rm -rf /var/cache/apk/* || true\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM alpine:3\nRUN apk add --no-cache curl && rm -rf /var/cache/apk/* || true\n"
    )
