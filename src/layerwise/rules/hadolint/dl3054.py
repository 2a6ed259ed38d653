"""DL3054: label `<label>` is not an SPDX identifier."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import bad_values
from layerwise.rules.hadolint._packages import finding_at


class DL3054LabelSpdx(Rule):
    """What it does: flags a label that the configured label schema declares as `spdx` when its
    value is not an SPDX license identifier.

    Why is this bad: tools that read the label (license scanners) get a value they cannot use.

    Example:
        # .layerwise label schema: {"org.opencontainers.image.licenses": "spdx"}
        LABEL org.opencontainers.image.licenses="Apache 2"

    Use instead:
        LABEL org.opencontainers.image.licenses="Apache-2.0"
    """

    code = "DL3054"
    severity = Severity.WARNING
    message = "Label `<label>` is not a valid SPDX identifier."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for label in bad_values(ctx, "spdx"):
            message = "Label `" + label.key + "` is not a valid SPDX identifier."
            yield finding_at(ctx, label.instruction, label.span, message)
