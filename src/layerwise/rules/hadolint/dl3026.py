"""DL3026: use only an allowed registry in FROM."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, unquote
from layerwise.rules.hadolint.dl3006 import image_span

DOCKER_HUB = ("docker.io", "hub.docker.com")


def registry_of(image: str) -> str | None:
    """`quay.io/x/y:1` -> quay.io; `debian:12` -> None (Docker Hub)."""
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first
    return None


def registry_is_known(image: str) -> bool:
    """Whether the registry part is written out (`quay.io/x:${TAG}` yes, `${REGISTRY}/x` no)."""
    head = image.split("/", 1)[0] if "/" in image else image.split(":", 1)[0].split("@", 1)[0]
    return bool(head) and "$" not in head


def matches(pattern: str, registry: str) -> bool:
    """hadolint's patterns: `*`, `*.gcr.io` (suffix), `my-registry*` (prefix) or an exact name."""
    if pattern == "*":
        return True
    if pattern.startswith("*"):
        return registry.endswith(pattern[1:])
    if pattern.endswith("*"):
        return registry.startswith(pattern[:-1])
    return registry == pattern


def is_allowed(image: str, trusted: list[str]) -> bool:
    registry = registry_of(image)
    if registry is None:
        return image.lower() == "scratch" or any(matches(p, r) for p in trusted for r in DOCKER_HUB)
    return any(matches(p, registry) for p in trusted)


class DL3026TrustedRegistry(Rule):
    """What it does: when trusted registries are configured, flags FROM, `COPY --from` and
    `RUN --mount=from=` images from any other registry.

    Why is this bad: an image from an unvetted registry is code nobody reviewed, running in your
    build and shipping in your image.

    Example:
        FROM randomregistry.example.com/debian:bookworm

    Use instead:
        FROM registry.company.com/debian:bookworm
    """

    code = "DL3026"
    severity = Severity.ERROR
    message = "Use only an allowed registry in the FROM image"
    differs_from_hadolint = "`FROM $VAR` is judged by the ARG default; an unknown value is not flagged."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        trusted = ctx.settings.trusted_registries
        if not trusted:
            return
        names: set[str] = set()
        for stage in ctx.dockerfile.stages:
            base = stage.base
            if registry_is_known(base) and base.lower() not in names and not is_allowed(base, trusted):
                yield finding_at(ctx, stage.from_instruction, image_span(stage.from_instruction))
            if stage.name:
                names.add(stage.name)
            for ins in stage.instructions:
                for image in referenced_images(ins):
                    if image.lower() not in names and not image.isdigit() and not is_allowed(image, trusted):
                        yield finding_at(ctx, ins, ins.span)
                        break


def referenced_images(ins: Instruction) -> list[str]:
    """Images named by `COPY --from=` and `RUN --mount=...,from=`."""
    found: list[str] = []
    if ins.keyword == "COPY":
        found += [unquote(v) for v in ins.flag_values("from")]
    if ins.keyword == "RUN":
        for mount in ins.flag_values("mount"):
            options = dict(part.partition("=")[::2] for part in mount.split(","))
            if options.get("from"):
                found.append(options["from"])
    return [image for image in found if registry_is_known(image)]
