"""DL3011: valid UNIX ports range from 0 to 65535."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote

MAX_PORT = 65535


def out_of_range(port: str) -> bool:
    """`80`, `80/tcp`, `8000-8100/udp`; variables and other text are not judged."""
    numbers = unquote(port).split("/", 1)[0].split("-")
    return all(n.isdigit() for n in numbers) and any(int(n) > MAX_PORT for n in numbers)


class DL3011ValidPort(Rule):
    """What it does: flags an EXPOSE of a port above 65535.

    Why is this bad: no such port exists; the build or the run fails, or the typo hides the real
    port.

    Example:
        EXPOSE 80800

    Use instead:
        EXPOSE 8080
    """

    code = "DL3011"
    severity = Severity.ERROR
    message = "Valid UNIX ports range from 0 to 65535"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("EXPOSE"):
            bad = next((a for a in ins.arguments if out_of_range(a.value)), None)
            if bad is not None:
                yield finding_at(ctx, ins, bad.span)
