"""DL3004: do not use sudo."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


class DL3004NoSudo(Rule):
    """What it does: flags `sudo` in a RUN.

    Why is this bad: RUN already runs as the current USER; sudo adds a setuid binary to the image
    and behaves unpredictably without a terminal. Switch with USER, or use gosu at run time.

    Example:
        USER app
        RUN sudo apt-get install -y curl

    Use instead:
        USER root
        RUN apt-get install -y curl
        USER app
    """

    code = "DL3004"
    severity = Severity.ERROR
    message = "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root"
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            script = ins.shell
            sudo = next((c for c in script.commands if c.name == "sudo"), None) if script else None
            if sudo is not None:
                yield finding_at(ctx, ins, sudo.words[0].span)
