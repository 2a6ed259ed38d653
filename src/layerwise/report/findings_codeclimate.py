"""GitLab Code Quality (Code Climate) JSON: an array of issues with stable fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from layerwise.lint.runner import FileResult
from layerwise.report.findings import error_finding
from layerwise.rules.base import Finding, Severity

# As hadolint maps its levels.
_SEVERITIES = {
    Severity.ERROR: "blocker",
    Severity.WARNING: "major",
    Severity.INFO: "info",
    Severity.STYLE: "minor",
}


def _fingerprint(finding: Finding, source_line: str, occurrence: int) -> str:
    # The line's text rather than its number, so an issue keeps its fingerprint when lines move.
    key = "\0".join([finding.path, finding.code, source_line.strip(), str(occurrence)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def issues(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    out = []
    for result in results:
        lines = result.text.splitlines()
        seen: Counter[tuple[str, str]] = Counter()
        error = error_finding(result)
        for f in [error] if error is not None else result.findings:
            source = lines[f.line - 1] if 1 <= f.line <= len(lines) else ""
            seen[(f.code, source.strip())] += 1
            out.append(
                {
                    "type": "issue",
                    "check_name": f.code,
                    "description": f"{f.code} {f.message}",
                    "categories": ["Bug Risk" if f.severity >= Severity.WARNING else "Style"],
                    "severity": _SEVERITIES.get(f.severity, "info"),
                    "fingerprint": _fingerprint(f, source, seen[(f.code, source.strip())]),
                    "location": {"path": f.path, "lines": {"begin": f.line, "end": max(f.end_line, f.line)}},
                }
            )
    return out


def render_gitlab_codeclimate(results: Sequence[FileResult]) -> str:
    return json.dumps(issues(results), indent=2) + "\n"
