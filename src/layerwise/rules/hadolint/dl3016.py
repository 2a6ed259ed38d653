"""DL3016: pin versions in `npm install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import npm_installs
from layerwise.rules.hadolint._pinning import unpinned_findings

GIT_PREFIXES = ("git://", "git+ssh://", "git+http://", "git+https://")
TARBALL_SUFFIXES = (".tar", ".tar.gz", ".tgz")
PATH_PREFIXES = ("/", "./", "../", "~/")


def is_pinned(package: str) -> bool:
    """`name@version`, `@scope/name@tag`, a git URL with `#ref`, a tarball or a folder."""
    if package.startswith(GIT_PREFIXES):
        return "#" in package
    if package.endswith(TARBALL_SUFFIXES) or package.startswith(PATH_PREFIXES):
        return True
    name = package.split("/", 1)[1] if package.startswith("@") and "/" in package else package
    return "@" in name


class DL3016PinNpmVersions(Rule):
    """What it does: flags `npm install <package>` without a version, tag or commit.

    Why is this bad: an unpinned package installs the newest release on build day, so rebuilds
    differ. (`npm install` with no package reads package.json and the lock file, and is fine.)

    Example:
        RUN npm install -g express

    Use instead:
        RUN npm install -g express@4.19.2
    """

    code = "DL3016"
    severity = Severity.WARNING
    message = "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`"
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, npm_installs, is_pinned)
