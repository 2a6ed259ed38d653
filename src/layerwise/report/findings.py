"""Rendering lint results: tty (rich), json, sarif, checkstyle, gitlab_codeclimate, github, junit.

Pipeline position: findings -> **report**. Every renderer takes the runner's FileResults and
returns text; the CLI decides where it goes. Files that could not be read or parsed appear as
one error each (code DL1000 for a parse error, as hadolint), so machine formats carry them too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from io import StringIO
from typing import Any

from rich.console import Console
from rich.text import Text

from layerwise.errors import ParseError
from layerwise.lint.runner import PARSE_ERROR, FileResult
from layerwise.report import FINDING_FORMATS, plural, terminal
from layerwise.rules.base import Finding, Severity

IO_ERROR = "E902"  # a file that cannot be read (the code ruff uses)
SEVERITY_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
    Severity.STYLE: "magenta",
    Severity.IGNORE: "dim",
}


def error_finding(result: FileResult) -> Finding | None:
    """The file-level error of a result as a finding (None when the file was linted)."""
    error = result.error
    if error is None:
        return None
    if isinstance(error, ParseError):
        line, column, code = error.line, error.column, PARSE_ERROR
    else:
        line, column, code = 1, 1, IO_ERROR
    return Finding(code, Severity.ERROR, error.message, result.path, line, column, line, column)


def all_findings(results: Sequence[FileResult]) -> Iterator[Finding]:
    """Every finding of every file, file errors included, in file order."""
    for result in results:
        error = error_finding(result)
        if error is not None:
            yield error
        yield from result.findings


# ---------------------------------------------------------------------------------------------
# tty


def render_tty(results: Sequence[FileResult], color: bool = False, show_fixes: bool = False, width: int = 100) -> str:
    """`file:line:col CODE severity: message`, the source line with a caret, and a summary."""
    buffer = StringIO()
    console = terminal.console(file=buffer, force_terminal=color, no_color=not color, width=width, soft_wrap=True)
    for result in results:
        if result.error is not None:
            console.print(Text.assemble((str(result.error), "bold red")))
            continue
        lines = result.text.splitlines()
        for finding in result.findings:
            _print_finding(console, finding, lines, show_fixes)
    console.print(summary(results), style="bold" if color else None)
    return buffer.getvalue()


def _print_finding(console: Console, finding: Finding, lines: list[str], show_fixes: bool) -> None:
    style = SEVERITY_STYLES[finding.severity]
    console.print(
        Text.assemble(
            (f"{finding.path}:{finding.line}:{finding.column}", "bold"),
            " ",
            (finding.code, style),
            " ",
            (f"{finding.severity}:", style),
            f" {finding.message}",
        )
    )
    if 1 <= finding.line <= len(lines):
        source = lines[finding.line - 1].replace("\t", " ").removeprefix("\ufeff")
        gutter = f"{finding.line:>5} | "
        console.print(Text(gutter, style="dim") + Text(source))
        width = finding.end_column - finding.column if finding.end_line == finding.line else 1
        caret = " " * (finding.column - 1) + "^" + "~" * max(0, min(width, len(source)) - 1)
        console.print(Text(" " * (len(gutter) - 2) + "| ", style="dim") + Text(caret, style=style))
    if show_fixes and finding.fix is not None:
        note = f"        fix ({finding.fix.applicability.value}): {finding.fix.title}"
        console.print(Text(note, style="green"))


def summary(results: Sequence[FileResult]) -> str:
    findings = [f for r in results for f in r.findings]
    errors = sum(1 for r in results if r.error is not None)
    files = plural(len(results), "file")
    unlinted = f"{plural(errors, 'file')} could not be linted" if errors else ""
    if not findings:
        return f"No problems found in {files}" + (f"; {unlinted}." if errors else ".")
    counts = Counter(f.severity for f in findings)
    parts = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, reverse=True))
    text = f"Found {plural(len(findings), 'problem')} ({parts}) in {files}"
    fixable = sum(1 for f in findings if f.fixable)
    if fixable:
        text += f"; {fixable} fixable with `layerwise fix`"
    return text + (f"; {unlinted}." if errors else ".")


# ---------------------------------------------------------------------------------------------
# json and github


def finding_dict(finding: Finding) -> dict[str, Any]:
    fix = finding.fix
    return {
        "file": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "severity": str(finding.severity),
        "message": finding.message,
        "fixable": fix is not None,
        "fix_applicability": fix.applicability.value if fix else None,
        "fix": None
        if fix is None
        else {
            "title": fix.title,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in fix.edits],
        },
    }


def render_json(results: Sequence[FileResult]) -> str:
    """A JSON list, one finding per line: readable, and encoded by json's C encoder (an indented
    dump takes its pure-Python one, a tenth of a corpus run)."""
    lines = [json.dumps(finding_dict(f)) for f in all_findings(results)]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _github_escape(text: str, is_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def render_github(results: Sequence[FileResult]) -> str:
    """GitHub Actions workflow commands: `::warning file=F,line=L,col=C,...::message`."""
    out = []
    for f in all_findings(results):
        level = _GITHUB_LEVEL.get(f.severity, "notice")
        props = ",".join(
            [
                f"file={_github_escape(f.path, True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={_github_escape(f.code, True)}",
            ]
        )
        out.append(f"::{level} {props}::{_github_escape(f'{f.code} {f.message}')}")
    return "".join(line + "\n" for line in out)


# ---------------------------------------------------------------------------------------------
# Dispatch


def _renderers() -> dict[str, Callable[[Sequence[FileResult]], str]]:
    from layerwise.report import findings_codeclimate, findings_sarif, findings_xml

    return {
        "json": render_json,
        "sarif": findings_sarif.render_sarif,
        "checkstyle": findings_xml.render_checkstyle,
        "junit": findings_xml.render_junit,
        "gitlab_codeclimate": findings_codeclimate.render_gitlab_codeclimate,
        "github": render_github,
    }


FORMATS = FINDING_FORMATS


def render(results: Sequence[FileResult], fmt: str = "tty", color: bool = False, show_fixes: bool = False) -> str:
    """Render lint results in format `fmt` (one of FORMATS)."""
    if fmt == "tty":
        return render_tty(results, color=color, show_fixes=show_fixes)
    renderer = _renderers().get(fmt)
    if renderer is None:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return renderer(results)
