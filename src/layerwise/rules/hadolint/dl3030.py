"""DL3030: use the -y switch with `yum install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Span
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import (
    YUM_VALUE_OPTIONS,
    commands_named,
    finding_at,
    parse_args,
)


def missing_yes(
    ctx: RuleContext,
    names: tuple[str, ...],
    subcommands: tuple[str, ...],
    yes_options: tuple[str, ...],
    takes_value: Iterable[str],
) -> Iterable[Finding]:
    """One finding per RUN whose `names` command runs one of `subcommands` without a yes option;
    the fix inserts ` -y` after each such subcommand word."""
    for ins in ctx.instructions("RUN"):
        edits: list[Edit] = []
        spans: list[Span] = []
        for command in commands_named(ins.shell, *names):
            parsed = parse_args(command.args, takes_value)
            sub = next((w for w in parsed.positional if w.value in subcommands), None)
            if sub is not None and not parsed.has(*yes_options):
                edits.append(Edit.insert(sub.span.end, " -y"))
                spans.append(command.span)
        if edits:
            fix = Fix("Add -y", tuple(edits), Applicability.SAFE)
            yield finding_at(ctx, ins, spans[0], fix=fix)


class DL3030YumYes(Rule):
    """What it does: flags `yum install` without `-y`.

    Why is this bad: yum asks for confirmation; a build has no one to answer, so it aborts.

    Example:
        RUN yum install httpd-2.4.57 && yum clean all

    Use instead:
        RUN yum install -y httpd-2.4.57 && yum clean all
    """

    code = "DL3030"
    severity = Severity.WARNING
    message = "Use the -y switch to avoid manual input `yum install -y <package>`"
    onbuild = True
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return missing_yes(
            ctx, ("yum",), ("install", "groupinstall", "localinstall"), ("y", "assumeyes"), YUM_VALUE_OPTIONS
        )
