"""DL3044: do not refer to an ENV variable in the ENV statement that defines it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import arg_pairs, finding_at, pairs


def refers_to(name: str, value: str) -> bool:
    """`${name}` or `$name` not followed by a name character."""
    return f"${{{name}}}" in value or re.search(rf"\${re.escape(name)}(?![A-Za-z0-9_])", value) is not None


class DL3044EnvSelfReference(Rule):
    """What it does: flags `ENV A=1 B=$A` where `A` was not defined before this ENV.

    Why is this bad: all pairs of one ENV see the environment from before it, so `$A` is empty
    (or an older value) rather than the `1` defined next to it.

    Example:
        ENV APP_HOME=/app APP_BIN=$APP_HOME/bin

    Use instead:
        ENV APP_HOME=/app
        ENV APP_BIN=$APP_HOME/bin
    """

    code = "DL3044"
    severity = Severity.ERROR
    message = "Do not refer to an environment variable within the same `ENV` statement where it is defined."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        known: set[str] = set()
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "ARG":
                known.update(name for name, _ in arg_pairs(ins))
            if ins.keyword != "ENV":
                continue
            defined = pairs(ins)
            for index, (name, _) in enumerate(defined):
                others = [value for i, (_, value) in enumerate(defined) if i != index]
                if name not in known and any(refers_to(name, value) for value in others):
                    yield finding_at(ctx, ins, ins.args_span or ins.span)
                    break
            known.update(name for name, _ in defined)
