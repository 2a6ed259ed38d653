"""LW011: ADD downloads a URL without a checksum."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import instructions_of


def is_remote(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def is_git(source: str) -> bool:
    """A git context (`https://host/repo.git#ref`, `git@...`): pinned by its ref, not a checksum."""
    return source.startswith("git@") or ".git#" in source or source.split("#", 1)[0].endswith(".git")


class LW011AddUrlWithoutChecksum(Rule):
    """What it does:
    Flags `ADD https://...` (or http) without `--checksum=sha256:...`.

    Why is this bad:
    The file is whatever the server returns at build time: a compromised or changed download
    goes into the image unnoticed, and two builds of one Dockerfile differ. BuildKit verifies
    `--checksum` (Dockerfile syntax 1.6 and later) and fails the build on a mismatch.

    Example:
        ADD https://example.com/tool.tar.gz /tmp/

    Use instead:
        # syntax=docker/dockerfile:1.6
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
            https://example.com/tool.tar.gz /tmp/
    """

    code = "LW011"
    severity = Severity.INFO
    message = "ADD downloads a URL without --checksum"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        stages = [s for s in ctx.dockerfile.stages if s.reaches_final]
        for ins in instructions_of(stages, "ADD"):
            if ins.flag("checksum") is not None or len(ins.arguments) < 2:
                continue
            for argument in ins.arguments[:-1]:
                if is_remote(argument.value) and not is_git(argument.value):
                    yield ctx.finding(argument.span, f"ADD {argument.value} is not verified: add --checksum=sha256:...")
