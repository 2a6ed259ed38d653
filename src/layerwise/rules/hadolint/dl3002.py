"""DL3002: the last USER should not be root."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote


def is_root(user: str) -> bool:
    user = unquote(user)
    return user in ("root", "0") or user.startswith(("root:", "0:"))


class DL3002LastUserRoot(Rule):
    """What it does: flags a final image whose last USER is root (set in the final stage or in the
    stage it is built FROM).

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
    differs_from_hadolint = (
        "Only the USER the final image runs as counts (inherited through FROM <stage>); build stages may end as root."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        """The image runs as the last USER of the final stage, or of the stage it is built FROM
        when it sets none (and so on up); stages only copied from do not matter."""
        stage = ctx.dockerfile.final_stage
        while stage is not None:
            users = [i for i in stage.instructions if i.keyword == "USER" and i.values]
            if users:
                last = users[-1]
                if is_root(last.values[0]):
                    yield finding_at(ctx, last, last.arguments[0].span)
                return
            stage = ctx.dockerfile.parent_of(stage)
