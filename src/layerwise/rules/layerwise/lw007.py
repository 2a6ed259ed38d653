"""LW007: the base image has a slim variant."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import final_chain, root_image, run_commands, shell_runs
from layerwise.variant.bases import slim_lacks, slim_variant_of


class LW007SlimVariantAvailable(Rule):
    """What it does:
    Flags a final image built FROM a full official image that has a `-slim` variant:
    `debian:bookworm` -> `debian:bookworm-slim`, `python:3.12` -> `python:3.12-slim`,
    `node:20` -> `node:20-slim`.

    Why is this bad:
    The full variants carry compilers, headers and VCS tools (buildpack-deps) that a program
    rarely needs at run time: python:3.12 is about 1 GB, python:3.12-slim about 130 MB. The seed
    chapter found the base was most of the image's size.

    Example:
        FROM python:3.12

    Use instead:
        FROM python:3.12-slim

    No fix here: `layerwise variant slim` switches the base, installs what the slim variant
    lacks and proves the result with a build. When the image compiles things, a multi-stage build
    keeps the full image in the builder only.
    """

    code = "LW007"
    severity = Severity.INFO
    message = "The base image has a smaller -slim variant"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        chain = final_chain(ctx.dockerfile)
        base = root_image(chain)
        if not chain or "$" in base:
            return
        slim = slim_variant_of(base)
        if slim is None:
            return
        used = {c.name for ins in shell_runs(chain) for c in run_commands(ins)}
        missing = sorted(used & slim_lacks(base))
        note = (
            f" (it lacks {', '.join(missing)}, used here: install them or build in a separate stage)" if missing else ""
        )
        yield ctx.finding(chain[0].from_instruction, f"{base} has a smaller variant {slim}{note}")
