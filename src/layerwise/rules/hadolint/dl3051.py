"""DL3051: label `<label>` is empty."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import all_labels
from layerwise.rules.hadolint._packages import finding_at


class DL3051LabelEmpty(Rule):
    """What it does: flags an empty value for a label that the label schema requires.

    Why is this bad: an empty required label passes a presence check while carrying nothing.

    Example:
        # schema: {"org.opencontainers.image.version": "semver"}
        LABEL org.opencontainers.image.version=""

    Use instead:
        LABEL org.opencontainers.image.version="1.0.0"
    """

    code = "DL3051"
    severity = Severity.WARNING
    message = "label `<label>` is empty."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        schema = ctx.settings.label_schema
        for label in all_labels(ctx):
            if label.key in schema and not label.value:
                yield finding_at(ctx, label.instruction, label.span, f"label `{label.key}` is empty.")
