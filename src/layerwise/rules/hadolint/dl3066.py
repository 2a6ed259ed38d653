"""DL3066: a non-numeric USER may not be resolvable by the host."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, judged_value, unquote


class DL3066NumericUser(Rule):
    """What it does: flags `USER name` (a user name rather than a numeric UID).

    Why is this bad: a name is resolved through the image's /etc/passwd; Kubernetes'
    `runAsNonRoot` and host tools see only numbers and cannot verify that the user is not root.

    Example:
        USER app

    Use instead:
        USER 10001:10001
    """

    code = "DL3066"
    severity = Severity.INFO
    message = "Non-numeric user-id may not be resolvable by host system"
    differs_from_hadolint = "`USER $ARG` is judged by the ARG's value: a known non-numeric default is flagged."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("USER"):
            if not ins.values:
                continue
            user = judged_value(ins.values[0], ctx.dockerfile.env_at(ins))
            if user is None:
                continue  # from a build argument without default: unknown here
            uid = unquote(user).split(":", 1)[0]
            if not uid.isdigit():
                yield finding_at(ctx, ins, ins.arguments[0].span)
