"""The checks the "missing switch" rules share: `-y` for yum/dnf/zypper (DL3030, DL3038, DL3034)
and a missing `apt-get install` option (DL3014, DL3015). Each finding carries the fix that adds it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from layerwise.dockerfile.model import Span
from layerwise.fix.edits import insert_after
from layerwise.rules.base import Applicability, Edit, Finding, Fix, RuleContext
from layerwise.rules.hadolint._packages import PackageInstall, apt_get_installs, commands_named, finding_at, parse_args


def missing_yes(
    ctx: RuleContext,
    names: tuple[str, ...],
    subcommands: tuple[str, ...],
    yes_options: tuple[str, ...],
    takes_value: Iterable[str],
) -> Iterator[Finding]:
    """One finding per RUN in which a `names` command runs one of `subcommands` without any of
    `yes_options`; the fix inserts ` -y` after each such subcommand word."""
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


def apt_get_lacking(
    ctx: RuleContext, satisfied: Callable[[PackageInstall], bool], flag: str, applicability: Applicability
) -> Iterator[Finding]:
    """One finding per RUN with an `apt-get install` that is not `satisfied`, at the first such
    command; the fix adds `flag` after every such `install` word (no fix if one has none)."""
    for ins in ctx.instructions("RUN"):
        missing = [i for i in apt_get_installs(ins.shell) if not satisfied(i)]
        if not missing:
            continue
        edits = tuple(insert_after(i.subcommand, flag) for i in missing if i.subcommand is not None)
        fix = Fix(f"Add {flag}", edits, applicability) if len(edits) == len(missing) else None
        yield finding_at(ctx, ins, missing[0].command.span, fix=fix)
