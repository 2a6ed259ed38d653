"""DL3001: commands that make no sense in a container."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands, finding_at

POINTLESS = frozenset({"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"})


class DL3001PointlessCommand(Rule):
    """What it does: flags `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill` and
    `mount` in a RUN.

    Why is this bad: a build step has no services, no terminal and no other processes to look at;
    such commands do nothing useful in a layer (or fail), and usually hide a mistaken assumption.

    Example:
        RUN service nginx start

    Use instead:
        CMD ["nginx", "-g", "daemon off;"]
    """

    code = "DL3001"
    severity = Severity.INFO
    message = (
        "For some bash commands it makes no sense running them in a Docker container like `ssh`, "
        "`vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`"
    )
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            command = next((c for c in commands(ins.shell) if c.name in POINTLESS), None)
            if command is not None:
                yield finding_at(ctx, ins, command.span)
