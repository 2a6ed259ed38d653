"""Tests for DL3059: consecutive RUN instructions, and the merge fix (more in tests/fix/test_merge.py)."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3059"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN a\nRUN b\n", [3]),
        ("FROM debian:12\nRUN a\nRUN b\nRUN c\n", [3, 4]),
        ("FROM debian:12\nRUN a\n# why\n\nRUN b\n", [3 + 2]),
        ('FROM debian:12\nRUN ["a"]\nRUN ["b"]\n', [3]),
        # a lone `apt-get update` is flagged with the next RUN whatever its length, in any stage
        ("FROM debian:12 AS b\nRUN apt-get update\nRUN apt-get install -y a && make\nFROM scratch\n", [3]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN a && b\nRUN c\n",
        "FROM debian:12\nRUN a\nRUN b | c\n",
        "FROM debian:12\nRUN a\nWORKDIR /x\nRUN b\n",
        "FROM debian:12\nRUN a\nRUN --mount=type=cache,target=/x b\n",
        "FROM debian:12 AS a\nRUN x\nFROM debian:12\nRUN y\n",
        # a builder stage's layers never ship
        "FROM debian:12 AS build\nRUN a\nRUN b\nFROM scratch\nCOPY --from=build /o /o\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


def test_fix_merges_the_whole_group_once() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN echo done\n"
    findings = lint(text, CODE)
    assert len(findings) == 2 and findings[0].fix == findings[1].fix
    assert apply_fixes(text, findings) == (
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    echo done\n"
    )


def test_fix_groups_and_isolates_where_needed() -> None:
    text = "FROM debian:12\nRUN cd /src\nRUN make\nRUN a; b\n"
    findings = lint(text, CODE)
    assert [f.line for f in findings] == [3]  # `a; b` is two commands: not flagged, but merged
    assert apply_fixes(text, findings) == "FROM debian:12\nRUN ( cd /src ) && \\\n    make && \\\n    { a; b; }\n"


def test_exec_form_is_reported_without_fix_and_with_a_reason() -> None:
    [finding] = lint('FROM debian:12\nRUN ["a"]\nRUN ["b"]\n', CODE)
    assert finding.fix is None and "exec form" in finding.message
