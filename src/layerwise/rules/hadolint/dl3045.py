"""DL3045: COPY to a relative destination without WORKDIR set."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote
from layerwise.rules.hadolint.dl3000 import is_absolute


class DL3045CopyRelativeWithoutWorkdir(Rule):
    """What it does: flags COPY to a relative destination in a stage (or its parent stages) that
    has not set WORKDIR.

    Why is this bad: the destination then depends on the base image's WORKDIR, which can change
    with any new base image release.

    Example:
        FROM node:20-slim
        COPY package.json .

    Use instead:
        FROM node:20-slim
        WORKDIR /app
        COPY package.json .
    """

    code = "DL3045"
    severity = Severity.WARNING
    message = "`COPY` to a relative destination without `WORKDIR` set."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        dockerfile = ctx.dockerfile
        has_workdir: dict[int, bool] = {}
        for stage in dockerfile.stages:
            parent = dockerfile.parent_of(stage)
            workdir = has_workdir.get(parent.index, False) if parent is not None else False
            for ins in stage.instructions:
                if ins.keyword == "WORKDIR":
                    workdir = True
                elif ins.keyword == "COPY" and not workdir and len(ins.values) >= 2 and not ins.heredocs:
                    destination = unquote(ins.values[-1])
                    if not is_absolute(destination):
                        yield finding_at(ctx, ins, ins.arguments[-1].span)
            has_workdir[stage.index] = workdir
