"""DL3042: avoid the pip cache directory: `pip install --no-cache-dir`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.fix.cleanup import shipping_runs
from layerwise.fix.edits import insert_after, mounts_cover
from layerwise.rules.base import Applicability, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, pip_installs

TRUTHY = frozenset({"1", "true", "on", "yes"})


def no_cache_in_env(ctx: RuleContext, ins: Instruction) -> bool:
    """PIP_NO_CACHE_DIR set to a true value by ENV/ARG before the RUN, or in the script itself."""
    value = ctx.dockerfile.env_at(ins).get("PIP_NO_CACHE_DIR")
    if value is not None and value.strip("'\"").lower() in TRUTHY:
        return True
    text = ins.source
    at = text.find("PIP_NO_CACHE_DIR=")
    return at != -1 and text[at + len("PIP_NO_CACHE_DIR=") :].lstrip("'\"").lower().startswith(tuple(TRUTHY))


class DL3042PipNoCacheDir(Rule):
    """What it does: flags `pip install` (and `python -m pip install`) without `--no-cache-dir`
    in a stage whose layers ship.

    Why is this bad: pip keeps every downloaded wheel in ~/.cache/pip, which stays in the layer.
    `PIP_NO_CACHE_DIR=1` in the environment or a cache mount over ~/.cache/pip avoid it too.

    Example:
        RUN pip install flask==3.0.0

    Use instead:
        RUN pip install --no-cache-dir flask==3.0.0
    """

    code = "DL3042"
    severity = Severity.WARNING
    message = "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`"
    fix_applicability = Applicability.SAFE
    onbuild = True
    differs_from_hadolint = "Stages only copied from are not flagged; pipx installs are never flagged."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in shipping_runs(ctx):
            if mounts_cover(ins, ".cache/pip") or no_cache_in_env(ctx, ins):
                continue
            installs = [
                i
                for i in pip_installs(ins.shell)
                if not i.has_option("no-cache-dir") and not i.command.name.startswith("pipx")
            ]
            edits = tuple(insert_after(i.subcommand, "--no-cache-dir") for i in installs if i.subcommand)
            if installs:
                fix = Fix("Add --no-cache-dir", edits) if len(edits) == len(installs) else None
                yield finding_at(ctx, ins, installs[0].command.span, fix=fix)
