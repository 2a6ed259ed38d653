"""Label-schema helpers shared by DL3048-DL3058: the LABEL pairs of a Dockerfile with where they
stand, and the value checks of hadolint's label schema types (text, url, rfc3339, spdx, hash,
semver, email)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from layerwise.dockerfile.model import Instruction, Span
from layerwise.rules.base import RuleContext
from layerwise.rules.hadolint._packages import unquote


@dataclass(frozen=True)
class Label:
    key: str  # quotes removed
    value: str  # quotes removed
    instruction: Instruction
    span: Span  # the key's argument (the whole LABEL when not known)


def labels(ins: Instruction) -> list[Label]:
    """The pairs of one LABEL (BuildKit yields key, value, key, value...)."""
    values, args = ins.values, ins.arguments
    found: list[Label] = []
    for i in range(0, len(values) - 1, 2):
        span = args[i].span if i < len(args) else ins.span
        found.append(Label(unquote(values[i]), unquote(values[i + 1]), ins, span))
    return found


def all_labels(ctx: RuleContext) -> Iterator[Label]:
    for ins in ctx.instructions("LABEL"):
        yield from labels(ins)


def schema_keys(ctx: RuleContext, kind: str) -> set[str]:
    """Label names the configured schema declares with this type."""
    return {key for key, value in ctx.settings.label_schema.items() if value.strip().lower() == kind}


# ---------------------------------------------------------------- value checks

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
GIT_HASH = re.compile(r"^(?:[0-9a-f]{7}|[0-9a-f]{40})$")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = re.compile(
    rf"^(?:{_ATOM}(?:\.{_ATOM})*|\"(?:[^\"\\\\]|\\\\.)*\")@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[^\]\\]*\])$"
)


def is_url(value: str) -> bool:
    """An absolute URI: a scheme, then something, no spaces."""
    if not value or any(c.isspace() for c in value) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        return False
    try:
        urlsplit(value)
    except ValueError:
        return False
    return True


def is_rfc3339(value: str) -> bool:
    if not RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("t", "T").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_semver(value: str) -> bool:
    return SEMVER.match(value) is not None


def is_git_hash(value: str) -> bool:
    return GIT_HASH.match(value) is not None


def is_email(value: str) -> bool:
    return len(value) <= 254 and EMAIL.match(value) is not None


def is_spdx(value: str) -> bool:
    """A single SPDX license identifier (as hadolint: no expressions). The list comes from the
    `packaging` library (it ships SPDX's list for PEP 639); without it nothing is judged."""
    try:
        from packaging.licenses._spdx import LICENSES
    except ImportError:  # pragma: no cover - packaging is a dependency of pytest and pip
        return True
    return value.lower() in LICENSES


CHECKS: dict[str, Callable[[str], bool]] = {
    "url": is_url,
    "rfc3339": is_rfc3339,
    "semver": is_semver,
    "hash": is_git_hash,
    "email": is_email,
    "spdx": is_spdx,
}


def bad_values(ctx: RuleContext, kind: str) -> Iterator[Label]:
    """Labels of the schema type `kind` whose value does not pass its check. Values holding
    variables are decided at build time and not judged."""
    keys = schema_keys(ctx, kind)
    check = CHECKS[kind]
    for label in all_labels(ctx):
        if label.key in keys and "$" not in label.value and not check(label.value):
            yield label
