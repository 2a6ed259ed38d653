"""Rendering `verify` results: digest checks and the history <-> Dockerfile match."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from layerwise.image.provenance import ProvenanceResult
from layerwise.image.verify import VerifyResult


def verify_to_dict(result: VerifyResult) -> dict[str, Any]:
    provenance = result.provenance
    return {
        "reference": result.reference,
        "ok": result.ok,
        "checks": [asdict(check) for check in result.checks],
        "provenance": None
        if not isinstance(provenance, ProvenanceResult)
        else {
            "dockerfile": provenance.dockerfile,
            "ok": provenance.ok,
            "base_entries": provenance.base_entries,
            "matched": [asdict(pair) for pair in provenance.matched],
            "differs": [asdict(pair) for pair in provenance.differs],
            "missing": [{"line": line, "instruction": text} for line, text in provenance.missing],
            "extra": [{"history_index": index, "created_by": text} for index, text in provenance.extra],
        },
    }


def render_verify_json(result: VerifyResult) -> str:
    return json.dumps(verify_to_dict(result), indent=2)


def print_verify(result: VerifyResult, console: Console) -> None:
    table = Table(title=f"verify {result.reference}")
    for column in ("check", "result", "expected", "actual"):
        table.add_column(column)
    for check in result.checks:
        mark = Text("ok", style="green") if check.ok else Text("MISMATCH", style="red")
        table.add_row(check.subject, mark, check.expected[:23], check.actual[:23] if not check.ok else "")
    console.print(table)
    provenance = result.provenance
    if isinstance(provenance, ProvenanceResult):
        console.print(
            f"provenance vs {provenance.dockerfile}: {len(provenance.matched)} matched, "
            f"{len(provenance.differs)} differ, {len(provenance.missing)} missing, {len(provenance.extra)} extra "
            f"({provenance.base_entries} base-image entries)"
        )
        for pair in provenance.differs:
            console.print(
                _labelled("differs", "yellow", f"line {pair.line}: {pair.instruction}  <->  {pair.created_by}")
            )
        for line, text in provenance.missing:
            console.print(_labelled("missing", "red", f"line {line}: {text} (no history entry)"))
        for index, text in provenance.extra:
            console.print(_labelled("extra", "red", f"history #{index}: {text}"))
    console.print(Text("verified", style="green") if result.ok else Text("verification failed", style="red"))


def _labelled(label: str, style: str, text: str) -> Text:
    return Text.assemble("  ", (label, style), " ", text)
