"""LW012: DEBIAN_FRONTEND=noninteractive set with ENV stays in the image."""

from __future__ import annotations

import re
from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Instruction
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import pairs
from layerwise.rules.layerwise._common import final_chain, instructions_of

# The whole argument text of `ENV DEBIAN_FRONTEND=noninteractive` or the legacy `ENV NAME value`.
_SOLE_PAIR = re.compile(r"DEBIAN_FRONTEND(?P<sep>=|[ \t]+)(?P<value>\S+)[ \t]*")


class LW012DebianFrontendInEnv(Rule):
    """What it does:
    Flags `ENV DEBIAN_FRONTEND=noninteractive` in the image that ships.

    Why is this bad:
    ENV persists into every container: whoever later runs `apt-get` or `dpkg-reconfigure`
    interactively in it gets no questions and silent defaults. The setting is only meant for the
    build, which is what ARG is for (ARG values are in the environment of the RUNs after it).

    Example:
        ENV DEBIAN_FRONTEND=noninteractive
        RUN apt-get update && apt-get install -y --no-install-recommends tzdata

    Use instead:
        ARG DEBIAN_FRONTEND=noninteractive
        RUN apt-get update && apt-get install -y --no-install-recommends tzdata

    The fix (unsafe: the running container no longer has the variable) turns an ENV that sets
    only DEBIAN_FRONTEND into an ARG, in the final stage (a stage built FROM it would not inherit an ARG).
    """

    code = "LW012"
    severity = Severity.INFO
    message = "DEBIAN_FRONTEND set with ENV persists in the image; use ARG"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        chain = final_chain(ctx.dockerfile)
        final = chain[-1] if chain else None
        for ins in instructions_of(chain, "ENV"):
            if any(name == "DEBIAN_FRONTEND" for name, _ in pairs(ins)):
                fix = _to_arg(ctx.dockerfile, ins) if final is not None and ins in final.instructions else None
                yield ctx.finding(ins, fix=fix)


def _to_arg(dockerfile: Dockerfile, ins: Instruction) -> Fix | None:
    if ins.args_span is None:
        return None
    args = dockerfile.text[ins.args_span.start : ins.args_span.end]
    match = _SOLE_PAIR.fullmatch(args)
    if match is None:
        return None  # other variables share the ENV
    edits = [Edit.replace_span(ins.keyword_span, "ARG")]
    if match.group("sep") != "=":  # ARG has no legacy `NAME value` form
        start = ins.args_span.start + match.start("sep")
        edits.append(Edit(start, start + len(match.group("sep")), "="))
    return Fix("Use ARG for DEBIAN_FRONTEND", tuple(edits), Applicability.UNSAFE)
