"""Variants beside the optimized image (`slim --variant slim --variant alpine`): each is
generated from the optimized Dockerfile, built and smoke-tested like it, and handed over only
when it passes what the original passed. A variant whose base cannot be had here (nothing is
pulled) is reported as not built, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field

import docker.errors

from layerwise.dockerfile import parse
from layerwise.dockerfile.stages import external_images
from layerwise.engine.build import BuildFailed
from layerwise.engine.client import connect
from layerwise.engine.publish import split_reference
from layerwise.slim.loop import Built, Events, SlimOutcome, build_and_check, write_beside
from layerwise.slim.smoke import Regression, regressions
from layerwise.variant import DEFAULT_ALPINE, make_variant


@dataclass
class VariantOutcome:
    kind: str
    tag_suffix: str  # "slim" or "alpine-3.20": NAME:TAG-slim, NAME:alpine-3.20
    dockerfile: str  # where the generated Dockerfile was written
    built: Built | None = None
    skipped: str | None = None  # why it was not built
    regressions: list[Regression] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.built is not None and not self.regressions


def build_variants(
    outcome: SlimOutcome, kinds: list[str], events: Events, alpine_version: str = DEFAULT_ALPINE
) -> list[VariantOutcome]:
    source = parse(outcome.fix.text, str(outcome.optimized_path))
    return [_one(outcome, source, kind, alpine_version, events) for kind in kinds]


def _one(outcome: SlimOutcome, source: object, kind: str, alpine_version: str, events: Events) -> VariantOutcome:
    variant = make_variant(source, kind, alpine_version)  # type: ignore[arg-type]
    suffix = "slim" if kind == "slim" else f"alpine-{alpine_version}"
    path = write_beside(outcome.request.dockerfile, f"Dockerfile.{kind}", variant.text)
    result = VariantOutcome(kind, suffix, str(path), warnings=variant.warnings())
    if variant.text == outcome.fix.text:
        result.skipped = "no change: the image already uses the smallest base of this kind"
        return result
    missing = [b for b in external_images(parse(variant.text, str(path))) if not _exists(b)]
    if missing:
        result.skipped = f"base {', '.join(missing)} is not in the engine and cannot be pulled here"
        return result
    try:
        result.built = build_and_check(outcome.request, variant.text, outcome.builder, f"variant:{kind}", events, [])
    except BuildFailed as exc:
        result.skipped = f"does not build: {exc.log_tail[-300:]}"
        return result
    result.regressions = regressions(outcome.original.facts, result.built.facts)
    return result


def _exists(image: str) -> bool:
    try:
        connect().images.get(image)
    except docker.errors.ImageNotFound:
        return False
    return True


def variant_tags(tag: str, variants: list[VariantOutcome]) -> dict[str, str]:
    """NAME:TAG-slim for the slim variant, NAME:alpine-3.22 for Alpine, as the seed publishes."""
    name, version = split_reference(tag)
    tags = {}
    for v in variants:
        if v.passed and v.built:
            suffix = f"{version}-{v.tag_suffix}" if v.kind == "slim" else v.tag_suffix
            tags[f"{name}:{suffix}"] = v.built.image_id
    return tags
