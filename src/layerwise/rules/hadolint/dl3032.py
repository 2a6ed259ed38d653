"""DL3032: `yum clean all` missing after yum command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from layerwise.fix.cleanup import CleanupRule, named_with_arg, removes
from layerwise.rules.base import Severity

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command


class DL3032YumCleanAll(CleanupRule):
    """What it does: flags a RUN in a shipped stage that runs `yum install` without a later
    `yum clean all` (or `rm -rf /var/cache/yum/*`) in the same RUN.

    Why is this bad: yum keeps metadata and downloaded packages in /var/cache/yum; left in the
    layer they cost tens to hundreds of MB.

    Example:
        RUN yum install -y httpd

    Use instead:
        RUN yum install -y httpd && yum clean all
    """

    code = "DL3032"
    severity = Severity.WARNING
    message = "`yum clean all` missing after yum command."
    cache_targets = ("/var/cache/yum",)
    differs_from_hadolint = (
        "The clean must follow the last install; a cache mount of /var/cache/yum or a stage only "
        "copied from is not flagged."
    )

    def fills_cache(self, command: Command) -> bool:
        return named_with_arg(command, ["yum"], ["install"])

    def cleans_cache(self, command: Command) -> bool:
        cleans = named_with_arg(command, ["yum"], ["clean"]) and "all" in [w.value for w in command.args]
        return cleans or removes(command, "/var/cache/yum")

    def cleanup(self, last_install: Command) -> str:
        return "yum clean all"
