"""`layerwise lint`: lint Dockerfiles (files, directories or stdin) and report the findings.

Exit codes: 0 when no finding reaches the failure threshold, 1 when one does, 2 when a file
cannot be read or parsed, or the options or configuration are wrong.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from layerwise.errors import LayerwiseError
from layerwise.report import FINDING_FORMATS as FORMATS

if TYPE_CHECKING:
    from layerwise.lint.config import Patch
    from layerwise.rules.base import Severity


def _codes(values: list[str] | None, option: str) -> list[str]:
    from layerwise.lint.config import parse_codes

    return [c for v in values or [] for c in parse_codes(v, "command line", option)]


def _cli_patch(
    select: list[str] | None,
    extend_select: list[str] | None,
    ignore: list[str] | None,
    levels: dict[Severity, list[str] | None],
    failure_threshold: str | None,
    no_fail: bool,
    no_shellcheck: bool,
    disable_ignore_pragma: bool,
    trusted_registry: list[str] | None,
    require_label: list[str] | None,
    strict_labels: bool,
) -> Patch:
    """The command line's options as a configuration patch (it wins over every file)."""
    from layerwise.lint.config import parse_required_labels, parse_severity

    patch: Patch = {}
    if select:
        patch["select"] = _codes(select, "--select")
    if extend_select:
        patch["extend_select"] = _codes(extend_select, "--extend-select")
    if ignore:
        patch["ignore"] = _codes(ignore, "--ignore")
    severity = {code: level for level, values in levels.items() for code in _codes(values, f"--{level}")}
    if severity:
        patch["severity"] = severity
    if failure_threshold is not None:
        patch["failure_threshold"] = parse_severity(
            failure_threshold, "command line", "--failure-threshold", allow_none=True
        )
    if no_fail:
        patch["no_fail"] = True
    if no_shellcheck:
        patch["shellcheck"] = False
    if disable_ignore_pragma:
        patch["disable_ignore_pragma"] = True
    if trusted_registry:
        patch["trusted_registries"] = trusted_registry
    if require_label:
        patch["label_schema"] = parse_required_labels(require_label, "command line", "--require-label")
    if strict_labels:
        patch["strict_labels"] = True
    return patch


def lint(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Dockerfiles or directories to search; `-` reads stdin.")
    ],
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}.")
    ] = "tty",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file.")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", metavar="CODES", help="Only these codes or prefixes (comma list).")
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option("--extend-select", metavar="CODES", help="Also run these (e.g. default-off DL3057)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="CODES", help="Skip these codes or prefixes.")
    ] = None,
    error: Annotated[
        list[str] | None, typer.Option("--error", metavar="CODE", help="Report this code as an error.")
    ] = None,
    warning: Annotated[
        list[str] | None, typer.Option("--warning", metavar="CODE", help="Report this code as a warning.")
    ] = None,
    info: Annotated[list[str] | None, typer.Option("--info", metavar="CODE", help="Report this code as info.")] = None,
    style: Annotated[
        list[str] | None, typer.Option("--style", metavar="CODE", help="Report this code as style.")
    ] = None,
    failure_threshold: Annotated[
        str | None,
        typer.Option(
            "--failure-threshold",
            "-t",
            metavar="LEVEL",
            help="Fail on findings at or above: error, warning, info, style, none.",
        ),
    ] = None,
    no_fail: Annotated[bool, typer.Option("--no-fail", help="Exit 0 whatever is found (errors still exit 2).")] = False,
    no_shellcheck: Annotated[bool, typer.Option("--no-shellcheck", help="Do not run ShellCheck on RUN.")] = False,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", metavar="GLOB", help="Glob of paths not to search.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", metavar="FILE", help="Use this configuration file only.")
    ] = None,
    show_fixes: Annotated[bool, typer.Option("--show-fixes", help="Show the fix each finding offers.")] = False,
    disable_ignore_pragma: Annotated[
        bool, typer.Option("--disable-ignore-pragma", help="Make inline ignore pragmas ineffective.")
    ] = False,
    trusted_registry: Annotated[
        list[str] | None,
        typer.Option("--trusted-registry", metavar="REGISTRY", help="Allowed registry for FROM (DL3026)."),
    ] = None,
    require_label: Annotated[
        list[str] | None,
        typer.Option("--require-label", metavar="LABEL:TYPE", help="LABEL:TYPE that must be present (DL3049)."),
    ] = None,
    strict_labels: Annotated[bool, typer.Option("--strict-labels", help="Flag labels not in the schema.")] = False,
) -> None:
    """Lint Dockerfiles: hadolint's DL rules, layerwise's LW rules and ShellCheck on RUN."""
    from layerwise.lint.config import ConfigResolver
    from layerwise.lint.discovery import discover
    from layerwise.lint.runner import lint_files
    from layerwise.report.findings import render
    from layerwise.rules.base import Severity

    if output_format not in FORMATS:
        raise LayerwiseError(f"unknown format {output_format!r} (expected one of {', '.join(FORMATS)})")
    levels = {Severity.ERROR: error, Severity.WARNING: warning, Severity.INFO: info, Severity.STYLE: style}
    patch = _cli_patch(
        select,
        extend_select,
        ignore,
        levels,
        failure_threshold,
        no_fail,
        no_shellcheck,
        disable_ignore_pragma,
        trusted_registry,
        require_label,
        strict_labels,
    )
    resolver = ConfigResolver(cli=patch, explicit=config)
    root_excludes = resolver.for_path(None).exclude
    files = discover(paths, [*(exclude or []), *root_excludes])
    if not files:
        raise LayerwiseError("no Dockerfiles found in " + ", ".join(paths))
    results = lint_files(files, lambda p: resolver.for_path(None if p == "-" else Path(p)))
    color = output is None and output_format == "tty" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render(results, output_format, color=color, show_fixes=show_fixes)
    if output is not None:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise LayerwiseError(f"cannot write the report: {exc.strerror or exc}", where=str(output)) from None
    else:
        sys.stdout.write(report)
    # SystemExit, not typer.Exit: the entry point runs click with standalone_mode=False, which
    # turns typer.Exit into a return value that main() does not pass on.
    if any(r.error is not None for r in results):
        raise SystemExit(2)
    if any(r.failed for r in results):
        raise SystemExit(1)


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)
