"""DL3000: use absolute WORKDIR."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote

WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:")


def is_absolute(path: str) -> bool:
    """`/app`, `$HOME/app` (decided at build time) or `C:\\app`."""
    path = unquote(path)
    return path.startswith(("/", "$")) or bool(WINDOWS_ABSOLUTE.match(path))


def workdir_before(dockerfile: Dockerfile, stage: Stage, ins: Instruction | None) -> str | None:
    """The static absolute WORKDIR in force before `ins` (at the end of the stage for None), when
    this stage or a stage it is built FROM set it; None when it comes from a base image."""
    parent = dockerfile.parent_of(stage)
    current = workdir_before(dockerfile, parent, None) if parent is not None else None
    for other in stage.instructions:
        if other is ins:
            break
        if other.keyword == "WORKDIR" and other.values:
            path = unquote(other.values[0])
            if "$" in path or not (path.startswith("/") or current):
                current = None
            else:
                current = posixpath.normpath(posixpath.join(current or "/", path))
    return current


class DL3000AbsoluteWorkdir(Rule):
    """What it does: flags a WORKDIR with a relative path.

    Why is this bad: a relative WORKDIR depends on the WORKDIR before it, possibly set by the base
    image, so the directory changes when the base image does.

    Example:
        WORKDIR app

    Use instead:
        WORKDIR /usr/src/app
    """

    code = "DL3000"
    severity = Severity.ERROR
    message = "Use absolute WORKDIR"
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        stages = {s.index: s for s in ctx.dockerfile.stages}
        for ins in ctx.instructions("WORKDIR"):
            if not ins.arguments or is_absolute(ins.values[0]):
                continue
            span = ins.arguments[0].span
            fix = None
            stage = stages.get(ins.stage_index)
            base = workdir_before(ctx.dockerfile, stage, ins) if stage is not None else None
            path = unquote(ins.values[0])
            if base is not None and not any(c in path for c in " \t\\\"'"):
                absolute = posixpath.normpath(posixpath.join(base, path))
                fix = Fix(f"Use WORKDIR {absolute}", (Edit.replace_span(span, absolute),), Applicability.SAFE)
            yield finding_at(ctx, ins, span, fix=fix)
