"""What the optimization bought: sizes over the base, layers, waste, user, findings, and what
the diff of the two images says was removed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import docker.errors

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile
from layerwise.engine.client import connect
from layerwise.image.analysis import ImageAnalysis, analyze_image
from layerwise.image.diff import directory_sizes, file_map
from layerwise.image.sources import open_image
from layerwise.lint.config import LintConfig
from layerwise.lint.runner import lint_text
from layerwise.slim.loop import SlimOutcome, image_size
from layerwise.slim.variants import VariantOutcome


@dataclass
class LayerRow:
    created_by: str
    size_bytes: int


@dataclass
class ImageSummary:
    image_id: str
    size_bytes: int
    added_bytes: int | None  # over the base image
    layers: int
    user: str
    efficiency: float
    wasted_bytes: int
    reclaimable_bytes: int
    findings: int
    layer_rows: list[LayerRow] = field(default_factory=list)


@dataclass
class CheckRow:
    name: str
    original: bool
    optimized: bool | None
    detail: str


@dataclass
class VariantRow:
    kind: str
    tag_suffix: str
    dockerfile: str
    image_id: str | None
    size_bytes: int | None
    added_bytes: int | None
    passed: bool
    skipped: str | None
    regressions: list[str]
    warnings: list[str]


@dataclass
class Comparison:
    base_image: str
    base_size_bytes: int | None
    original: ImageSummary
    optimized: ImageSummary
    checks: list[CheckRow]
    smoke_passed: bool
    fixes_applied: list[dict[str, Any]]
    fixes_dropped: list[dict[str, str]]
    findings_remaining: list[dict[str, Any]]
    removed_top_dirs: list[tuple[str, int]]
    optimized_dockerfile: str
    builder: str
    tags: dict[str, str] = field(default_factory=dict)  # tag -> digest (when pushed) or image id
    variants: list[VariantRow] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # other optimizations measured

    @property
    def saved_bytes(self) -> int:
        return self.original.size_bytes - self.optimized.size_bytes

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["saved_bytes"] = self.saved_bytes
        data["smoke"] = {"passed": self.smoke_passed, "checks": data.pop("checks")}
        data.pop("smoke_passed")
        return data


def compare(outcome: SlimOutcome) -> Comparison:
    dockerfile = parse(outcome.original.dockerfile_text, str(outcome.request.dockerfile))
    base = _base_of(dockerfile)
    base_size, base_layers = _base_facts(base)
    lint_config = LintConfig(shellcheck=False)
    before = lint_text(outcome.original.dockerfile_text, str(outcome.request.dockerfile), lint_config)
    after = lint_text(outcome.fix.text, str(outcome.optimized_path), lint_config)
    # Each image is read once: the analysis's squashed tree also gives the directory sizes.
    analyses = [analyze_image(open_image(built.image_id)) for built in (outcome.original, outcome.optimized)]
    checks = _check_rows(outcome)
    return Comparison(
        base_image=base,
        base_size_bytes=base_size,
        original=_summary(analyses[0], base_size, base_layers, len(before)),
        optimized=_summary(analyses[1], base_size, base_layers, len(after)),
        checks=checks,
        smoke_passed=not outcome.regressions and all(r.optimized for r in checks if r.original),
        fixes_applied=[{"code": f.code, "title": f.title, "line": f.line} for f in outcome.fix.fixed],
        fixes_dropped=[{"code": d.code, "reason": d.reason} for d in outcome.dropped],
        findings_remaining=[
            {"code": r.finding.code, "line": r.finding.line, "message": r.finding.message, "why": r.reason}
            for r in outcome.fix.remaining
        ],
        removed_top_dirs=_removed_dirs(analyses[0], analyses[1]),
        optimized_dockerfile=str(outcome.optimized_path),
        builder=outcome.builder,
        alternatives=[asdict(a) for a in outcome.alternatives],
    )


def _base_of(dockerfile: Dockerfile) -> str:
    """The image the final stage stands on, following `FROM <stage>` chains."""
    stage = dockerfile.final_stage
    while stage is not None and (parent := dockerfile.parent_of(stage)) is not None:
        stage = parent
    return stage.base if stage is not None else "scratch"


def _base_facts(base: str) -> tuple[int | None, int]:
    if base == "scratch":
        return 0, 0
    try:
        attrs = connect().images.get(base).attrs
    except docker.errors.ImageNotFound:
        return None, 0
    return int(attrs["Size"]), len(attrs.get("RootFS", {}).get("Layers", []))


def _summary(analysis: ImageAnalysis, base_size: int | None, base_layers: int, findings: int) -> ImageSummary:
    image_id = analysis.image_id
    attrs = connect().images.get(image_id).attrs
    size = int(attrs["Size"])
    rows = [LayerRow(layer.created_by, layer.size_bytes) for layer in analysis.layers]
    return ImageSummary(
        image_id=image_id,
        size_bytes=size,
        added_bytes=size - base_size if base_size is not None else None,
        layers=len(attrs.get("RootFS", {}).get("Layers", [])),
        user=str((attrs.get("Config") or {}).get("User") or "root"),
        efficiency=analysis.efficiency,
        wasted_bytes=analysis.wasted_bytes,
        reclaimable_bytes=analysis.reclaimable_bytes,
        findings=findings,
        layer_rows=rows[base_layers:] if base_layers < len(rows) else rows,
    )


def _check_rows(outcome: SlimOutcome) -> list[CheckRow]:
    rows = []
    optimized = outcome.optimized.facts.results
    for name, before in outcome.original.facts.results.items():
        if name.startswith("output: "):
            continue
        after = optimized.get(name)
        rows.append(CheckRow(name, before.passed, after.passed if after else None, (after or before).detail))
    return rows


def _removed_dirs(original: ImageAnalysis, optimized: ImageAnalysis, top: int = 8) -> list[tuple[str, int]]:
    """Bytes per directory that the optimized image no longer has (as `layerwise diff` counts
    them), leaving out a parent whose loss is almost all one listed child's (/var when /var/lib/apt)."""
    assert original.tree is not None and optimized.tree is not None
    before = directory_sizes(file_map(original.tree))
    after = directory_sizes(file_map(optimized.tree))
    shrunk = {path: size - after.get(path, 0) for path, size in before.items() if after.get(path, 0) < size}
    kept = [
        (path, size)
        for path, size in shrunk.items()
        if not any(
            child.startswith(path.rstrip("/") + "/") and c_size >= 0.8 * size for child, c_size in shrunk.items()
        )
    ]
    return sorted(kept, key=lambda item: -item[1])[:top]


def variant_rows(variants: list[VariantOutcome]) -> list[VariantRow]:
    rows = []
    for v in variants:
        size = image_size(v.built.image_id) if v.built else None
        rows.append(
            VariantRow(
                kind=v.kind,
                tag_suffix=v.tag_suffix,
                dockerfile=v.dockerfile,
                image_id=v.built.image_id if v.built else None,
                size_bytes=size,
                added_bytes=None,  # a variant sits on another base: its own base size is not known here
                passed=v.passed,
                skipped=v.skipped,
                regressions=[r.describe() for r in v.regressions],
                warnings=v.warnings,
            )
        )
    return rows
