"""DL3025: use JSON (exec) notation for CMD and ENTRYPOINT."""

from __future__ import annotations

import json
from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at

# Characters that only a shell understands outside quotes: converting such a command to exec form
# would change its meaning.
SHELL_SYNTAX = frozenset("$`|&;<>(){}*?[]~#!\\\n\r")


def plain_words(raw: str) -> list[str] | None:
    """The words of a shell-form command if it is plain words (quotes allowed), else None."""
    words: list[str] = []
    current, in_word, quote = "", False, ""
    for char in raw:
        if quote:
            if char == quote:
                quote = ""
            elif quote == '"' and char in "$`\\":
                return None
            else:
                current += char
        elif char in "\"'":
            quote, in_word = char, True
        elif char in " \t":
            if in_word:
                words.append(current)
            current, in_word = "", False
        elif char in SHELL_SYNTAX:
            return None
        else:
            current, in_word = current + char, True
    if quote:
        return None
    if in_word:
        words.append(current)
    return words if words and "=" not in words[0] else None


def exec_form_fix(text: str, ins: Instruction) -> Fix | None:
    """`CMD nginx -g "daemon off;"` -> `CMD ["nginx", "-g", "daemon off;"]` when the command is
    plain words. Unsafe: no shell runs any more, so the program becomes PID 1 (it gets the
    signals) and nothing is expanded."""
    if ins.args_span is None or ins.keyword not in ("CMD", "ENTRYPOINT"):
        return None
    words = plain_words(text[ins.args_span.start : ins.args_span.end])
    if words is None:
        return None
    replacement = "[" + ", ".join(json.dumps(w) for w in words) + "]"
    edit = Edit.replace_span(ins.args_span, replacement)
    return Fix("Use the exec (JSON) form", (edit,), Applicability.UNSAFE)


class DL3025JsonCmd(Rule):
    """What it does: flags CMD, ENTRYPOINT and HEALTHCHECK CMD written in shell form.

    Why is this bad: the shell form runs under `/bin/sh -c`, so the shell is PID 1 and the program
    never sees SIGTERM: `docker stop` waits for the timeout and kills it.

    Example:
        CMD nginx -g "daemon off;"

    Use instead:
        CMD ["nginx", "-g", "daemon off;"]
    """

    code = "DL3025"
    severity = Severity.WARNING
    message = "Use arguments JSON notation for CMD and ENTRYPOINT arguments"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            if ins.is_json or not ins.arguments:
                continue
            if ins.keyword == "HEALTHCHECK" and (ins.values[:1] != ["CMD"] or _healthcheck_is_json(ins)):
                continue
            fix = None if _cmd_would_append(ctx, ins) else exec_form_fix(ctx.dockerfile.text, ins)
            yield finding_at(ctx, ins, ins.args_span or ins.span, fix=fix)


def _cmd_would_append(ctx: RuleContext, ins: Instruction) -> bool:
    """A shell-form ENTRYPOINT ignores CMD; in exec form the stage's CMD would become its arguments."""
    if ins.keyword != "ENTRYPOINT":
        return False
    stage = next((s for s in ctx.dockerfile.stages if s.index == ins.stage_index), None)
    return stage is None or any(other.keyword == "CMD" for other in stage.instructions)


def _healthcheck_is_json(ins: Instruction) -> bool:
    """`HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]`: BuildKit keeps the JSON as one value."""
    rest = ins.values[1:]
    return len(rest) > 0 and rest[0].lstrip().startswith("[")
