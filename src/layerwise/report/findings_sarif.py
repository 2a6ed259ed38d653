"""SARIF 2.1.0 output, with each reported rule's documentation in tool.driver.rules."""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from typing import Any

from layerwise import __version__
from layerwise.lint.runner import FileResult
from layerwise.report.findings import all_findings
from layerwise.rules.base import Finding, Severity
from layerwise.rules.registry import rule_for

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.STYLE: "note",
}


def rule_descriptor(code: str, example: Finding) -> dict[str, Any]:
    """A reportingDescriptor: short text, full help from the rule's docstring, default level."""
    rule = rule_for(code)
    if rule is not None:
        doc = inspect.getdoc(rule) or rule.message
        descriptor: dict[str, Any] = {
            "id": code,
            "name": rule.__name__,
            "shortDescription": {"text": rule.message},
            "fullDescription": {"text": doc.split("\n\n", 1)[0]},
            "help": {"text": doc, "markdown": doc},
            "defaultConfiguration": {"level": _LEVELS.get(rule.severity, "note")},
        }
        if rule.differs_from_hadolint:
            descriptor["properties"] = {"differsFromHadolint": rule.differs_from_hadolint}
        return descriptor
    descriptor = {
        "id": code,
        "shortDescription": {"text": example.message},
        "defaultConfiguration": {"level": _LEVELS.get(example.severity, "note")},
    }
    if code.startswith("SC"):
        descriptor["helpUri"] = f"https://www.shellcheck.net/wiki/{code}"
    return descriptor


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    end_column = finding.end_column if finding.end_line > finding.line else max(finding.end_column, finding.column)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(finding.severity, "note"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": max(finding.end_line, finding.line),
                        "endColumn": end_column,
                    },
                }
            }
        ],
    }
    if finding.fix is not None:
        result["properties"] = {"fixApplicability": finding.fix.applicability.value, "fix": finding.fix.title}
    return result


def sarif_log(results: Sequence[FileResult]) -> dict[str, Any]:
    findings = list(all_findings(results))
    indexes: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for finding in findings:
        if finding.code not in indexes:
            indexes[finding.code] = len(rules)
            rules.append(rule_descriptor(finding.code, finding))
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "layerwise",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": [_result(f, indexes[f.code]) for f in findings],
            }
        ],
    }


def render_sarif(results: Sequence[FileResult]) -> str:
    return json.dumps(sarif_log(results), indent=2) + "\n"
