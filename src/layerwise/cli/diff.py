"""`layerwise diff IMAGE_A IMAGE_B`: what changed between two images."""

from __future__ import annotations

import typer


def diff(
    image_a: str = typer.Argument(..., help="The old image (engine name/ID, archive, layout or ref)."),
    image_b: str = typer.Argument(..., help="The new image."),
    as_json: bool = typer.Option(False, "--json", help="Print the diff as JSON."),
    top: int = typer.Option(20, "--top", help="Rows per table (JSON: files per list; 0 for all)."),
) -> None:
    """Compare two images: files added/removed/changed, size change per directory, layers, config."""
    # imported here so that registering the command costs nothing to the other commands
    from layerwise.image.diff import diff_images
    from layerwise.image.sources import open_image
    from layerwise.report import terminal
    from layerwise.report.image_diff import print_diff, render_diff_json
    from layerwise.report.image_progress import layer_progress

    opened = []
    try:
        with layer_progress() as progress:
            opened.append(open_image(image_a, progress))
            opened.append(open_image(image_b, progress))
            result = diff_images(opened[0], opened[1], progress)
    finally:
        for image in opened:
            image.close()
    if as_json:
        typer.echo(render_diff_json(result, top or None))
    else:
        print_diff(result, terminal.console(), top or 10**9)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
