"""Rendering fix results: a unified diff per file, the remaining findings and a summary (text),
or one JSON document. (Rendering only; the results come from layerwise.fix.fixer.)"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from layerwise.fix.fixer import FixResult
from layerwise.report import plural
from layerwise.textfile import unified_diff


@dataclass
class FileOutcome:
    result: FixResult | None
    path: str
    written: bool = False
    error: str | None = None  # the file could not be read, parsed or fixed


def render_text(outcomes: list[FileOutcome], show_diff: bool) -> str:
    parts: list[str] = []
    for outcome in outcomes:
        if outcome.error is not None:
            parts.append(f"{outcome.path}: error: {outcome.error}\n")
            continue
        result = outcome.result
        assert result is not None
        if show_diff and result.changed:
            parts.append(unified_diff(result.path, result.original, result.text))
        for rejected in result.rejected:
            parts.append(f"{result.path}:{rejected.line} {rejected.code} fix dropped: {rejected.message}\n")
        for remaining in result.remaining:
            f = remaining.finding
            parts.append(f"{f.path}:{f.line}:{f.column} {f.code} {f.severity}: {f.message} [{remaining.reason}]\n")
    parts.append(summary(outcomes) + "\n")
    return "".join(parts)


def summary(outcomes: list[FileOutcome]) -> str:
    results = [o.result for o in outcomes if o.result is not None]
    fixed = sum(len(r.fixed) for r in results)
    reasons = Counter(rem.reason.split(":")[0] for r in results for rem in r.remaining)
    changed = sum(1 for r in results if r.changed)
    written = sum(1 for o in outcomes if o.written)
    verb = f"{plural(written, 'file')} written" if written else f"{plural(changed, 'file')} would change"
    remaining = sum(reasons.values())
    detail = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
    errors = sum(1 for o in outcomes if o.error is not None)
    text = f"Fixed {plural(fixed, 'finding')} in {plural(len(results), 'file')}, {verb}; {remaining} remaining"
    text += f" ({detail})" if detail else ""
    return text + (f"; {plural(errors, 'file')} with errors" if errors else "")


def render_json(outcomes: list[FileOutcome]) -> str:
    return json.dumps([_outcome_json(o) for o in outcomes], indent=2) + "\n"


def _outcome_json(outcome: FileOutcome) -> dict[str, Any]:
    if outcome.result is None:
        return {"path": outcome.path, "error": outcome.error}
    result = outcome.result
    return {
        "path": result.path,
        "changed": result.changed,
        "written": outcome.written,
        "rounds": result.rounds,
        "fixed": [{"code": f.code, "title": f.title, "line": f.line} for f in result.fixed],
        "rejected": [{"code": f.code, "title": f.title, "reason": f.message} for f in result.rejected],
        "remaining": [
            {
                "code": r.finding.code,
                "severity": str(r.finding.severity),
                "line": r.finding.line,
                "column": r.finding.column,
                "message": r.finding.message,
                "reason": r.reason,
            }
            for r in result.remaining
        ],
        "diff": unified_diff(result.path, result.original, result.text),
    }
