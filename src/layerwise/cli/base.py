"""`layerwise base build`: Debian base images made from the archive, on a machine that cannot pull."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from layerwise.engine.baseimage import BaseImage


base_app = typer.Typer(help="Build base images from the Debian archive (no registry needed).", no_args_is_help=True)


def _figure(image: BaseImage) -> str:
    official = f"official {image.official_size_mb:.1f} MB" if image.official_size_mb else "official size unknown"
    delta = ""
    if image.official_size_mb:
        delta = f", {100 * (image.size_mb / image.official_size_mb - 1):+.1f}%"
    return f"{image.name}: {image.size_mb:.1f} MB ({official}{delta}), rootfs sha256:{image.rootfs_sha256}"


@base_app.command("build")
def build(
    names: list[str] = typer.Argument(..., help="debian:<suite> or debian:<suite>-slim, e.g. debian:bookworm-slim"),
    mirror: str | None = typer.Option(
        None, help="Debian mirror (http). Default: the one in this machine's apt sources."
    ),
    if_missing: bool = typer.Option(False, "--if-missing", help="Skip names already built by layerwise."),
    workdir: Path | None = typer.Option(None, help="Where to bootstrap (default /var/tmp)."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Build Debian base images from the archive with debuerreotype, as the official images are made."""
    from layerwise.engine.baseimage import build_bases, find_existing
    from layerwise.report import terminal

    existing = [img for n in names if if_missing and (img := find_existing(n))]
    todo = [n for n in names if not any(e.name == n for e in existing)]
    err = terminal.console(stderr=True)
    with err.status("building base images") as status:
        built = build_bases(todo, mirror=mirror, workdir=workdir, progress=lambda m: status.update(m)) if todo else []
    results = existing + built
    if as_json:
        typer.echo(json.dumps([{**vars(img), "size_mb": round(img.size_mb, 1)} for img in results], indent=2))
        return
    for img in existing:
        typer.echo(f"exists  {_figure(img)}")
    for img in built:
        typer.echo(f"built   {_figure(img)}")


def register(app: typer.Typer) -> None:
    app.add_typer(base_app, name="base")
