"""DL3055: label `<label>` is not a git hash."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import bad_values
from layerwise.rules.hadolint._packages import finding_at


class DL3055LabelGitHash(Rule):
    """What it does: flags a label that the configured label schema declares as `hash` when its
    value is not a 7 or 40 character git hash.

    Why is this bad: tools that read the label (provenance tools) get a value they cannot use.

    Example:
        # .layerwise label schema: {"org.opencontainers.image.revision": "hash"}
        LABEL org.opencontainers.image.revision="main"

    Use instead:
        LABEL org.opencontainers.image.revision="9f3c2a1"
    """

    code = "DL3055"
    severity = Severity.WARNING
    message = "Label `<label>` is not a valid git hash."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for label in bad_values(ctx, "hash"):
            message = "Label `" + label.key + "` is not a valid git hash."
            yield finding_at(ctx, label.instruction, label.span, message)
