"""ARG/ENV scopes as BuildKit resolves them, and $VAR expansion."""

from __future__ import annotations

import pytest

from layerwise.dockerfile import expand, parse


@pytest.mark.parametrize(
    ("text", "value", "unresolved"),
    [
        ("$A/x", "1/x", set()),
        ("${A}x", "1x", set()),
        ("${MISSING:-def}", "def", {"MISSING"}),
        ("${EMPTY:-def}", "def", set()),
        ("${EMPTY-def}", "", set()),
        ("${A:+alt}", "alt", set()),
        ("${EMPTY:+alt}", "", set()),
        ("${EMPTY+alt}", "alt", set()),
        ("${MISSING+alt}", "", {"MISSING"}),
        ("$MISSING", "$MISSING", {"MISSING"}),
        ("${NONE}", "${NONE}", {"NONE"}),
        ("'$A' \"$A\"", "$A 1", set()),
        ("a\\$A", "a$A", set()),
        ("$", "$", set()),
    ],
)
def test_expand(text: str, value: str, unresolved: set[str]) -> None:
    env: dict[str, str | None] = {"A": "1", "EMPTY": "", "NONE": None}
    expanded = expand(text, env)
    assert (expanded.value, expanded.unresolved) == (value, unresolved)


def test_unresolved_expand_to_empty_when_asked() -> None:
    assert expand("a${X}b", {}, keep_unresolved=False).value == "ab"


def test_global_args_expand_in_from() -> None:
    df = parse("ARG TAG=bookworm\nARG IMAGE=debian:${TAG}\nFROM ${IMAGE}-slim AS base\nFROM $UNSET\n")
    assert df.global_args == {"TAG": "bookworm", "IMAGE": "debian:bookworm"}
    assert df.stages[0].base == "debian:bookworm-slim"
    assert df.stages[0].base_raw == "${IMAGE}-slim"
    assert df.stages[1].base == "$UNSET"


def test_stage_scope_redeclared_arg_takes_global_default() -> None:
    text = "ARG V=1.0\nARG NODEF\nFROM a\nARG V\nARG NODEF\nARG LOCAL=x-$V\nENV P=/opt/$V Q=$P\nRUN echo\n"
    df = parse(text)
    run = df.instructions[-1]
    env = df.env_at(run)
    assert env["V"] == "1.0"
    assert env["NODEF"] is None
    assert env["LOCAL"] == "x-1.0"
    assert env["P"] == "/opt/1.0"
    assert env["Q"] is None  # same-instruction pairs see the earlier environment: P was unknown


def test_global_args_are_not_visible_in_a_stage_without_redeclaring() -> None:
    df = parse("ARG V=1\nFROM a\nRUN echo $V\n")
    assert "V" not in df.env_at(df.instructions[-1])
    assert df.env_at(df.instructions[1])["V"] == "1"  # FROM sees the global scope


def test_env_overrides_arg_and_order_matters() -> None:
    df = parse("FROM a\nENV X=env\nARG X=arg\nARG Y=1\nENV Y=${Y}0\nRUN true\n")
    before_env_y = df.env_at(df.instructions[4])
    assert before_env_y["Y"] == "1"
    final = df.env_at(df.instructions[-1])
    assert final["X"] == "env" and final["Y"] == "10"


def test_child_stage_inherits_env_not_args() -> None:
    df = parse("FROM a AS base\nENV HOME_DIR=/srv\nARG BUILD=1\nFROM base\nRUN true\n")
    env = df.env_at(df.instructions[-1])
    assert env.get("HOME_DIR") == "/srv" and "BUILD" not in env


def test_legacy_env_form() -> None:
    df = parse("FROM a\nENV GREETING hello world\nRUN true\n")
    assert df.env_at(df.instructions[-1])["GREETING"] == "hello world"


def test_quoted_values_are_unquoted() -> None:
    df = parse("FROM a\nENV A=\"x y\" B='$A'\nRUN true\n")
    env = df.env_at(df.instructions[-1])
    assert env["A"] == "x y" and env["B"] == "$A"


def test_a_stage_built_from_an_arg_naming_a_stage_inherits_its_env() -> None:
    """Stage bases are expanded after the first pass over the scopes: FROM ${PARENT} must still
    see the parent stage's ENV."""
    df = parse("ARG PARENT=builder\nFROM debian AS builder\nENV PIP_NO_CACHE_DIR=1\nFROM ${PARENT}\nRUN pip i x\n")
    run = df.instructions[-1]
    assert df.stages[1].base == "builder"
    assert df.env_at(run)["PIP_NO_CACHE_DIR"] == "1"


def test_an_onbuild_trigger_sees_the_scope_of_its_onbuild_line() -> None:
    df = parse("FROM a\nENV X=1\nONBUILD RUN echo $X\n")
    trigger = df.instructions[-1].onbuild
    assert trigger is not None and df.env_at(trigger)["X"] == "1"
