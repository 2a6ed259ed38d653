"""DL3056: label `<label>` is not semantic versioning."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import bad_values
from layerwise.rules.hadolint._packages import finding_at


class DL3056LabelSemver(Rule):
    """What it does: flags a label that the configured label schema declares as `semver` when its
    value does not follow semantic versioning.

    Why is this bad: tools that read the label (release tooling) get a value they cannot use.

    Example:
        # .layerwise label schema: {"org.opencontainers.image.version": "semver"}
        LABEL org.opencontainers.image.version="v1"

    Use instead:
        LABEL org.opencontainers.image.version="1.4.2"
    """

    code = "DL3056"
    severity = Severity.WARNING
    message = "Label `<label>` does not conform to semantic versioning."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for label in bad_values(ctx, "semver"):
            message = "Label `" + label.key + "` does not conform to semantic versioning."
            yield finding_at(ctx, label.instruction, label.span, message)
