"""DL3052: label `<label>` is not a valid URL."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import bad_values
from layerwise.rules.hadolint._packages import finding_at


class DL3052LabelUrl(Rule):
    """What it does: flags a label that the configured label schema declares as `url` when its
    value is not an absolute URL.

    Why is this bad: tools that read the label (browsers, registries) get a value they cannot use.

    Example:
        # .layerwise label schema: {"org.opencontainers.image.source": "url"}
        LABEL org.opencontainers.image.source="github.com/org/repo"

    Use instead:
        LABEL org.opencontainers.image.source="https://github.com/org/repo"
    """

    code = "DL3052"
    severity = Severity.WARNING
    message = "Label `<label>` is not a valid URL."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for label in bad_values(ctx, "url"):
            message = "Label `" + label.key + "` is not a valid URL."
            yield finding_at(ctx, label.instruction, label.span, message)
