"""DL3020: use COPY instead of ADD for files and folders."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import (
    expand_static,
    finding_at,
    keyword_like,
    unquote,
)

ARCHIVE_SUFFIXES = (
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
)  # fmt: skip
REMOTE_PREFIXES = ("https://", "http://", "git@", "git://", "ssh://")
ADD_ONLY_FLAGS = ("checksum", "keep-git-dir", "unpack")


def is_archive(source: str) -> bool:
    return unquote(source).endswith(ARCHIVE_SUFFIXES)


def is_remote(source: str) -> bool:
    return unquote(source).startswith(REMOTE_PREFIXES)


def sources(ins: Instruction) -> list[str]:
    return ins.values[:-1] if len(ins.values) > 1 else []


def copy_fix(ctx: RuleContext, ins: Instruction) -> Fix | None:
    """`ADD` -> `COPY` when every source is a local non-archive and no ADD-only flag is used."""
    if ins.heredocs or any(flag.name in ADD_ONLY_FLAGS for flag in ins.flags):
        return None
    keyword = keyword_like(ctx.dockerfile.text, ins, "COPY")
    return Fix("Use COPY", (Edit.replace_span(ins.keyword_span, keyword),), Applicability.SAFE)


class DL3020UseCopy(Rule):
    """What it does: flags ADD of local files or folders (not archives, not URLs).

    Why is this bad: ADD also downloads URLs and unpacks archives; for plain files COPY says what
    happens and nothing more, so a file that happens to be a tarball is not silently extracted.

    Example:
        ADD requirements.txt /app/

    Use instead:
        COPY requirements.txt /app/
    """

    code = "DL3020"
    severity = Severity.ERROR
    message = "Use COPY instead of ADD for files and folders"
    fix_applicability = Applicability.SAFE
    differs_from_hadolint = (
        "Sources from ARG/ENV variables are judged by their values (unknown ones are not flagged); "
        "git remotes count as remote."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("ADD"):
            if ins.heredocs:
                continue
            variables = ctx.dockerfile.env_at(ins)
            resolved = [expand_static(src, variables) for src in sources(ins)]
            if any(src is None for src in resolved):
                continue
            local = [src for src in resolved if src and not is_archive(src) and not is_remote(src)]
            if not local:
                continue
            fix = copy_fix(ctx, ins) if len(local) == len(resolved) else None
            yield finding_at(ctx, ins, ins.keyword_span, fix=fix)
