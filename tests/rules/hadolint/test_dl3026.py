"""Tests for DL3026: only trusted registries."""

from __future__ import annotations

import pytest

from rules.helpers import lint

TRUSTED = {"trusted_registries": ["docker.io", "*.example.com"]}

CODE = "DL3026"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM quay.io/org/app:1\n", [1]),
        ("FROM debian:12\nCOPY --from=ghcr.io/org/x:1 /a /b\n", [2]),
        ("FROM debian:12\nRUN --mount=type=bind,from=ghcr.io/org/x:1,target=/x ls\n", [2]),
        ("FROM quay.io/org/app:${TAG}\n", [1]),  # the registry is written out
        ("ARG IMG=quay.io/org/app:1\nFROM $IMG\n", [2]),  # ARG default from another registry
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE, **TRUSTED)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\n",
        "FROM registry.example.com/app:1\n",
        "FROM scratch\n",
        "FROM debian:12 AS b\nFROM b\nCOPY --from=b /a /b\n",
        "ARG REGISTRY\nFROM ${REGISTRY}/app:1\n",  # registry unknown until build time
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE, **TRUSTED) == []


def test_off_without_trusted_registries() -> None:
    assert lint("FROM quay.io/org/app:1\n", CODE) == []
