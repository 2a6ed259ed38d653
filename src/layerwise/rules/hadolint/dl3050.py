"""DL3050: superfluous labels present (with strict labels)."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import all_labels
from layerwise.rules.hadolint._packages import finding_at


class DL3050SuperfluousLabel(Rule):
    """What it does: with strict labels on, flags a LABEL key that the label schema does not list.

    Why is this bad: a team that fixes its label schema wants every image to carry exactly those
    labels; a stray key is usually a typo of a schema key.

    Example:
        # schema: {"org.opencontainers.image.version": "semver"}, strict labels
        LABEL org.opencontainers.image.verison="1.0.0"

    Use instead:
        LABEL org.opencontainers.image.version="1.0.0"
    """

    code = "DL3050"
    severity = Severity.INFO
    message = "Superfluous label(s) present."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if not ctx.settings.strict_labels:
            return
        schema = ctx.settings.label_schema
        reported: set[int] = set()
        for label in all_labels(ctx):
            if label.key not in schema and id(label.instruction) not in reported:
                reported.add(id(label.instruction))
                yield finding_at(ctx, label.instruction, label.span)
