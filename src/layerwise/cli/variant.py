"""`layerwise variant slim|alpine`: print (or write) a Dockerfile on a smaller base."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from layerwise.errors import LayerwiseError
from layerwise.textfile import write_text_atomic

if TYPE_CHECKING:
    from layerwise.variant import Variant

FORMATS = ("text", "json")


def variant(
    kind: Annotated[str, typer.Argument(help="slim (official -slim bases) or alpine.")],
    file: Annotated[str, typer.Option("--file", "-f", help="The Dockerfile; `-` reads stdin.")] = "Dockerfile",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the new Dockerfile here (atomically).")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text: the Dockerfile; json: the Dockerfile and the report.")
    ] = "text",
    alpine_version: Annotated[
        str | None, typer.Option("--alpine-version", help="Alpine release for debian/ubuntu bases (default: 3.22).")
    ] = None,
) -> None:
    """Generate a slim-base or Alpine version of a Dockerfile; warnings go to stderr."""
    from layerwise.dockerfile import parse, parse_file
    from layerwise.variant import DEFAULT_ALPINE, KINDS, make_variant

    if kind not in KINDS:
        raise LayerwiseError(f"unknown variant kind {kind!r} (expected one of {', '.join(KINDS)})")
    if output_format not in FORMATS:
        raise LayerwiseError(f"unknown format {output_format!r} (expected one of {', '.join(FORMATS)})")
    dockerfile = parse(sys.stdin.read(), "-") if file == "-" else parse_file(file)
    result = make_variant(dockerfile, kind, alpine_version or DEFAULT_ALPINE)
    if output is not None:
        write_text_atomic(output, result.text)
    if output_format == "json":
        typer.echo(json.dumps({"text": result.text, **result.report()}, indent=2))
    elif output is None:
        typer.echo(result.text, nl=False)
    _warn(result)


def _warn(result: Variant) -> None:
    from layerwise.report import terminal

    err = terminal.console(stderr=True, soft_wrap=True)
    for line in result.warnings():
        err.print(terminal.warning(line))


def register(app: typer.Typer) -> None:
    app.command("variant")(variant)
