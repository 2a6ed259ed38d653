"""Rendering `diff` results: changed files, per-directory size change, layers and config."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from layerwise.image.diff import ImageDiff
from layerwise.report.image import human_bytes


def diff_to_dict(diff: ImageDiff, top: int | None = None) -> dict[str, Any]:
    return {
        "a": diff.reference_a,
        "b": diff.reference_b,
        "size_a": diff.size_a,
        "size_b": diff.size_b,
        "size_delta": diff.size_delta,
        "counts": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)},
        "added": [asdict(c) for c in diff.added[:top]],
        "removed": [asdict(c) for c in diff.removed[:top]],
        "changed": [asdict(c) for c in diff.changed[:top]],
        "directories": [{**asdict(d), "delta": d.delta} for d in diff.directories],
        "layers": {
            "a": diff.layers_a,
            "b": diff.layers_b,
            "shared_prefix": diff.shared_prefix_layers,
        },
        "config_changes": {key: {"a": a, "b": b} for key, (a, b) in diff.config_changes.items()},
    }


def render_diff_json(diff: ImageDiff, top: int | None = None) -> str:
    return json.dumps(diff_to_dict(diff, top), indent=2)


def signed_bytes(delta: int) -> str:
    return ("+" if delta > 0 else "-" if delta < 0 else "") + human_bytes(abs(delta))


def print_diff(diff: ImageDiff, console: Console, top: int = 20) -> None:
    console.print(
        Text.assemble(
            (diff.reference_a, "bold"),
            " -> ",
            (diff.reference_b, "bold"),
            f": {human_bytes(diff.size_a)} -> {human_bytes(diff.size_b)} ({signed_bytes(diff.size_delta)}); "
            f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed files",
        )
    )
    console.print(
        f"layers: {len(diff.layers_a)} -> {len(diff.layers_b)}, {diff.shared_prefix_layers} shared at the bottom"
    )
    if diff.directories:
        table = Table(title="Size change per directory")
        for column in ("directory", "A", "B", "change"):
            table.add_column(column, justify="left" if column == "directory" else "right")
        for d in diff.directories[:top]:
            table.add_row(d.path, human_bytes(d.bytes_a), human_bytes(d.bytes_b), signed_bytes(d.delta))
        console.print(table)
    files = Table(title="Files")
    for column in ("", "path", "A", "B", "what"):
        files.add_column(column, justify="right" if column in ("A", "B") else "left")
    for change in [*diff.added[:top], *diff.removed[:top], *diff.changed[:top]]:
        mark = Text(*{"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}[change.kind])
        size_a = "" if change.size_a is None else human_bytes(change.size_a)
        size_b = "" if change.size_b is None else human_bytes(change.size_b)
        files.add_row(mark, change.path, size_a, size_b, ",".join(change.what))
    if files.row_count:
        console.print(files)
    for key, (a, b) in diff.config_changes.items():
        console.print(f"config {key}: {json.dumps(a)} -> {json.dumps(b)}")  # as `docker inspect` shows them
