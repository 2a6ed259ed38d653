"""DL3013: pin versions in `pip install`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import PackageInstall, pip_installs
from layerwise.rules.hadolint._pinning import unpinned_findings

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import ShellScript

VERSION_SYMBOLS = ("==", ">=", "<=", ">", "<", "!=", "~=", "===")
VCS_SCHEMES = ("git", "hg", "svn", "bzr")  # with or without `+protocol`
LOCAL_SUFFIXES = (".whl", ".tar.gz")


def is_vcs(package: str) -> bool:
    return any(package.startswith(scheme) and package[len(scheme) : len(scheme) + 1] in "+:" for scheme in VCS_SCHEMES)


def is_pinned(package: str) -> bool:
    """`pkg==1.2` (or another specifier), a VCS URL with `@ref`, a wheel or sdist, or a path."""
    if is_vcs(package):
        return "@" in package.split("://", 1)[-1]
    return any(s in package for s in VERSION_SYMBOLS) or package.endswith(LOCAL_SUFFIXES) or "/" in package


def installs_from_files(install: PackageInstall) -> bool:
    """Requirements or constraints files and the local project pin things elsewhere."""
    return install.has_option("r", "requirement", "c", "constraint") or any(p.value == "." for p in install.packages)


def checked_installs(script: ShellScript | None) -> list[PackageInstall]:
    return [i for i in pip_installs(script) if not installs_from_files(i)]


class DL3013PinPipVersions(Rule):
    """What it does: flags `pip install` of a package without a version specifier.

    Why is this bad: an unpinned package installs the newest release on build day, so rebuilds of
    the same Dockerfile ship different code and can break without any change.

    Example:
        RUN pip install --no-cache-dir flask

    Use instead:
        RUN pip install --no-cache-dir flask==3.0.3
        # or: RUN pip install --no-cache-dir -r requirements.txt
    """

    code = "DL3013"
    severity = Severity.WARNING
    message = (
        "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` "
        "or `pip install --requirement <requirements file>`"
    )
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through; "
        "`python -m pip --opt install` is recognised."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, checked_installs, is_pinned)
