"""DL3022: `COPY --from` should reference a previously defined FROM alias."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote


class DL3022CopyFromKnownStage(Rule):
    """What it does: flags `COPY --from=name` where `name` is neither an earlier stage (by name or
    index) nor an image reference with a tag (`image:tag`).

    Why is this bad: an unknown name is taken for an image and pulled from a registry, which is
    rarely what a typo meant.

    Example:
        FROM golang:1.22 AS build
        FROM debian:bookworm-slim
        COPY --from=biuld /out/app /usr/local/bin/app

    Use instead:
        COPY --from=build /out/app /usr/local/bin/app
    """

    code = "DL3022"
    severity = Severity.WARNING
    message = "`COPY --from` should reference a previously defined `FROM` alias"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            earlier = ctx.dockerfile.stages[: stage.index + 1]
            names = {s.name for s in earlier[:-1] if s.name}
            for ins in stage.instructions:
                flag = ins.flag("from") if ins.keyword == "COPY" else None
                if flag is None or flag.value is None:
                    continue
                source = unquote(flag.value)
                if ":" in source or "$" in source or source.lower() in names:
                    continue
                if source.isdigit() and int(source) < len(earlier):
                    continue
                yield finding_at(ctx, ins, flag.span)
