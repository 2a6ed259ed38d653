"""`layerwise variant slim|alpine`: print (or write) a Dockerfile on a smaller base."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from layerwise.dockerfile import parse, parse_file
from layerwise.errors import LayerwiseError
from layerwise.variant import DEFAULT_ALPINE, KINDS, Variant, make_variant

FORMATS = ("text", "json")
err = Console(stderr=True, highlight=False, soft_wrap=True)


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
        str, typer.Option("--alpine-version", help="Alpine release for debian/ubuntu bases.")
    ] = DEFAULT_ALPINE,
) -> None:
    """Generate a slim-base or Alpine version of a Dockerfile; warnings go to stderr."""
    if kind not in KINDS:
        raise LayerwiseError(f"unknown variant kind {kind!r} (expected one of {', '.join(KINDS)})")
    if output_format not in FORMATS:
        raise LayerwiseError(f"unknown format {output_format!r} (expected one of {', '.join(FORMATS)})")
    dockerfile = parse(sys.stdin.read(), "-") if file == "-" else parse_file(file)
    result = make_variant(dockerfile, kind, alpine_version)
    if output is not None:
        _write_atomically(output, result.text)
    if output_format == "json":
        typer.echo(json.dumps({"text": result.text, **result.report()}, indent=2))
    elif output is None:
        typer.echo(result.text, nl=False)
    _warn(result)


def _warn(result: Variant) -> None:
    for line in result.warnings():
        err.print(f"[yellow]warning[/]: {line}", markup=True)


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over: never a half-written file."""
    directory = path.resolve().parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as error:
        raise LayerwiseError(f"cannot write: {error.strerror or error}", str(path)) from None


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def register(app: typer.Typer) -> None:
    app.command("variant")(variant)
