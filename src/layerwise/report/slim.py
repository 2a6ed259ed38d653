"""Rendering a slim comparison: terminal table, JSON, markdown (for a pull request) and a
self-contained HTML page with the layer sizes of both images side by side."""

from __future__ import annotations

import html
import json
from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from layerwise.report import terminal
from layerwise.report.image import code_span, human_bytes, literal
from layerwise.slim.compare import Comparison, ImageSummary


def mb(size: int | None) -> str:
    return "?" if size is None else f"{size / 1e6:.1f} MB"


def _pct(before: int | None, after: int | None) -> str:
    if not before or after is None:
        return ""
    return f"{100 * (after - before) / before:+.1f}%"


def _rows(c: Comparison) -> list[tuple[str, str, str, str]]:
    o, n = c.original, c.optimized
    return [
        ("size", mb(o.size_bytes), mb(n.size_bytes), _pct(o.size_bytes, n.size_bytes)),
        (f"added over {c.base_image}", mb(o.added_bytes), mb(n.added_bytes), _pct(o.added_bytes, n.added_bytes)),
        ("layers", str(o.layers), str(n.layers), ""),
        ("efficiency (dive)", f"{o.efficiency:.1%}", f"{n.efficiency:.1%}", ""),
        ("reclaimable", mb(o.reclaimable_bytes), mb(n.reclaimable_bytes), ""),
        ("user", o.user, n.user, ""),
        ("lint findings", str(o.findings), str(n.findings), ""),
    ]


def render_tty(c: Comparison, console: Console) -> None:
    table = Table(title=f"layerwise slim ({c.builder} builder)", title_justify="left")
    for column in ("", "original", "optimized", "change"):
        table.add_column(column, justify="right" if column else "left")
    for cells in _rows(c):
        table.add_row(*cells)
    console.print(table)
    checks = Table(title="smoke checks", title_justify="left")
    for column in ("check", "original", "optimized"):
        checks.add_column(column)
    for row in c.checks:
        checks.add_row(row.name, _mark(row.original), _mark(row.optimized))
    console.print(checks)
    for (code, title), count in Counter((f["code"], f["title"]) for f in c.fixes_applied).items():
        console.print(f"  fixed   {code}  {title}" + (f" (x{count})" if count > 1 else ""))
    for fix in c.fixes_dropped:
        console.print(
            Text.assemble("  ", ("dropped", "yellow"), f" {fix['code']}  unsafe for this image: {fix['reason']}")
        )
    for line in _alternative_lines(c):
        console.print(f"  tried   {line}")
    for path, size in c.removed_top_dirs:
        console.print(f"  removed {mb(size):>9}  {path}")
    for v in c.variants:
        state = (
            "skipped: " + v.skipped if v.skipped else ("passed" if v.passed else "FAILED: " + "; ".join(v.regressions))
        )
        console.print(f"  variant {v.kind:<7} {mb(v.size_bytes):>9}  {state}  ({v.dockerfile})")
        for warning in v.warnings:
            console.print(Text.assemble("          ", terminal.warning(warning)))
    for reference, digest in c.tags.items():
        console.print(f"  tagged  {reference}  {digest}")
    verdict = Text("passed", style="green") if c.smoke_passed else Text("FAILED", style="red")
    console.print(
        Text.assemble(
            "smoke ",
            verdict,
            f"; saved {mb(c.saved_bytes)} ({_pct(c.original.size_bytes, c.optimized.size_bytes)}); "
            f"optimized Dockerfile: {c.optimized_dockerfile}",
        )
    )


MARKS = {True: ("pass", "green"), False: ("fail", "red"), None: ("missing", "red")}


def _mark(value: bool | None) -> Text:
    return Text(*MARKS[value])


def render_json(c: Comparison) -> str:
    return json.dumps(c.to_json(), indent=2)


def render_markdown(c: Comparison) -> str:
    lines = ["### layerwise slim", "", "| | original | optimized | change |", "|---|---:|---:|---:|"]
    lines += [f"| {' | '.join(map(literal, row))} |" for row in _rows(c)]  # the user comes from the image
    lines += ["", f"Smoke checks: **{'passed' if c.smoke_passed else 'FAILED'}**", ""]
    lines += [f"- {code_span(row.name)}: {_word(row.original)} → {_word(row.optimized)}" for row in c.checks]
    if c.variants:
        lines += ["", "| variant | size | result |", "|---|---:|---|"]
        lines += [
            f"| {v.kind} | {mb(v.size_bytes)} | {literal(v.skipped or ('passed' if v.passed else 'failed'))} |"
            for v in c.variants
        ]
    if c.fixes_applied:
        lines += ["", "Fixes applied:", *[f"- `{f['code']}` {f['title']}" for f in c.fixes_applied]]
    if c.fixes_dropped:
        lines += [
            "",
            "Fixes dropped (unsafe for this image):",
            *[f"- `{f['code']}`: {literal(f['reason'])}" for f in c.fixes_dropped],
        ]
    if c.alternatives:
        lines += ["", "Also tried:", *[f"- {literal(line)}" for line in _alternative_lines(c)]]
    return "\n".join(lines) + "\n"


def _alternative_lines(c: Comparison) -> list[str]:
    """`download in a builder stage: 112.2 MB vs 112.2 MB (-4.4 kB): chosen (smaller)`."""
    lines = []
    for a in c.alternatives:
        verdict = "chosen" if a["chosen"] else "not kept"
        sizes = ""
        if a["size_bytes"] is not None:
            delta = a["size_bytes"] - a["default_size_bytes"]
            change = ("+" if delta > 0 else "") + human_bytes(delta)
            sizes = f"{mb(a['size_bytes'])} vs {mb(a['default_size_bytes'])} ({change}): "
        lines.append(f"{a['name']}: {sizes}{verdict} ({a['reason']})")
    return lines


def _word(value: bool | None) -> str:
    return {True: "pass", False: "fail", None: "missing"}[value]


def render_html(c: Comparison) -> str:
    """One self-contained page: no scripts, fonts or images from the network."""
    biggest = max([r.size_bytes for r in c.original.layer_rows + c.optimized.layer_rows] + [1])
    table = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td><td>{html.escape(o)}</td><td>{d}</td></tr>"
        for a, b, o, d in _rows(c)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>layerwise slim</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} td, th {{ padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: right; }}
td:first-child {{ text-align: left; }} .images {{ display: flex; gap: 3em; }}
.bar {{ height: 14px; background: #4a7bd0; }} .opt .bar {{ background: #3aa06a; }}
.layer {{ margin: 6px 0; max-width: 480px; }} .cmd {{ font: 12px monospace; color: #555; overflow-wrap: anywhere; }}
</style></head><body>
<h1>layerwise slim</h1>
<table><tr><th></th><th>original</th><th>optimized</th><th>change</th></tr>{table}</table>
<p>Smoke checks: <b>{"passed" if c.smoke_passed else "FAILED"}</b>.</p>{_alternatives_html(c)}
<h2>Layer sizes over the base image</h2>
<div class="images">{_layers_html("original", c.original, biggest)}{_layers_html("optimized", c.optimized, biggest, "opt")}</div>
</body></html>
"""


def _alternatives_html(c: Comparison) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in _alternative_lines(c))
    return f"\n<p>Also tried:</p><ul>{items}</ul>" if items else ""


def _layers_html(title: str, summary: ImageSummary, biggest: int, css: str = "") -> str:
    rows = "".join(
        f'<div class="layer"><div class="bar" style="width:{max(1, round(400 * r.size_bytes / biggest))}px"></div>'
        f'<div class="cmd">{mb(r.size_bytes)} · {html.escape(r.created_by[:160])}</div></div>'
        for r in summary.layer_rows
    )
    return f'<div class="{css}"><h3>{title}: {mb(summary.size_bytes)}</h3>{rows}</div>'
