"""DL3028: pin versions in `gem install`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import PackageInstall, gem_installs
from layerwise.rules.hadolint._pinning import unpinned_findings

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import ShellScript


def is_pinned(package: str) -> bool:
    return ":" in package


def checked_installs(script: ShellScript | None) -> list[PackageInstall]:
    """`--version X` pins every gem of its command."""
    return [i for i in gem_installs(script) if not i.has_option("v", "version")]


class DL3028PinGemVersions(Rule):
    """What it does: flags `gem install <gem>` without a version (`gem:version` or `-v`).

    Why is this bad: an unpinned gem installs the newest release on build day, so rebuilds differ.

    Example:
        RUN gem install bundler

    Use instead:
        RUN gem install bundler:2.5.10
    """

    code = "DL3028"
    severity = Severity.WARNING
    message = "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`"
    onbuild = True
    differs_from_hadolint = (
        "Boolean options such as `--no-document` do not hide the gem after them; "
        "gems given by ARG/ENV variables are judged by their values."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, checked_installs, is_pinned)
