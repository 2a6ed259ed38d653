"""DL3014: use the `-y` switch with `apt-get install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import PackageInstall
from layerwise.rules.hadolint._switches import apt_get_lacking


def assumes_yes(install: PackageInstall) -> bool:
    """`-y`, `--yes`, `--assume-yes`, or quiet level 2 (`-qq`, `-q -q`, `-q=2`), as apt-get reads it."""
    if install.has_option("y", "yes", "assume-yes"):
        return True
    quiet = [o for o in install.options if o.name in ("q", "quiet")]
    return (
        len(quiet) >= 2
        or any(o.value == "2" for o in quiet)
        or any(w.value in ("-q=2", "--quiet=2") for w in install.command.args)
    )


class DL3014AptGetYes(Rule):
    """What it does: flags `apt-get install` without `-y` (or `--yes`, `--assume-yes`, `-qq`).

    Why is this bad: apt-get asks for confirmation before installing; a build has no one to
    answer, so it aborts when the prompt appears.

    Example:
        RUN apt-get install curl

    Use instead:
        RUN apt-get install -y curl
    """

    code = "DL3014"
    severity = Severity.WARNING
    message = "Use the `-y` switch to avoid manual input `apt-get -y install <package>`"
    fix_applicability = Applicability.SAFE
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return apt_get_lacking(ctx, assumes_yes, "-y", Applicability.SAFE)
