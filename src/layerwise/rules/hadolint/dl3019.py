"""DL3019: use `apk add --no-cache` instead of `--update` plus removing /var/cache/apk."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Dockerfile, Instruction
from layerwise.fix.cleanup import base_name, removes, run_commands, shipping_runs
from layerwise.fix.edits import delete_word, insert_after, mounts_cover
from layerwise.fix.script import shell_view
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import PackageInstall, apk_adds, finding_at

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

APK_CACHE = ("/var/cache/apk", "/etc/apk/cache")


class DL3019ApkNoCache(Rule):
    """What it does: flags `apk add` without `--no-cache` in a stage whose layers ship.

    Why is this bad: without it apk keeps the package index (and, with a cache configured, the
    packages) in /var/cache/apk; `--update` plus `rm -rf /var/cache/apk/*` does the same in
    more words. A cache mount over /var/cache/apk is fine.

    Example:
        RUN apk add --update curl && rm -rf /var/cache/apk/*

    Use instead:
        RUN apk add --no-cache curl
    """

    code = "DL3019"
    severity = Severity.INFO
    message = (
        "Use the `--no-cache` switch to avoid the need to use `--update` and remove "
        "`/var/cache/apk/*` when done installing packages"
    )
    fix_applicability = Applicability.SAFE
    onbuild = True
    differs_from_hadolint = "Stages only copied from are not flagged; a mount of /etc/apk/cache counts too."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in shipping_runs(ctx):
            if any(mounts_cover(ins, path) for path in APK_CACHE):
                continue
            adds = apk_adds(ins.shell)
            missing = [a for a in adds if not a.has_option("no-cache")]
            if missing:
                yield finding_at(ctx, ins, missing[0].command.span, fix=fix_for(ctx.dockerfile, ins, missing))


def fix_for(dockerfile: Dockerfile, ins: Instruction, missing: list[PackageInstall]) -> Fix | None:
    edits: list[Edit] = []
    for add in missing:
        if add.subcommand is None:
            return None
        edits.append(insert_after(add.subcommand, "--no-cache"))
        edits.extend(
            delete_word(dockerfile.text, o.word, dockerfile.escape)
            for o in add.options
            if o.word.value in ("--update", "-U", "--update-cache")
        )
    edits.extend(redundant_cache_removal(dockerfile, ins))
    return Fix("Use apk add --no-cache", tuple(edits))


def redundant_cache_removal(dockerfile: Dockerfile, ins: Instruction) -> list[Edit]:
    """Drop `&& rm -rf /var/cache/apk/*` once every apk command is an `add --no-cache`: apk then
    writes nothing there. Only the plain `x && rm ...` shape is touched."""
    commands = run_commands(ins)
    apk = [c for c in commands if base_name(c) == "apk"]
    if any(not c.args or c.args[0].value != "add" for c in apk):
        return []  # `apk update`, `apk upgrade`, options before `add`: leave the removal alone
    edits = []
    for index, command in enumerate(commands):
        if index == 0 or not removes(command, "/var/cache/apk") or _nested(command):
            continue
        if any(not v.startswith("/var/cache/apk") for v in _paths(command)):
            continue
        between = dockerfile.text[commands[index - 1].span.end : command.span.start]
        after = _text_after(dockerfile, ins, command)
        if shell_view(between, dockerfile.escape).strip() == "&&" and after[:2] in ("", "&&", ";"):
            edits.append(Edit(commands[index - 1].span.end, command.span.end, ""))
    return edits


def _nested(command: Command) -> bool:
    return any(getattr(command, flag, False) for flag in ("in_pipeline", "in_subshell", "in_condition"))


def _paths(command: Command) -> list[str]:
    return [w.value for w in command.args if not w.value.startswith("-")]


def _text_after(dockerfile: Dockerfile, ins: Instruction, command: Command) -> str:
    end = ins.args_span.end if ins.args_span is not None else ins.span.end
    return shell_view(dockerfile.text[command.span.end : end], dockerfile.escape).strip()
