"""DL3002: the last USER should not be root."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote


def is_root(user: str) -> bool:
    user = unquote(user)
    return user in ("root", "0") or user.startswith(("root:", "0:"))


class DL3002LastUserRoot(Rule):
    """What it does: flags a stage that ships and whose last USER is root.

    Why is this bad: the container then runs as root, so any compromise of the program owns the
    whole container (and more, with a misconfigured runtime).

    Example:
        USER root
        RUN apt-get update && apt-get install -y curl

    Use instead:
        USER root
        RUN apt-get update && apt-get install -y curl
        USER app
    """

    code = "DL3002"
    severity = Severity.WARNING
    message = "Last USER should not be root"
    differs_from_hadolint = "Only stages that reach the final image count; build-only stages may end as root."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            if not stage.reaches_final:
                continue
            users = [i for i in stage.instructions if i.keyword == "USER" and i.values]
            if users and is_root(users[-1].values[0]):
                last = users[-1]
                yield finding_at(ctx, last, last.arguments[0].span)
