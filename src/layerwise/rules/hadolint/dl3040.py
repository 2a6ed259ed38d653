"""DL3040: `dnf clean all` missing after dnf command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layerwise.fix.cleanup import CleanupRule, base_name, named_with_arg, removes
from layerwise.rules.base import Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

DNF = ("dnf", "microdnf")
INSTALLS = ("install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei")


class DL3040DnfCleanAll(CleanupRule):
    """What it does: flags a RUN in a shipped stage that runs `dnf install` (or upgrade,
    reinstall; `microdnf` too) without a later `dnf clean all` in the same RUN.

    Why is this bad: dnf keeps repository metadata and packages in /var/cache/dnf (libdnf5 in
    dnf5), which then stays in the layer.

    Example:
        RUN dnf install -y httpd

    Use instead:
        RUN dnf install -y httpd && dnf clean all
    """

    code = "DL3040"
    severity = Severity.WARNING
    message = "`dnf clean all` missing after dnf command."
    cache_targets = ("/var/cache/libdnf5", ".cache/libdnf5", "/var/cache/dnf")
    differs_from_hadolint = (
        "The clean must follow the last install; a cache mount of /var/cache/dnf or a stage only "
        "copied from is not flagged."
    )

    def fills_cache(self, command: Command) -> bool:
        return named_with_arg(command, DNF, INSTALLS)

    def cleans_cache(self, command: Command) -> bool:
        cleans = named_with_arg(command, DNF, ["clean"]) and "all" in [w.value for w in command.args]
        return cleans or removes(command, "/var/cache/libdnf5", "/var/cache/dnf")

    def cleanup(self, last_install: Command) -> str:
        return f"{base_name(last_install)} clean all"
