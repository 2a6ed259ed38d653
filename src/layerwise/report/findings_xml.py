"""XML outputs: checkstyle (4.3, as hadolint writes it) and JUnit."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from layerwise.lint.runner import FileResult
from layerwise.report.findings import error_finding
from layerwise.rules.base import Finding, Severity

_CHECKSTYLE_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _file_findings(result: FileResult) -> list[Finding]:
    error = error_finding(result)
    return [error] if error is not None else list(result.findings)


def _to_text(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_checkstyle(results: Sequence[FileResult]) -> str:
    root = ET.Element("checkstyle", version="4.3")
    for result in results:
        file_element = ET.SubElement(root, "file", name=result.path)
        for f in _file_findings(result):
            ET.SubElement(
                file_element,
                "error",
                line=str(f.line),
                column=str(f.column),
                severity=_CHECKSTYLE_LEVELS.get(f.severity, "info"),
                message=f.message,
                source=f.code,
            )
    return _to_text(root)


def render_junit(results: Sequence[FileResult]) -> str:
    """One test suite per file; one failing test case per finding (a clean file passes one case)."""
    root = ET.Element("testsuites", name="layerwise")
    total = failures = 0
    for result in results:
        findings = _file_findings(result)
        suite = ET.SubElement(
            root, "testsuite", name=result.path, tests=str(max(1, len(findings))), failures=str(len(findings))
        )
        if not findings:
            ET.SubElement(suite, "testcase", name="layerwise lint", classname=result.path)
        for f in findings:
            case = ET.SubElement(
                suite, "testcase", name=f"{f.code} {f.path}:{f.line}:{f.column}", classname=result.path
            )
            failure = ET.SubElement(case, "failure", message=f.message, type=str(f.severity))
            failure.text = f"{f.path}:{f.line}:{f.column} {f.code} {f.severity}: {f.message}"
        total += max(1, len(findings))
        failures += len(findings)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    return _to_text(root)
