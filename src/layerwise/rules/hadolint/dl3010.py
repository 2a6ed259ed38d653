"""DL3010: use ADD for extracting archives into an image."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands, finding_at, parse_args, unquote
from layerwise.rules.hadolint.dl3020 import is_archive

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

DECOMPRESSORS = frozenset({"unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"})
TAR_VALUE_OPTIONS = ("f", "file", "C", "directory", "T", "files-from", "X", "exclude-from")


def basename(path: str) -> str:
    return unquote(path).replace("\\", "/").rsplit("/", 1)[-1]


def copied_archives(ins: Instruction) -> set[str]:
    """Archive basenames a local COPY brings in (the destination's name if it is one)."""
    if ins.flag("from") is not None or ins.heredocs or len(ins.values) < 2:
        return set()
    *sources, destination = ins.values
    if is_archive(destination):
        return {basename(destination)}
    return {basename(s) for s in sources if is_archive(s)}


def extracts(command: Command) -> bool:
    if command.name in DECOMPRESSORS:
        return True
    if command.name != "tar":
        return False
    values = [w.value for w in command.args]
    short = [v for v in values if v.startswith("-") and not v.startswith("--")]
    old_style = bool(values) and not values[0].startswith("-") and "x" in values[0]  # `tar xzf a.tgz`
    return old_style or any(v in ("--extract", "--get") for v in values) or any("x" in v for v in short)


def extracted_names(command: Command) -> set[str]:
    """Basenames of the words that are not options (archive names as tar/unzip see them)."""
    parsed = parse_args(command.args, TAR_VALUE_OPTIONS if command.name == "tar" else ())
    return {basename(w.value) for w in parsed.positional} | {
        basename(o.value) for o in parsed.options if o.name in ("f", "file") and o.value
    }


class DL3010UseAddForArchives(Rule):
    """What it does: flags a local archive that is COPYed and then unpacked in a RUN.

    Why is this bad: the archive stays in the COPY layer although only its contents are needed;
    ADD unpacks a local tar archive in one step and one layer.

    Example:
        COPY app.tar.gz /tmp/
        RUN tar -xzf /tmp/app.tar.gz -C /opt

    Use instead:
        ADD app.tar.gz /opt/
    """

    code = "DL3010"
    severity = Severity.INFO
    message = "Use `ADD` for extracting archives into an image"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            archives: dict[str, Instruction] = {}
            flagged: list[Instruction] = []
            for ins in stage.instructions:
                if ins.keyword == "COPY":
                    archives.update(dict.fromkeys(copied_archives(ins), ins))
                elif ins.keyword == "RUN":
                    for command in commands(ins.shell):
                        if not extracts(command):
                            continue
                        for name in extracted_names(command) & archives.keys():
                            if archives[name] not in flagged:
                                flagged.append(archives[name])
            for copy in flagged:
                yield finding_at(ctx, copy, copy.span)
