"""DL3053: label `<label>` is not RFC3339 time."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import bad_values
from layerwise.rules.hadolint._packages import finding_at


class DL3053LabelTime(Rule):
    """What it does: flags a label that the configured label schema declares as `rfc3339` when its
    value is not an RFC3339 time.

    Why is this bad: tools that read the label (registries, scanners) get a value they cannot use.

    Example:
        # .layerwise label schema: {"org.opencontainers.image.created": "rfc3339"}
        LABEL org.opencontainers.image.created="yesterday"

    Use instead:
        LABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"
    """

    code = "DL3053"
    severity = Severity.WARNING
    message = "Label `<label>` is not a valid time format - must conform to RFC3339."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for label in bad_values(ctx, "rfc3339"):
            message = "Label `" + label.key + "` is not a valid time format - must conform to RFC3339."
            yield finding_at(ctx, label.instruction, label.span, message)
