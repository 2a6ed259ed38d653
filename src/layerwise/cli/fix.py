"""`layerwise fix`: apply the fixes lint findings carry; show a diff, or write with --write.

Exit codes (as `ruff check --fix`): 0 when no finding that would fail `layerwise lint` remains
after fixing (failure threshold and --no-fail respected), 1 when one remains, 2 when a file
cannot be read, parsed or fixed, or the options are wrong. Without --write nothing changes on
disk and the exit code says what would remain after writing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from layerwise.errors import LayerwiseError

if TYPE_CHECKING:  # the fixer and linter load when the command runs, not with every command
    from layerwise.lint.config import LintConfig, Patch
    from layerwise.report.fix import FileOutcome

FORMATS = ("text", "json")


def _codes(values: list[str] | None, option: str) -> list[str]:
    from layerwise.lint.config import parse_codes

    return [c for v in values or [] for c in parse_codes(v, "command line", option)]


def fix(
    paths: Annotated[list[str], typer.Argument(help="Dockerfiles or directories to search.")],
    write: Annotated[bool, typer.Option("--write", help="Write the fixed files (default: only show).")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Show the diff also with --write.")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only fix these codes or prefixes.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Do not fix or report these codes.")] = None,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Also apply unsafe fixes.")] = False,
    multi_stage: Annotated[
        bool,
        typer.Option("--multi-stage", help="Move build-time downloads to a builder stage instead of purging the tool."),
    ] = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    no_shellcheck: Annotated[bool, typer.Option("--no-shellcheck", help="Do not run ShellCheck on RUN.")] = False,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Glob of paths not to search.")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Use this configuration file only.")] = None,
) -> None:
    """Fix Dockerfiles: print a unified diff of the safe fixes, or apply them with --write."""
    from layerwise.lint.config import ConfigResolver
    from layerwise.lint.discovery import discover
    from layerwise.report.fix import render_json, render_text

    if output_format not in FORMATS:
        raise LayerwiseError(f"unknown format {output_format!r} (expected one of {', '.join(FORMATS)})")
    patch: Patch = {"shellcheck": False} if no_shellcheck else {}
    resolver = ConfigResolver(cli=patch, explicit=config)
    files = discover(paths, [*(exclude or []), *resolver.for_path(None).exclude])
    if not files:
        raise LayerwiseError("no Dockerfiles found in " + ", ".join(paths))
    if "-" in files:
        raise LayerwiseError("fix reads files, not stdin")
    outcomes: list[FileOutcome] = []
    configs: dict[str, LintConfig] = {}
    for path in files:
        configs[path] = resolver.for_path(Path(path))
        outcomes.append(
            fix_one(
                path,
                configs[path],
                write,
                unsafe_fixes,
                _codes(select, "--select"),
                _codes(ignore, "--ignore"),
                multi_stage,
            )
        )
    if output_format == "json":
        sys.stdout.write(render_json(outcomes))
    else:
        sys.stdout.write(render_text(outcomes, show_diff=diff or not write))
    if any(o.error is not None for o in outcomes):
        raise typer.Exit(2)
    remaining = [
        r
        for o in outcomes
        if o.result is not None
        for r in o.result.remaining
        if configs[o.path].fails_on(r.finding.severity)
    ]
    if remaining:
        raise typer.Exit(1)


def fix_one(
    path: str,
    config: LintConfig,
    write: bool,
    unsafe: bool,
    select: list[str],
    ignore: list[str],
    multi_stage: bool = False,
) -> FileOutcome:
    from layerwise.fix.fixer import fix_text
    from layerwise.report.fix import FileOutcome
    from layerwise.textfile import read_source, write_atomic

    try:
        source = read_source(path)
        result = fix_text(
            source.text, path, config, unsafe=unsafe, select=select or None, ignore=ignore, multi_stage=multi_stage
        )
        if write and result.changed:
            write_atomic(source, result.text)
            return FileOutcome(result, path, written=True)
        return FileOutcome(result, path)
    except LayerwiseError as exc:
        return FileOutcome(None, path, error=str(exc))


def register(app: typer.Typer) -> None:
    app.command("fix")(fix)
