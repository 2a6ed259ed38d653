"""Apply edits at exact offsets: untouched bytes stay byte for byte.

As in ruff, a round applies every edit that does not overlap one already taken; the rest waits
for the next round, when the rule that produced it re-runs on the new text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from layerwise.rules.base import Edit


def overlaps(a: Edit, b: Edit) -> bool:
    """Two edits collide when their ranges intersect, or both insert at the same offset."""
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def compatible(taken: Sequence[Edit], edits: Iterable[Edit]) -> bool:
    """True when none of `edits` overlaps an edit already taken (nor another of `edits`)."""
    pending = list(edits)
    for i, edit in enumerate(pending):
        if any(overlaps(edit, other) for other in taken):
            return False
        if any(overlaps(edit, other) for other in pending[i + 1 :]):
            return False
    return True


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply the non-overlapping `edits` to `text`; an edit overlapping an earlier one is skipped
    (the caller re-lints and gets it again next round)."""
    taken: list[Edit] = []
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise ValueError(f"edit {edit} is outside the text (length {len(text)})")
        if compatible(taken, [edit]):
            taken.append(edit)
    out: list[str] = []
    cursor = 0
    for edit in sorted(taken, key=lambda e: (e.start, e.end)):
        out.append(text[cursor : edit.start])
        out.append(edit.replacement)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)
