"""Inline pragmas: hadolint's and layerwise's forms, their scopes, and disable-ignore-pragma."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Comment, Span
from layerwise.lint.config import LintConfig
from layerwise.lint.pragmas import Scope, parse_ignore, parse_shell
from layerwise.lint.runner import finish, run_rules
from layerwise.rules.base import Finding, Rule, RuleContext, Severity


class EveryInstruction(Rule):
    """What it does: flags every instruction (a test rule)."""

    code = "XX001"
    severity = Severity.WARNING
    message = "instruction"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for instruction in ctx.instructions():
            yield ctx.finding(instruction)


def lines_flagged(text: str, config: LintConfig | None = None) -> list[int]:
    config = config or LintConfig()
    dockerfile = parse(text)
    return [f.line for f in finish(dockerfile, run_rules(dockerfile, config, [EveryInstruction]), config)]


def comment(text: str) -> Comment:
    return Comment(text, Span(0, len(text), 1, 1, 1, len(text) + 1))


@pytest.mark.parametrize(
    ("text", "scope", "codes", "reason"),
    [
        ("# hadolint ignore=DL3008", Scope.NEXT, {"DL3008"}, None),
        ("#hadolint ignore = DL3008 , SC2086", Scope.NEXT, {"DL3008", "SC2086"}, None),
        ("# hadolint ignore=DL3003  # we need cd", Scope.NEXT, {"DL3003"}, "we need cd"),
        ("# hadolint global ignore=DL3003,DL3006", Scope.GLOBAL, {"DL3003", "DL3006"}, None),
        ("# hadolint stage ignore=DL3011", Scope.STAGE, {"DL3011"}, None),
        (
            "# layerwise ignore=LW001,DL3008 pinned upstream",
            Scope.NEXT,
            {"LW001", "DL3008"},
            "pinned upstream",
        ),
        ("# layerwise: ignore=lw002", Scope.NEXT, {"LW002"}, None),
        ("# layerwise global ignore=SC", Scope.GLOBAL, {"SC"}, None),
    ],
)
def test_parse_ignore(text: str, scope: Scope, codes: set[str], reason: str | None) -> None:
    pragma = parse_ignore(comment(text))
    assert pragma is not None
    assert (pragma.scope, set(pragma.codes), pragma.reason) == (scope, codes, reason)


@pytest.mark.parametrize(
    "text", ["# hadolint ignore=", "# hadolint ignore=DL3008 because", "# ignore=DL3008", "# hadolint"]
)
def test_not_a_pragma(text: str) -> None:
    assert parse_ignore(comment(text)) is None


def test_parse_shell() -> None:
    pragma = parse_shell(comment("# hadolint shell=powershell"))
    assert pragma is not None and pragma.shell == "powershell"


def test_next_instruction_only_including_its_continuation_lines() -> None:
    text = "FROM debian:bookworm\n# hadolint ignore=XX001\nRUN a \\\n  && b\nRUN c\n"
    assert lines_flagged(text) == [1, 5]


def test_stacked_pragmas_and_blank_line_breaks_the_link() -> None:
    text = (
        "FROM a\n# hadolint ignore=DL3008\n# layerwise ignore=XX001 reason\nRUN a\n# hadolint ignore=XX001\n\nRUN b\n"
    )
    assert lines_flagged(text) == [1, 7]


def test_global_ignore_anywhere() -> None:
    text = "FROM a\nRUN a\n# hadolint global ignore=XX001\n"
    assert lines_flagged(text) == []


def test_stage_ignore_only_above_from() -> None:
    text = "# hadolint stage ignore=XX001\nFROM a AS one\nRUN a\nFROM b\n# hadolint stage ignore=XX001\nRUN b\n"
    assert lines_flagged(text) == [4, 6]


def test_disable_ignore_pragma() -> None:
    text = "# hadolint global ignore=XX001\nFROM a\n"
    assert lines_flagged(text, LintConfig(disable_ignore_pragma=True)) == [2]


def test_pragma_codes_match_exactly_not_by_prefix() -> None:
    text = "FROM a\n# hadolint ignore=XX00\nRUN a\n"
    assert lines_flagged(text) == [1, 3]
