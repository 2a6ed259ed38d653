"""The slim report in its four formats, from a comparison built by hand (no engine)."""

from __future__ import annotations

import json

from layerwise.report import terminal
from layerwise.report.slim import render_html, render_json, render_markdown, render_tty
from layerwise.slim.compare import CheckRow, Comparison, ImageSummary, LayerRow


def _summary(image_id: str, size: int, layers: int, user: str) -> ImageSummary:
    rows = [LayerRow("RUN apt-get install ...", size - 74_800_000)]
    return ImageSummary(image_id, size, size - 74_800_000, layers, user, 0.99, 0, 0, 2, rows)


def comparison() -> Comparison:
    return Comparison(
        base_image="debian:bookworm-slim",
        base_size_bytes=74_800_000,
        original=_summary("sha256:a", 149_802_285, 6, "root"),
        optimized=_summary("sha256:b", 112_201_096, 3, "10001"),
        checks=[CheckRow("ca-certificates", True, True, "")],
        smoke_passed=True,
        fixes_applied=[{"code": "LW002", "title": "Download with curl in a builder stage", "line": 6}],
        fixes_dropped=[],
        findings_remaining=[],
        removed_top_dirs=[("/var/lib/apt", 19_000_000)],
        optimized_dockerfile="Dockerfile.optimized",
        builder="buildkit",
        alternatives=[
            {
                "name": "download in a builder stage",
                "size_bytes": 112_201_096,
                "default_size_bytes": 112_205_488,
                "chosen": True,
                "reason": "smaller",
            }
        ],
    )


def test_alternatives_are_reported_in_every_format() -> None:
    c = comparison()
    line = "download in a builder stage: 112.2 MB vs 112.2 MB (-4.4 kB): chosen (smaller)"
    assert line in render_markdown(c)
    console = terminal.console(record=True, width=200)
    render_tty(c, console)
    assert line in console.export_text()
    data = json.loads(render_json(c))
    assert data["alternatives"][0]["chosen"] is True and data["saved_bytes"] == 149_802_285 - 112_201_096
    assert f"<li>{line}</li>" in render_html(c)


def test_markdown_keeps_names_from_the_image_literal() -> None:
    """The user and a smoke check's path come from the image: they must not break the table."""
    c = comparison()
    c.optimized.user = "a|[x](y)"
    c.checks = [CheckRow("resolves: /opt/`odd`|bin", True, True, "")]
    text = render_markdown(c)
    assert "| user | root | a\\|\\[x\\](y) |  |" in text
    assert "- ``resolves: /opt/`odd`|bin``: pass → pass" in text
