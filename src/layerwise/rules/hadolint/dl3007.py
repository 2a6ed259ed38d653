"""DL3007: do not use the `latest` tag."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at
from layerwise.rules.hadolint.dl3006 import image_span, split_reference


class DL3007PinLatest(Rule):
    """What it does: flags `FROM image:latest` (without a digest).

    Why is this bad: `latest` moves with every release, so rebuilds silently pick up a different
    base image, possibly a new major version.

    Example:
        FROM node:latest

    Use instead:
        FROM node:20.15-bookworm-slim
    """

    code = "DL3007"
    severity = Severity.WARNING
    message = (
        "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag"
    )
    differs_from_hadolint = "`FROM image:$TAG` is judged by the ARG default (`latest` is flagged)."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for stage in ctx.dockerfile.stages:
            _, tag, digest = split_reference(stage.base)
            if tag == "latest" and digest is None:
                yield finding_at(ctx, stage.from_instruction, image_span(stage.from_instruction))
