"""`layerwise inspect IMAGE`: layers, waste (dive's numbers and the truth), leftovers, security facts."""

from __future__ import annotations

import gc
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from layerwise.image.gates import Gate, GateResult


class Format(StrEnum):
    tty = "tty"
    json = "json"
    markdown = "markdown"


def inspect(
    image: str = typer.Argument(
        ..., help="Engine image name/ID, archive or layout path, or docker:/oci:/registry: ref."
    ),
    output_format: Format = typer.Option(Format.tty, "--format", "-f", help="Output format."),
    dive_compatible: bool = typer.Option(
        False, "--dive-compatible", help="dive's output: its --json schema, or its --ci text (same numbers)."
    ),
    fail_on: list[str] = typer.Option(
        [], "--fail-on", help="CI gate, e.g. 'efficiency<0.9', 'reclaimable>20MB', 'user_wasted_percent>0.1'."
    ),
    base: bool = typer.Option(
        True, "--base/--no-base", help="Look for the base image among the engine's images (by layer prefix)."
    ),
    ci_config: Path | None = typer.Option(
        None, "--ci-config", help="dive's .dive-ci rules file (lowestEfficiency, highestWastedBytes, ...)."
    ),
) -> None:
    """Inspect an image: per-layer changes, waste, package-manager leftovers and security facts.

    Exits 1 when a CI gate fails, 2 on errors.
    """
    from layerwise.image.analysis import cycle_collection_paused

    with cycle_collection_paused():  # rendering makes many objects too, not only the analysis
        try:
            _inspect(image, output_format, dive_compatible, fail_on, base, ci_config)
        finally:
            gc.freeze()  # what the run made is not walked on the way out either (a failed gate too)


def _inspect(
    image: str, output_format: Format, dive_compatible: bool, fail_on: list[str], base: bool, ci_config: Path | None
) -> None:
    # imported here so that registering the command costs nothing to the other commands
    from layerwise.image.analysis import analyze_image
    from layerwise.image.engine import find_base_image
    from layerwise.image.sources import open_image
    from layerwise.report.image import print_tty, render_dive_json, render_dive_text, render_json, render_markdown
    from layerwise.report.image_progress import layer_progress

    gates = _gates(fail_on, ci_config)
    opened = None
    try:
        with layer_progress() as progress:
            opened = open_image(image, progress)
            analysis = analyze_image(opened, progress, find_base_image(opened.diff_ids) if base else None)
    finally:
        if opened is not None:
            opened.close()
    results: list[GateResult] = []
    if gates:
        from layerwise.image.gates import evaluate

        results = evaluate(gates, analysis.metrics())
    if output_format is Format.json:
        typer.echo(render_dive_json(analysis) if dive_compatible else render_json(analysis, results))
    elif output_format is Format.markdown:
        typer.echo(render_markdown(analysis, results), nl=False)
    elif dive_compatible:
        typer.echo(render_dive_text(analysis, results), nl=False)
    else:
        print_tty(analysis, results)
    if any(result.failed for result in results):
        raise typer.Exit(1)


def _gates(fail_on: list[str], ci_config: Path | None) -> list[Gate]:
    """The CI gates asked for (the gates module loads only when there are some)."""
    if not fail_on and ci_config is None:
        return []
    from layerwise.image.gates import gates_from_dive_ci, parse_gate

    gates = [parse_gate(text) for text in fail_on]
    if ci_config is not None:
        gates += gates_from_dive_ci(ci_config)
    return gates


def register(app: typer.Typer) -> None:
    app.command("inspect")(inspect)
