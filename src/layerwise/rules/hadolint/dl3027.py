"""DL3027: do not use `apt`; use `apt-get` or `apt-cache`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import commands_named, finding_at, parse_args

# apt subcommands that apt-get or apt-cache run the same way (`list`, `edit-sources`... have no twin).
REPLACEMENT = {
    **dict.fromkeys(
        ("install", "remove", "purge", "update", "upgrade", "dist-upgrade", "autoremove", "autopurge",
         "clean", "autoclean", "source", "build-dep", "download", "check", "satisfy"),
        "apt-get",
    ),
    **dict.fromkeys(("search", "show", "showsrc", "policy", "depends", "rdepends", "madison"), "apt-cache"),
}  # fmt: skip


class DL3027UseAptGet(Rule):
    """What it does: flags `apt` in a RUN.

    Why is this bad: `apt` is the interactive front end: its output and behaviour may change
    between releases and it warns that it has no stable CLI. `apt-get` and `apt-cache` are
    meant for scripts.

    Example:
        RUN apt update && apt install -y curl

    Use instead:
        RUN apt-get update && apt-get install -y curl
    """

    code = "DL3027"
    severity = Severity.WARNING
    message = "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead"
    onbuild = True
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            apts = commands_named(ins.shell, "apt")
            if not apts:
                continue
            edits: list[Edit] = []
            for command in apts:
                positional = parse_args(command.args, ("o", "c", "t")).positional
                sub = positional[0].value if positional else ""
                tool = REPLACEMENT.get(sub)
                if tool is None:
                    edits = []
                    break
                edits.append(Edit.replace_span(command.words[0].span, tool))
            fix = Fix("Use apt-get / apt-cache", tuple(edits), Applicability.SAFE) if edits else None
            yield finding_at(ctx, ins, apts[0].words[0].span, fix=fix)
