"""LW014: files made world-writable."""

from __future__ import annotations

import pytest

from layerwise.rules.layerwise.lw014 import world_writable
from rules.helpers import lint

CODE = "LW014"


@pytest.mark.parametrize(("mode", "expected"), [("777", True), ("0666", True), ("o+w", True), ("a+rwx", True),
                                                ("1777", False), ("755", False), ("u+w", False), ("+x", False)])  # fmt: skip
def test_world_writable(mode: str, expected: bool) -> None:
    assert world_writable(mode) is expected


def test_fires_on_chmod_777() -> None:
    findings = lint("FROM debian:bookworm-slim\nRUN mkdir /app && chmod -R 777 /app\n", CODE)
    assert [(f.line, f.column) for f in findings] == [(2, 19)]
    assert "/app" in findings[0].message


def test_quiet_for_tmp_private_modes_and_builders() -> None:
    for text in (
        "FROM debian:bookworm-slim\nRUN chmod 777 /tmp\n",
        "FROM debian:bookworm-slim\nRUN chmod 755 /app\n",
        "FROM debian:bookworm AS b\nRUN chmod 777 /x\nFROM debian:bookworm-slim\nCOPY --from=b /y /y\n",
    ):
        assert lint(text, CODE) == [], text
