"""The check the package-pinning rules share (DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, ...).

Each rule keeps its own `is_pinned` test and install reader; this walks the RUNs and reports the
first unpinned package word of each, as hadolint does (one finding per RUN).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from layerwise.rules.hadolint._packages import (
    PackageInstall,
    finding_at,
    rpm_installs,
    rpm_is_pinned,
    rpm_module_is_pinned,
    run_variables,
    unpinned,
)

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import ShellScript
    from layerwise.rules.base import Finding, RuleContext

PinTest = Callable[[str], bool]
InstallReader = Callable[["ShellScript | None"], list[PackageInstall]]


def unpinned_findings(ctx: RuleContext, installs_of: InstallReader, is_pinned: PinTest) -> Iterator[Finding]:
    """A finding at the first package word of each RUN that `is_pinned` rejects."""
    return _first_unpinned_per_run(ctx, lambda shell: [(installs_of(shell), is_pinned)])


def rpm_unpinned_findings(ctx: RuleContext, *names: str) -> Iterator[Finding]:
    """As unpinned_findings for yum/dnf: packages need `-version`, modules need `:stream`."""

    def checks(shell: ShellScript | None) -> list[tuple[list[PackageInstall], PinTest]]:
        packages, modules = rpm_installs(shell, *names)
        return [(packages, rpm_is_pinned), (modules, rpm_module_is_pinned)]

    return _first_unpinned_per_run(ctx, checks)


def _first_unpinned_per_run(
    ctx: RuleContext,
    checks_of: Callable[[ShellScript | None], Sequence[tuple[list[PackageInstall], PinTest]]],
) -> Iterator[Finding]:
    for ins in ctx.instructions("RUN"):
        checks = [(installs, is_pinned) for installs, is_pinned in checks_of(ins.shell) if installs]
        if not checks:
            continue  # no install: skip working out the RUN's variables
        variables = run_variables(ctx.dockerfile, ins)
        words = (word for installs, is_pinned in checks for word in unpinned(installs, variables, is_pinned))
        word = next(words, None)
        if word is not None:
            yield finding_at(ctx, ins, word.span)
