"""DL3035: do not use `zypper dist-upgrade`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import ZYPPER_VALUE_OPTIONS, commands_named, finding_at, parse_args


class DL3035NoZypperDistUpgrade(Rule):
    """What it does: flags `zypper dist-upgrade` (`zypper dup`) in a RUN.

    Why is this bad: a distribution upgrade inside a build changes the base image's release under
    it; use a newer base image instead.

    Example:
        RUN zypper dup -y

    Use instead:
        FROM opensuse/leap:15.6
    """

    code = "DL3035"
    severity = Severity.WARNING
    message = "Do not use `zypper dist-upgrade`."
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            for command in commands_named(ins.shell, "zypper"):
                positional = parse_args(command.args, ZYPPER_VALUE_OPTIONS).positional
                if positional and positional[0].value in ("dist-upgrade", "dup"):
                    yield finding_at(ctx, ins, command.span)
                    break
