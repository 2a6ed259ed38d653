"""`layerwise verify IMAGE [--dockerfile PATH]`: digests check out, and history matches the Dockerfile."""

from __future__ import annotations

from pathlib import Path

import typer


def verify(
    image: str = typer.Argument(
        ..., help="Engine image name/ID, archive or layout path, or docker:/oci:/registry: ref."
    ),
    dockerfile: Path | None = typer.Option(
        None, "--dockerfile", help="Match every history entry to the instruction of this Dockerfile that made it."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Verify an image: layer diff_ids, blob digests, the image ID, and (optionally) its provenance.

    Exits 1 on any mismatch, 2 on errors.
    """
    # imported here so that registering the command costs nothing to the other commands
    from layerwise.image.provenance import match_dockerfile
    from layerwise.image.sources import open_image
    from layerwise.image.verify import verify_digests
    from layerwise.report import terminal
    from layerwise.report.image_progress import layer_progress
    from layerwise.report.image_verify import print_verify, render_verify_json

    opened = None
    try:
        with layer_progress() as progress:
            opened = open_image(image, progress)
            result = verify_digests(opened, progress)
        if dockerfile is not None:
            result.provenance = match_dockerfile(opened.history(), dockerfile)
    finally:
        if opened is not None:
            opened.close()
    if as_json:
        typer.echo(render_verify_json(result))
    else:
        print_verify(result, terminal.console())
    if not result.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)
