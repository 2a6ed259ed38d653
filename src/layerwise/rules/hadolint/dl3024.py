"""DL3024: FROM aliases (stage names) must be unique."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL3024UniqueStageNames(Rule):
    """What it does: flags a stage name used by an earlier stage.

    Why is this bad: a reader (and `--target`) cannot tell which stage the name means; BuildKit's
    own check (DuplicateStageName) warns about it too.

    Example:
        FROM golang:1.22 AS build
        FROM node:20 AS build

    Use instead:
        FROM golang:1.22 AS build-go
        FROM node:20 AS build-web
    """

    code = "DL3024"
    severity = Severity.ERROR
    message = "FROM aliases (stage names) must be unique"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        seen: set[str] = set()
        for stage in ctx.dockerfile.stages:
            if stage.name is None:
                continue
            if stage.name in seen:
                ins = stage.from_instruction
                yield finding_at(ctx, ins, ins.arguments[-1].span if ins.arguments else ins.span)
            seen.add(stage.name)
