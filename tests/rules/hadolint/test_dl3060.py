"""Tests for DL3060: yarn cache clean missing after yarn install."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3060"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM node:20\nRUN yarn install\n", [2]),
        ("FROM node:20\nRUN yarn cache clean && yarn install\n", [2]),
        ("FROM node:20 AS deps\nRUN yarn install\nFROM deps\nCMD x\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM node:20\nRUN yarn install && yarn cache clean\n",
        "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
        "FROM node:20 AS build\nRUN yarn install && yarn build\nFROM nginx:1\nCOPY --from=build /app/dist /srv\n",
        "FROM node:20\nRUN yarn build\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_appends_clean() -> None:
    text = "FROM node:20\nRUN yarn install \\\n  --frozen-lockfile\n"
    assert apply_fixes(text, lint(text, CODE)) == (
        "FROM node:20\nRUN yarn install \\\n  --frozen-lockfile && \\\n  yarn cache clean\n"
    )
