"""Tests for LW015: npm's cache left in the layer."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "LW015"


@pytest.mark.parametrize(
    "text",
    [
        "FROM node:20\nRUN npm install\n",
        "FROM node:20\nRUN npm ci --omit=dev && npm run build\n",
        "FROM node:20\nRUN npm cache clean --force && npm install\n",  # cleaned before, not after
    ],
)
def test_fires(text: str) -> None:
    assert [f.code for f in lint(text, CODE)] == [CODE]


@pytest.mark.parametrize(
    "text",
    [
        "FROM node:20\nRUN npm ci && npm cache clean --force\n",
        "FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n",  # the cache never reaches the layer
        "FROM node:20 AS build\nRUN npm ci\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
        "FROM node:20\nRUN npm run build\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_appends_the_clean_to_the_same_run() -> None:
    text = "FROM node:20\nRUN npm ci \\\n    --omit=dev\n"
    fixed = apply_fixes(text, lint(text, CODE))
    assert fixed == "FROM node:20\nRUN npm ci \\\n    --omit=dev && \\\n    npm cache clean --force\n"
