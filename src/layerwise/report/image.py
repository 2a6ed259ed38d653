"""Rendering an image analysis: JSON (ours, or dive's schema), Markdown, and a rich terminal view."""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from layerwise.image.analysis import ImageAnalysis, LayerReport, finite
from layerwise.image.tarscan import Entry
from layerwise.report import plural, terminal

if TYPE_CHECKING:
    from rich.console import Console

    from layerwise.image.gates import GateResult

TOP_ROWS = 10
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}  # the terminal's tables show the worst first


def human_bytes(size: float) -> str:
    """Decimal units, as dive and docker print them."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if abs(value) < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


def percent(value: float) -> str:
    return f"{value * 100:.4f} %" if math.isfinite(value) else "n/a"


def short_command(created_by: str) -> str:
    """History text without the builder's noise: shell prefix, `#(nop)`, `# buildkit`."""
    text = re.sub(r"^\S+ -c #\(nop\)\s+", "", created_by.strip())
    text = re.sub(r"^(RUN )?(\|\d+ (\S+=\S* )*)?/bin/sh -c ", "RUN ", text)
    return text.removesuffix("# buildkit").strip()


def gate_dicts(gates: list[GateResult]) -> list[dict[str, Any]]:
    return [{"rule": r.gate.text, "metric": r.gate.metric, "value": finite(r.value), "failed": r.failed} for r in gates]


def analysis_to_dict(analysis: ImageAnalysis, gates: list[GateResult] | None = None) -> dict[str, Any]:
    dive = analysis.dive
    security = analysis.security
    return {
        "reference": analysis.reference,
        "image_id": analysis.image_id,
        "source": analysis.source,
        "size_bytes": analysis.size_bytes,
        "user": security.user,
        "runs_as_root": security.runs_as_root,
        "efficiency": dive.efficiency,
        "wasted_bytes": dive.wasted_bytes,
        "user_wasted_percent": finite(dive.user_wasted_percent),
        "reclaimable_bytes": analysis.reclaimable_bytes,
        "user_reclaimable_bytes": analysis.user_reclaimable_bytes,
        "base_image": analysis.base_image,
        "base_layers": analysis.base_layers,
        "deleted_dirs": analysis.deleted_dirs,
        "layers": [asdict(layer) for layer in analysis.layers],
        "inefficiencies": [
            {"count": row.count, "size_bytes": row.cumulative, "file": row.path} for row in dive.inefficiencies
        ],
        "reclaimable": [asdict(item) for item in analysis.hidden[:50]],
        "duplicates": [{**asdict(d), "wasted_bytes": d.wasted} for d in analysis.duplicates],
        "leftovers": [asdict(item) for item in analysis.leftovers],
        "largest_files": [asdict(item) for item in analysis.largest_files],
        "security": asdict(security),
        "findings": [asdict(finding) for finding in analysis.findings],
        "history": analysis.history,
        "gates": gate_dicts(gates or []),
    }


def render_json(analysis: ImageAnalysis, gates: list[GateResult] | None = None) -> str:
    return json.dumps(analysis_to_dict(analysis, gates), indent=2)


def go_file_mode(entry: Entry) -> int:
    """Go's os.FileMode bits as dive's JSON prints them."""
    mode = entry.mode & 0o777
    mode |= {"dir": 1 << 31, "symlink": 1 << 27, "char": (1 << 26) | (1 << 21), "block": 1 << 26}.get(entry.kind, 0)
    mode |= (1 << 25) if entry.kind == "fifo" else 0
    mode |= (1 << 23) if entry.mode & 0o4000 else 0
    mode |= (1 << 22) if entry.mode & 0o2000 else 0
    mode |= (1 << 20) if entry.mode & 0o1000 else 0
    return mode


def render_dive_json(analysis: ImageAnalysis) -> str:
    """dive 0.13.1's `--json` schema, for tools that already read it."""
    layers = []
    for layer in analysis.layers:
        scan = analysis.scans[layer.index] if analysis.scans else None
        entries = [e for e in scan.entries if e.kind != "opaque"] if scan else []
        layers.append(
            {
                "index": layer.index,
                "id": layer.digest.removeprefix("sha256:"),
                "digestId": layer.diff_id,
                "sizeBytes": layer.size_bytes,
                "command": layer.created_by.removeprefix("/bin/sh -c "),
                "fileList": [
                    {
                        "path": e.path,
                        "typeFlag": ord(e.typeflag[:1] or "0"),
                        "linkName": e.linkname,
                        "size": e.size,
                        "fileMode": go_file_mode(e),
                        "uid": e.uid,
                        "gid": e.gid,
                        "isDir": e.kind == "dir",
                    }
                    for e in entries
                ],
            }
        )
    image = {
        "sizeBytes": analysis.dive.size_bytes,
        "inefficientBytes": analysis.dive.wasted_bytes,
        "efficiencyScore": analysis.dive.efficiency,
        "fileReference": [
            {"count": row.count, "sizeBytes": row.cumulative, "file": row.path} for row in analysis.dive.inefficiencies
        ],
    }
    return json.dumps({"layer": layers, "image": image}, indent=2)


def render_markdown(analysis: ImageAnalysis, gates: list[GateResult] | None = None) -> str:
    dive = analysis.dive
    lines = [
        f"# Image {code_span(analysis.reference)}",
        "",
        f"- ID: `{analysis.image_id}` ({analysis.source})",
        f"- Size: {human_bytes(analysis.size_bytes)} in {plural(len(analysis.layers), 'layer')}",
        f"- Runs as: {code_span(analysis.security.user)}" + (" (root)" if analysis.security.runs_as_root else ""),
        f"- Efficiency (dive): {percent(dive.efficiency)}; wasted (dive): {human_bytes(dive.wasted_bytes)}",
        f"- Reclaimable (all unreachable bytes): {human_bytes(analysis.reclaimable_bytes)}; "
        f"deleted directories: {analysis.deleted_dirs}",
        "",
        "## History",
        "",
        "| layer | size | added | changed | removed | reclaimable | created by |",
        "|---|---|---|---|---|---|---|",
    ]
    for layer, created_by in history_rows(analysis):
        numbers = _layer_numbers(layer)
        lines.append(f"| {' | '.join(numbers)} | {cell(code_span(created_by[:120]))} |")
    if analysis.hidden:
        lines += [
            "",
            "## Top reclaimable",
            "",
            "| bytes | path | added in | hidden in | why |",
            "|---|---|---|---|---|",
        ]
        for item in analysis.hidden[:TOP_ROWS]:
            lines.append(
                f"| {human_bytes(item.size)} | {cell(code_span('/' + item.path))} | {item.added_in} | {item.hidden_in} "
                f"| {item.reason} |"
            )
    if analysis.leftovers:
        lines += ["", "## Package-manager leftovers", "", "| category | files | bytes |", "|---|---|---|"]
        lines += [f"| {i.category} | {i.files} | {human_bytes(i.bytes)} |" for i in analysis.leftovers]
    if analysis.findings:
        lines += ["", "## Findings", ""]
        lines += [f"- **{f.severity}** `{f.id}`: {literal(f.message)}" for f in analysis.findings]
    if gates:
        lines += ["", "## CI gates", ""]
        lines += [f"- {'FAIL' if r.failed else 'PASS'}: `{r.gate.text}` (value {r.value:g})" for r in gates]
    return "\n".join(lines) + "\n"


def history_rows(analysis: ImageAnalysis) -> list[tuple[LayerReport | None, str]]:
    """docker history's rows, oldest first: (the layer it made or None, created by). A layer that no
    history entry names still gets a row, in its place."""
    rows: list[tuple[LayerReport | None, str]] = []
    unnamed_from = 0
    for entry in analysis.history:
        index = entry["layer"]
        if index is None:
            rows.append((None, entry["created_by"]))
            continue
        rows += [(layer, layer.created_by) for layer in analysis.layers[unnamed_from:index]]
        rows.append((analysis.layers[index], entry["created_by"]))
        unnamed_from = max(unnamed_from, index + 1)
    return rows + [(layer, layer.created_by) for layer in analysis.layers[unnamed_from:]]


def _layer_numbers(layer: LayerReport | None) -> list[str]:
    """A history row's layer figures; an entry that made no layer has only its size, 0 B."""
    if layer is None:
        return ["", "0 B", "", "", "", ""]
    counts = (layer.files_added, layer.files_changed, layer.files_removed)
    return [str(layer.index), human_bytes(layer.size_bytes), *map(str, counts), human_bytes(layer.reclaimable_bytes)]


# An image's paths, commands and user names are the image author's: in Markdown meant for a pull
# request they must read as text, never break a table or make a link.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")  # emphasis, code, links, HTML, table cells


def _one_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎")


def code_span(text: str) -> str:
    """`text` as one Markdown code span, whatever backticks it holds."""
    text = _one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell(markdown: str) -> str:
    """Markdown made safe inside a table cell (a `|`, even in a code span, would end the cell)."""
    return markdown.replace("|", "\\|")


def literal(text: str) -> str:
    """Text whose Markdown characters are shown as they are."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))


def print_tty(analysis: ImageAnalysis, gates: list[GateResult] | None = None, console: Console | None = None) -> None:
    from rich.table import Table  # here: JSON and Markdown output do not need it
    from rich.text import Text

    console = console or terminal.console()
    dive = analysis.dive
    security = analysis.security
    console.print(Text.assemble((analysis.reference, "bold"), f" {analysis.image_id[:19]} ({analysis.source})"))
    user_style = "red" if security.runs_as_root else "green"
    console.print(
        Text.assemble(
            f"size {human_bytes(analysis.size_bytes)} in {plural(len(analysis.layers), 'layer')}; runs as ",
            (security.user, user_style),
        )
    )
    table = Table(title="History")
    for column in ("layer", "size", "+files", "~files", "-files", "reclaimable"):
        table.add_column(column, justify="right", no_wrap=True)
    # one line per entry, in what the figures leave (JSON has the whole command)
    table.add_column("created by", no_wrap=True, overflow="ellipsis", max_width=max(16, console.width - 64))
    for layer, created_by in history_rows(analysis):
        table.add_row(*_layer_numbers(layer), short_command(created_by)[:90])
    console.print(table)
    console.print(
        f"efficiency (dive) {percent(dive.efficiency)}  wasted (dive) {human_bytes(dive.wasted_bytes)}  "
        f"user wasted {percent(dive.user_wasted_percent)}"
    )
    console.print(
        Text.assemble(
            "reclaimable (truth) ",
            (human_bytes(analysis.reclaimable_bytes), "bold"),
            f", of which in your layers {human_bytes(analysis.user_reclaimable_bytes)}  "
            f"deleted directories {analysis.deleted_dirs}",
        )
    )
    if analysis.base_image:
        console.print(f"base image: {analysis.base_image} ({plural(analysis.base_layers, 'layer')})")
    _print_rows(
        console,
        "Top reclaimable",
        ("bytes", "path", "added", "hidden", "why"),
        [(human_bytes(i.size), "/" + i.path, str(i.added_in), str(i.hidden_in), i.reason) for i in analysis.hidden],
    )
    _print_rows(
        console,
        "Package-manager leftovers",
        ("category", "files", "bytes", "layers"),
        [(i.category, str(i.files), human_bytes(i.bytes), ",".join(map(str, i.layers))) for i in analysis.leftovers],
    )
    _print_rows(
        console,
        "Identical content at different paths",
        ("wasted", "copies", "paths"),
        [(human_bytes(d.wasted), str(len(d.paths)), ", ".join(d.paths[:3])) for d in analysis.duplicates],
    )
    worst_first = sorted(analysis.findings, key=lambda f: SEVERITY_RANK.get(f.severity, len(SEVERITY_RANK)))
    _print_rows(
        console, "Findings", ("severity", "id", "message"), [(f.severity, f.id, f.message) for f in worst_first]
    )
    if security.exposed_ports:
        console.print(f"exposed ports: {', '.join(security.exposed_ports)}")
    for result in gates or []:
        verdict = Text("FAIL", style="red") if result.failed else Text("PASS", style="green")
        console.print(verdict, f"{result.gate.text} (value {result.value:g})")


def render_dive_text(analysis: ImageAnalysis, gates: list[GateResult] | None = None) -> str:
    """dive --ci's text layout, with the same numbers (plain text, as dive prints it)."""
    dive = analysis.dive
    lines = [
        f"  efficiency: {dive.efficiency * 100:.4f} %",
        f"  wastedBytes: {dive.wasted_bytes} bytes ({human_bytes(dive.wasted_bytes)})",
        f"  userWastedPercent: {percent(dive.user_wasted_percent)}",
        "Inefficient Files:",
        "Count  Wasted Space  File Path",
        *(f"{row.count:>5}  {human_bytes(row.cumulative):>12}  {row.path}" for row in dive.inefficiencies),
    ]
    if gates:
        failed = sum(result.failed for result in gates)
        lines += [
            "Results:",
            *(f"  {'FAIL' if r.failed else 'PASS'}: {r.gate.text} (value {r.value:g})" for r in gates),
            f"Result:{'FAIL' if failed else 'PASS'} [Total:{len(gates)}] [Failed:{failed}]",
        ]
    return "\n".join(lines) + "\n"


def _print_rows(console: Console, title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    if not rows:
        return
    from rich.table import Table

    more = len(rows) - TOP_ROWS
    table = Table(title=title, caption=f"and {more} more: --format json lists them all" if more > 0 else None)
    for column in columns:
        table.add_column(column)
    for row in rows[:TOP_ROWS]:
        table.add_row(*row)
    console.print(table)
