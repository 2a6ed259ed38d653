"""DL4005: use SHELL to change the default shell."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands_named, finding_at


class DL4005UseShell(Rule):
    """What it does: flags `ln ... /bin/sh` in a RUN.

    Why is this bad: relinking /bin/sh changes the shell of every script in the image, package
    maintainer scripts included; the SHELL instruction changes it for RUN only.

    Example:
        RUN ln -sf /bin/bash /bin/sh

    Use instead:
        SHELL ["/bin/bash", "-c"]
    """

    code = "DL4005"
    severity = Severity.WARNING
    message = "Use SHELL to change the default shell"
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            ln = next(
                (c for c in commands_named(ins.shell, "ln") if any(w.value == "/bin/sh" for w in c.args)),
                None,
            )
            if ln is not None:
                yield finding_at(ctx, ins, ln.span)
