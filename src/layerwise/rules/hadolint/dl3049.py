"""DL3049: label `<label>` is missing."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Stage
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import labels
from layerwise.rules.hadolint._packages import finding_at, unquote


def copied_from(ctx: RuleContext) -> set[str]:
    """Stage names (and indexes) used by `COPY --from`: such stages only provide files."""
    return {unquote(v).lower() for ins in ctx.dockerfile.instructions for v in ins.flag_values("from")}


class DL3049LabelMissing(Rule):
    """What it does: flags a stage that does not set a label the label schema requires (labels of
    parent stages count; stages used only by `COPY --from` are not checked).

    Why is this bad: images without the agreed labels cannot be traced to their source, version or
    owner by registries and scanners.

    Example:
        # schema: {"org.opencontainers.image.version": "semver"}
        FROM debian:bookworm-slim

    Use instead:
        FROM debian:bookworm-slim
        LABEL org.opencontainers.image.version="1.0.0"
    """

    code = "DL3049"
    severity = Severity.INFO
    message = "Label `<label>` is missing."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        required = list(ctx.settings.label_schema)
        if not required:
            return
        sources = copied_from(ctx)
        for stage in ctx.dockerfile.stages:
            if stage.name in sources or str(stage.index) in sources:
                continue
            present = self._labels_of(ctx, stage)
            for key in required:
                if key not in present:
                    ins = stage.from_instruction
                    yield finding_at(ctx, ins, ins.span, f"Label `{key}` is missing.")

    def _labels_of(self, ctx: RuleContext, stage: Stage | None) -> set[str]:
        keys: set[str] = set()
        while stage is not None:
            for ins in stage.instructions:
                if ins.keyword == "LABEL":
                    keys.update(label.key for label in labels(ins))
            stage = ctx.dockerfile.parent_of(stage)
        return keys
