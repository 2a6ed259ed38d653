"""DL1001: inline ignore pragmas (off by default)."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.lint.pragmas import ignore_pragmas
from layerwise.rules.base import Finding, Rule, RuleContext, Severity


class DL1001NoIgnorePragmas(Rule):
    """What it does: flags inline ignore pragmas such as `# hadolint ignore=DL3008`.

    Why is this bad: a pragma silences a check where nobody reviewing the configuration sees it;
    teams that want every exception in one place turn this rule on (it is off by default).

    Example:
        # hadolint ignore=DL3008
        RUN apt-get install -y curl

    Use instead: fix the finding, or ignore the code in `.layerwise.toml` / `.hadolint.yaml`.
    """

    code = "DL1001"
    severity = Severity.INFO  # hadolint: Ignore, i.e. off until enabled
    message = "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`."
    enabled_by_default = False
    differs_from_hadolint = "Also flags `global`/`stage` and `# layerwise ignore=` pragmas, at the comment's line."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for pragma in ignore_pragmas(ctx.dockerfile):
            yield ctx.finding(pragma.comment.span)
