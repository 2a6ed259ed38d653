"""LW012: DEBIAN_FRONTEND=noninteractive set with ENV stays in the image."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW012"


def fixed(text: str) -> str:
    return apply_fixes(text, lint(text, CODE), unsafe=True)


def test_fix_turns_env_into_arg() -> None:
    text = "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"
    assert [f.line for f in lint(text, CODE)] == [2]
    assert fixed(text) == "FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"


def test_fix_converts_the_legacy_form() -> None:
    text = "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND  noninteractive\n"
    assert fixed(text) == "FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\n"


def test_no_fix_when_shared_or_inherited() -> None:
    shared = "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8\n"
    inherited = "FROM ubuntu:24.04 AS base\nENV DEBIAN_FRONTEND=noninteractive\nFROM base\nRUN apt-get update\n"
    for text in (shared, inherited):
        findings = lint(text, CODE)
        assert len(findings) == 1 and findings[0].fix is None, text


def test_quiet_for_arg_and_builders() -> None:
    assert lint("FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\n", CODE) == []
    builder = "FROM ubuntu:24.04 AS b\nENV DEBIAN_FRONTEND=noninteractive\nFROM scratch\nCOPY --from=b /x /x\n"
    assert lint(builder, CODE) == []
