"""LW014: files made world-writable."""

from __future__ import annotations

import re
from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import parse_args
from layerwise.rules.layerwise._common import final_chain, run_commands, shell_runs

_OCTAL = re.compile(r"0?(?P<special>[0-7])?(?P<user>[0-7])(?P<group>[0-7])(?P<other>[0-7])")
_SYMBOLIC_OTHER_WRITE = re.compile(r"(^|,)[ugoa]*[ao][ugoa]*[+=][rwxXst]*w")


def world_writable(mode: str) -> bool:
    """Whether a chmod mode gives write access to everyone (a sticky 1777 directory is fine)."""
    octal = _OCTAL.fullmatch(mode)
    if octal is not None:
        sticky = int(octal.group("special") or "0") & 1
        return int(octal.group("other")) & 2 != 0 and not sticky
    return bool(_SYMBOLIC_OTHER_WRITE.search(mode)) and "t" not in mode


class LW014WorldWritable(Rule):
    """What it does:
    Flags `chmod 777`, `chmod -R 666`, `chmod o+w`, `chmod a+rwx` ... in the image that ships.

    Why is this bad:
    Every user in the container, and every process that gets in, can then replace programs and
    configuration there. A permission problem (the seed chapter's `Permission denied`) is
    solved by giving the directory to the user that runs the program (`chown app /data`).

    Example:
        RUN chmod -R 777 /app

    Use instead:
        RUN chown -R app /app/data
    """

    code = "LW014"
    severity = Severity.WARNING
    message = "chmod makes files writable by every user"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in shell_runs(final_chain(ctx.dockerfile)):
            for command in run_commands(ins):
                if command.name != "chmod":
                    continue
                positional = parse_args(command.args).positional
                if len(positional) < 2 or not world_writable(positional[0].value):
                    continue
                targets = [w.value for w in positional[1:]]
                if all(t.rstrip("/") in ("/tmp", "/var/tmp", "/dev/shm") for t in targets):
                    continue
                yield ctx.finding(
                    command.span, f"chmod {positional[0].value} makes {' '.join(targets)} writable by every user"
                )
