"""DL3058: label `<label>` is not an RFC5322 email."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import bad_values
from layerwise.rules.hadolint._packages import finding_at


class DL3058LabelEmail(Rule):
    """What it does: flags a label that the configured label schema declares as `email` when its
    value is not an RFC5322 e-mail address.

    Why is this bad: tools that read the label (contact tooling) get a value they cannot use.

    Example:
        # .layerwise label schema: {"maintainer": "email"}
        LABEL maintainer="jane at example"

    Use instead:
        LABEL maintainer="jane@example.com"
    """

    code = "DL3058"
    severity = Severity.WARNING
    message = "Label `<label>` is not a valid email format - must conform to RFC5322."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for label in bad_values(ctx, "email"):
            message = "Label `" + label.key + "` is not a valid email format - must conform to RFC5322."
            yield finding_at(ctx, label.instruction, label.span, message)
