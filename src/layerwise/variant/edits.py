"""Text edits for variants: collected per file, applied all at once at exact offsets.

Unlike a lint fix round, a variant's edits must all apply, so an overlap is a bug and raises.
Inserts at the same offset are joined in the order they were added (a header and a comment
before the first instruction, say).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from layerwise.dockerfile.model import Dockerfile, line_start
from layerwise.errors import LayerwiseError
from layerwise.rules.base import Edit


@dataclass
class EditPlan:
    text: str
    edits: list[Edit] = field(default_factory=list)

    def add(self, edit: Edit) -> None:
        self.edits.append(edit)

    def insert(self, at: int, text: str) -> None:
        self.edits.append(Edit.insert(at, text))

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append(Edit(start, end, text))

    def apply(self) -> str:
        merged = _merge_deletions(_merge_inserts(self.edits))
        ordered = sorted(merged, key=lambda e: (e.start, e.end))
        out: list[str] = []
        cursor = 0
        for edit in ordered:
            if edit.start < cursor:
                raise LayerwiseError(f"internal error: overlapping variant edits at offset {edit.start}")
            out.append(self.text[cursor : edit.start])
            out.append(edit.replacement)
            cursor = edit.end
        out.append(self.text[cursor:])
        return "".join(out)


def _merge_inserts(edits: Sequence[Edit]) -> list[Edit]:
    inserts: dict[int, str] = {}
    others: list[Edit] = []
    for edit in edits:
        if edit.start == edit.end:
            inserts[edit.start] = inserts.get(edit.start, "") + edit.replacement
        else:
            others.append(edit)
    return others + [Edit.insert(at, text) for at, text in inserts.items()]


def _merge_deletions(edits: Sequence[Edit]) -> list[Edit]:
    """Overlapping deletions (two dropped neighbours) become one: both ranges go either way."""
    deletions = sorted((e for e in edits if e.replacement == "" and e.start < e.end), key=lambda e: e.start)
    merged: list[Edit] = []
    for edit in deletions:
        if merged and edit.start < merged[-1].end:
            merged[-1] = Edit(merged[-1].start, max(merged[-1].end, edit.end), "")
        else:
            merged.append(edit)
    return [e for e in edits if not (e.replacement == "" and e.start < e.end)] + merged


def header_offset(dockerfile: Dockerfile) -> int:
    """Where a header comment may go: after the parser directives (and a byte-order mark), which
    must stay first."""
    if not dockerfile.directives:
        return line_start(dockerfile.text, 0)
    end = max(d.span.end for d in dockerfile.directives)
    newline = dockerfile.text.find("\n", end)
    return len(dockerfile.text) if newline == -1 else newline + 1
