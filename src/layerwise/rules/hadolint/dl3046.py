"""DL3046: `useradd` with a high UID needs `-l`."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import (
    commands_named,
    expand_static,
    finding_at,
    parse_args,
    run_variables,
)

USERADD_VALUE_OPTIONS = (
    "u", "uid", "g", "gid", "G", "groups", "d", "home-dir", "s", "shell", "c", "comment", "e",
    "expiredate", "f", "inactive", "k", "skel", "K", "key", "p", "password", "R", "root", "P",
    "prefix", "b", "base-dir", "Z", "selinux-user",
)  # fmt: skip


class DL3046UseraddLowUid(Rule):
    """What it does: flags `useradd -u <uid>` with a UID of more than five digits and without
    `-l` (`--no-log-init`).

    Why is this bad: useradd records the user in /var/log/lastlog and faillog, sparse files sized
    by the UID; in a layer they are stored in full, adding gigabytes.

    Example:
        RUN useradd -u 123456 app

    Use instead:
        RUN useradd -l -u 123456 app
    """

    code = "DL3046"
    severity = Severity.WARNING
    message = "`useradd` without flag `-l` and high UID will result in excessively large Image."
    onbuild = True
    differs_from_hadolint = "`--uid` counts like `-u`, and a UID from a variable is judged by its value."
    fix_applicability = Applicability.SAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("RUN"):
            variables = run_variables(ctx.dockerfile, ins)
            for command in commands_named(ins.shell, "useradd"):
                parsed = parse_args(command.args, USERADD_VALUE_OPTIONS)
                uids = [expand_static(uid, variables) for uid in parsed.values("u", "uid")]
                long_uid = any(uid is not None and len(uid) > 5 for uid in uids)
                if long_uid and not parsed.has("l", "no-log-init"):
                    edit = Edit.insert(command.words[0].span.end, " -l")
                    yield finding_at(ctx, ins, command.span, fix=Fix("Add -l", (edit,), Applicability.SAFE))
                    break
