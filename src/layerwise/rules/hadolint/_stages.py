"""Stage helpers the DL rules share: a stage's parent stage, instructions repeated within a stage."""

from __future__ import annotations

from collections.abc import Iterator

from layerwise.dockerfile.model import Dockerfile, Instruction


def repeated_in_stage(dockerfile: Dockerfile, keyword: str) -> Iterator[Instruction]:
    """Every `keyword` instruction after the first of its stage.

    Grouped by stage index, so instructions before any FROM (stage -1) count too, as in hadolint."""
    by_stage: dict[int, list[Instruction]] = {}
    for ins in dockerfile.instructions:
        if ins.keyword == keyword:
            by_stage.setdefault(ins.stage_index, []).append(ins)
    for repeats in by_stage.values():
        yield from repeats[1:]
