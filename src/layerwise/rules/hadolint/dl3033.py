"""DL3033: pin versions in `yum install`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import (
    finding_at,
    rpm_installs,
    rpm_is_pinned,
    rpm_module_is_pinned,
    run_variables,
    unpinned,
)


class DL3033PinYumVersions(Rule):
    """What it does: flags `yum install` of a package without a version (`name-version`), and
    `yum module install` of a module without a stream (`name:stream`).

    Why is this bad: an unpinned package installs whatever the repository holds on build day, so
    rebuilds differ.

    Example:
        RUN yum install -y httpd && yum clean all

    Use instead:
        RUN yum install -y httpd-2.4.57 && yum clean all
    """

    code = "DL3033"
    severity = Severity.WARNING
    message = "Specify version with `yum install -y <package>-<version>`."
    onbuild = True
    differs_from_hadolint = (
        "Packages from ARG/ENV or the script's own assignments are judged by their values (a build "
        "argument without default is not flagged); `sudo`/`env` wrappers are seen through."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            packages, modules = rpm_installs(ins.shell, "yum")
            if not packages and not modules:
                continue
            variables = run_variables(ctx.dockerfile, ins)
            word = next(unpinned(packages, variables, rpm_is_pinned), None) or next(
                unpinned(modules, variables, rpm_module_is_pinned), None
            )
            if word is not None:
                yield finding_at(ctx, ins, word.span)
