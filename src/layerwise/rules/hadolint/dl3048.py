"""DL3048: invalid label key."""

from __future__ import annotations

import string
from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._labels import all_labels
from layerwise.rules.hadolint._packages import finding_at

VALID_CHARS = frozenset(string.ascii_lowercase + string.digits + ".-_/")
RESERVED_NAMESPACES = ("com.docker.", "io.docker.", "org.dockerproject.")


def is_valid_key(key: str) -> bool:
    """Docker's label key guidelines: lower-case letters, digits, `.`, `-`, `_`, `/`; starting with
    a letter, ending with a letter or digit; no `..` or `--`; not in Docker's own namespaces."""
    return (
        bool(key)
        and key[0] in string.ascii_lowercase
        and key[-1] in string.ascii_lowercase + string.digits
        and set(key) <= VALID_CHARS
        and not key.startswith(RESERVED_NAMESPACES)
        and ".." not in key
        and "--" not in key
    )


class DL3048LabelKey(Rule):
    """What it does: flags a LABEL key that breaks Docker's key format guidelines.

    Why is this bad: keys with upper case, spaces or Docker's reserved namespaces are hard to
    query (`--filter label=`) and may clash with labels the engine sets itself.

    Example:
        LABEL Maintainer="jane@example.com"

    Use instead:
        LABEL org.opencontainers.image.authors="jane@example.com"
    """

    code = "DL3048"
    severity = Severity.STYLE
    message = "Invalid label key."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        reported: set[int] = set()
        for label in all_labels(ctx):
            if not is_valid_key(label.key) and id(label.instruction) not in reported:
                reported.add(id(label.instruction))
                yield finding_at(ctx, label.instruction, label.span)
