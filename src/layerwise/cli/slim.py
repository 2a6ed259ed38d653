"""`layerwise slim`: fix, build both, smoke-test both, compare, report, tag and publish."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from layerwise.errors import LayerwiseError

if TYPE_CHECKING:
    from rich.console import Console

Format = Literal["tty", "json", "markdown"]


class _Progress:
    """A live status line on a terminal; a plain log otherwise."""

    def __init__(self, console: Console) -> None:
        from rich.live import Live
        from rich.text import Text

        self.console = console
        self.live = Live(Text(""), console=console, transient=True) if console.is_terminal else None

    def __enter__(self) -> _Progress:
        if self.live:
            self.live.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.live:
            self.live.stop()

    def __call__(self, stage: str, message: str) -> None:
        if self.live:
            from rich.text import Text

            self.live.update(Text(f"{stage:>18}  {message.strip()[:100]}", overflow="ellipsis", no_wrap=True))
        elif not stage.startswith("build:") or (message.startswith(("Step ", "#")) and " DONE" not in message):
            self.console.print(f"[{stage}] {message.rstrip()}")


def _parse_build_args(values: list[str]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep:
            raise LayerwiseError(f"--build-arg {value!r}: expected NAME=VALUE")
        pairs[key] = val
    return pairs


def slim_command(
    context: Path = typer.Argument(Path("."), help="Build context (holds the Dockerfile)."),
    file: Path | None = typer.Option(None, "-f", "--file", help="Dockerfile (default: CONTEXT/Dockerfile)."),
    smoke: list[str] = typer.Option(
        [], "--smoke", help="Arguments to run in both images (repeatable), e.g. --smoke --version."
    ),
    safe_only: bool = typer.Option(False, "--safe-only", help="Apply only safe fixes."),
    multi_stage: bool = typer.Option(
        True, "--multi-stage/--no-multi-stage", help="Also try downloads in a builder stage; keep the smaller image."
    ),
    select: list[str] = typer.Option([], "--select", help="Only these rule codes (repeatable or comma-separated)."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rule codes (repeatable or comma-separated)."),
    builder: str | None = typer.Option(None, help="classic or buildkit (default: BuildKit when the engine has it)."),
    build_arg: list[str] = typer.Option([], "--build-arg", help="NAME=VALUE, passed to both builds."),
    target: str | None = typer.Option(None, help="Build stage to target."),
    platform: str | None = typer.Option(None, help="Target platform."),
    network: str = typer.Option("host", help="Network mode for the builds and smoke runs."),
    tag: str | None = typer.Option(None, "--tag", "-t", help="NAME:TAG for the optimized image."),
    push: str | None = typer.Option(None, "--push", help="Registry to push the tags to, e.g. 127.0.0.1:5000."),
    latest: bool = typer.Option(False, "--latest", help="Also move NAME:latest to the optimized image."),
    write: bool = typer.Option(
        False, "--write", help="Replace the Dockerfile instead of writing Dockerfile.optimized."
    ),
    output_format: str = typer.Option("tty", "--format", help="tty, json or markdown."),
    html_file: Path | None = typer.Option(None, "--html", help="Also write an HTML report with a layer chart."),
    variant: list[str] = typer.Option([], "--variant", help="Also build a variant: slim or alpine (repeatable)."),
    alpine_version: str | None = typer.Option(None, help="Alpine release for --variant alpine (default: 3.22)."),
    clean_images: bool = typer.Option(False, "--clean", help="Remove every image layerwise built, then exit."),
) -> None:
    """Fix a Dockerfile, build original and optimized, smoke-test both, and compare them."""
    # The engine, fixer and analysis load only when the command runs: `layerwise --help` stays fast.
    from layerwise.engine.publish import publish
    from layerwise.report import terminal
    from layerwise.report.slim import render_html, render_json, render_markdown, render_tty
    from layerwise.slim.compare import compare, variant_rows
    from layerwise.slim.loop import SlimRequest, clean, require_context, slim
    from layerwise.slim.variants import build_variants, variant_tags
    from layerwise.variant import DEFAULT_ALPINE, KINDS

    out = terminal.console()
    err = terminal.console(stderr=True)
    if clean_images:
        out.print(f"removed {clean()} images built by layerwise")
        return
    if output_format not in ("tty", "json", "markdown"):
        raise LayerwiseError(f"--format {output_format!r}: expected tty, json or markdown")
    if builder not in (None, "classic", "buildkit"):
        raise LayerwiseError(f"--builder {builder!r}: expected classic or buildkit")
    unknown = [v for v in variant if v not in KINDS]
    if unknown:
        raise LayerwiseError(f"--variant {unknown[0]!r}: expected one of {', '.join(KINDS)}")
    if latest and not tag:
        raise LayerwiseError("--latest needs --tag NAME:TAG")
    context, dockerfile = require_context(context, file)
    request = SlimRequest(
        context=context,
        dockerfile=dockerfile,
        smoke=smoke,
        safe_only=safe_only,
        select=_codes(select) or None,
        ignore=_codes(ignore),
        builder=_builder(builder),
        build_args=_parse_build_args(build_arg),
        target=target,
        platform=platform,
        network=network,
        write=write,
        multi_stage=multi_stage,
    )
    with _Progress(err) as progress:
        outcome = slim(request, events=progress)
        progress("compare", "analysing both images")
        comparison = compare(outcome)
        variants = build_variants(outcome, variant, progress, alpine_version or DEFAULT_ALPINE)
        comparison.variants = variant_rows(variants)
        if tag:
            images = {tag: outcome.optimized.image_id} | variant_tags(tag, variants)
            published = publish(images, push, latest=tag if latest else None)
            comparison.tags = published.tags
            for warning in published.warnings:
                err.print(terminal.warning(warning))
    if html_file:
        html_file.write_text(render_html(comparison))
    if output_format == "json":
        sys.stdout.write(render_json(comparison) + "\n")
    elif output_format == "markdown":
        sys.stdout.write(render_markdown(comparison))
    else:
        render_tty(comparison, out)
    if not comparison.smoke_passed:
        raise typer.Exit(1)


def _codes(values: list[str]) -> list[str]:
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def _builder(value: str | None) -> Literal["classic", "buildkit"] | None:
    return "classic" if value == "classic" else "buildkit" if value == "buildkit" else None


def register(app: typer.Typer) -> None:
    app.command("slim")(slim_command)
