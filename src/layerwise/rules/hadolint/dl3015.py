"""DL3015: avoid additional packages by specifying `--no-install-recommends`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import PackageInstall
from layerwise.rules.hadolint._switches import apt_get_lacking


def skips_recommends(install: PackageInstall) -> bool:
    """`--no-install-recommends`, or `-o APT::Install-Recommends=false` (or 0)."""
    if install.has_option("no-install-recommends"):
        return True
    texts = [o.value or "" for o in install.options] + [w.value for w in install.command.args]
    return any(_recommends_off(t) for t in texts)


def _recommends_off(text: str) -> bool:
    key, _, value = text.partition("=")
    return key.strip("'\"").lower() == "apt::install-recommends" and value.strip("'\"").lower() in (
        "false",
        "0",
        "no",
        "off",
    )


class DL3015NoInstallRecommends(Rule):
    """What it does: flags `apt-get install` without `--no-install-recommends`.

    Why is this bad: apt-get also installs every "recommended" package, often doubling the size
    of the layer with documentation, fonts or daemons the image never uses.

    Example:
        RUN apt-get update && apt-get install -y curl

    Use instead:
        RUN apt-get update && apt-get install -y --no-install-recommends curl

    The fix is unsafe: it changes the set of installed packages, and a program may have relied
    on a recommended one (e.g. `ca-certificates` for curl over https).
    """

    code = "DL3015"
    severity = Severity.INFO
    message = "Avoid additional packages by specifying `--no-install-recommends`"
    fix_applicability = Applicability.UNSAFE
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return apt_get_lacking(ctx, skips_recommends, "--no-install-recommends", Applicability.UNSAFE)
