"""BuildKit's `Node.Dump` format, to check the model against BuildKit's own parser tests."""

from __future__ import annotations

from layerwise.dockerfile.lexing import go_quote
from layerwise.dockerfile.model import Dockerfile, Instruction


def dump(dockerfile: Dockerfile) -> str:
    """One `(keyword ["--flag"] "value" ...)` line per instruction, as BuildKit's AST.Dump()."""
    return "".join(f"({dump_instruction(ins)})\n" for ins in dockerfile.instructions)


def dump_instruction(ins: Instruction) -> str:
    parts = [ins.keyword.lower()]
    raw_flags = [_flag_word(flag.name, flag.value) for flag in ins.flags]
    if raw_flags:
        parts.append("[" + " ".join(go_quote(f) for f in raw_flags) + "]")
    if ins.onbuild is not None:
        parts.append(f"({dump_instruction(ins.onbuild)})")
    elif ins.keyword in ("ENV", "LABEL"):
        separator = "" if ins.legacy_name_value else "="
        values = ins.values
        for index in range(0, len(values) - 1, 2):
            parts.extend(go_quote(v) for v in (values[index], values[index + 1], separator))
    else:
        parts.extend(go_quote(v) for v in ins.values)
    return " ".join(parts).strip()


def _flag_word(name: str, value: str | None) -> str:
    return f"--{name}" if value is None else f"--{name}={value}"
