"""DL3062: pin versions in `go install` / `go get` / `go run`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import go_installs
from layerwise.rules.hadolint._pinning import unpinned_findings


def is_pinned(package: str) -> bool:
    """`pkg@v1.2.3` (not `@latest`/`@none`) or a local path."""
    if package == "." or package.startswith(("/", ".")):
        return True
    return "@" in package and not package.endswith(("@latest", "@none"))


class DL3062PinGoVersions(Rule):
    """What it does: flags `go install`, `go get` and `go run` of a module without `@version`.

    Why is this bad: without a version (or with `@latest`) the newest release is fetched on build
    day.

    Example:
        RUN go install golang.org/x/tools/gopls@latest

    Use instead:
        RUN go install golang.org/x/tools/gopls@v0.16.1
    """

    code = "DL3062"
    severity = Severity.WARNING
    message = "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`"
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        return unpinned_findings(ctx, go_installs, is_pinned)
