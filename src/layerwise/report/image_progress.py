"""Progress on stderr while layers are read, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from layerwise.image.model import Progress as ProgressCallback
from layerwise.report import terminal


@contextmanager
def layer_progress(enabled: bool | None = None) -> Iterator[ProgressCallback | None]:
    """Yields a callback for `scan_layers`, or None when there is no terminal to draw on."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn("layer {task.fields[layer]}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=terminal.console(stderr=True), transient=True) as progress:
        tasks: dict[int, object] = {}

        def report(layer: int, done: int, total: int | None) -> None:
            if layer not in tasks:
                tasks[layer] = progress.add_task("read", total=total, layer=layer)
            progress.update(tasks[layer], completed=done)  # type: ignore[arg-type]

        yield report
