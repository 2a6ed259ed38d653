"""DL3006: always tag the version of an image explicitly."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction, Span, Stage
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at


def split_reference(image: str) -> tuple[str, str | None, str | None]:
    """`registry:5000/name:tag@sha256:...` -> (name part, tag, digest)."""
    name, _, digest = image.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        return name[:colon], name[colon + 1 :], digest or None
    return name, None, digest or None


def image_span(ins: Instruction) -> Span:
    """The image argument of a FROM (the whole instruction if it has none)."""
    return ins.arguments[0].span if ins.arguments else ins.span


def earlier_stage(stage: Stage, stages: list[Stage]) -> bool:
    """Whether the FROM names a stage defined before it (a stage is not an image to tag)."""
    return any(s.name is not None and s.name == stage.base.lower() for s in stages[: stage.index])


class DL3006TagImageVersion(Rule):
    """What it does: flags `FROM image` without a tag or digest.

    Why is this bad: an untagged image means `latest`, which moves: rebuilds silently pick up a
    different base, possibly a new major version.

    Example:
        FROM debian

    Use instead:
        FROM debian:bookworm-slim
    """

    code = "DL3006"
    severity = Severity.WARNING
    message = "Always tag the version of an image explicitly"
    differs_from_hadolint = (
        "`FROM $VAR` is judged by the ARG default: an untagged default is flagged, a tagged one is not."
    )

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        stages = ctx.dockerfile.stages
        for stage in stages:
            image = stage.base
            if not image or "$" in image or image.lower() == "scratch" or earlier_stage(stage, stages):
                continue
            _, tag, digest = split_reference(image)
            if tag is None and digest is None:
                yield finding_at(ctx, stage.from_instruction, image_span(stage.from_instruction))
