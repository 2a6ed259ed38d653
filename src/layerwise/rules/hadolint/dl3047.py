"""DL3047: `wget` without a progress setting bloats build logs."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Span
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands_named, finding_at, parse_args

# wget's options that take a value (so `-qO FILE URL` reads as getopt does).
WGET_VALUE_OPTIONS = (
    "O", "output-document", "o", "output-file", "a", "append-output", "P", "directory-prefix", "t", "tries",
    "T", "timeout", "U", "user-agent", "header", "user", "password", "e", "execute", "w", "wait", "i",
    "input-file", "B", "base", "Q", "quota", "ca-certificate", "ca-directory", "certificate", "private-key",
    "post-data", "method", "body-data",
)  # fmt: skip
QUIET_OPTIONS = ("progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose")


def is_quiet(words: list[str], options: set[str]) -> bool:
    return bool(options & set(QUIET_OPTIONS)) or "-nv" in words


class DL3047WgetProgress(Rule):
    """What it does: flags `wget` without `--progress`, `-q`, `-nv` or a log file option.

    Why is this bad: wget's default progress bar writes thousands of lines to the build log in a
    non-interactive build.

    Example:
        RUN wget https://example.com/tool.tgz

    Use instead:
        RUN wget --progress=dot:giga https://example.com/tool.tgz
    """

    code = "DL3047"
    severity = Severity.INFO
    message = (
        "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. "
        "Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`)."
    )
    onbuild = True
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            edits: list[Edit] = []
            spans: list[Span] = []
            for command in commands_named(ins.shell, "wget"):
                parsed = parse_args(command.args, WGET_VALUE_OPTIONS)
                if not is_quiet([w.value for w in command.args], {o.name for o in parsed.options}):
                    edits.append(Edit.insert(command.words[0].span.end, " --progress=dot:giga"))
                    spans.append(command.span)
            if edits:
                fix = Fix("Add --progress=dot:giga", tuple(edits), Applicability.SAFE)
                yield finding_at(ctx, ins, spans[0], fix=fix)
