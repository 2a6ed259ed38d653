"""Find the fix that broke an image by applying the fixes in halves (as `git bisect` does)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def find_culprit(fixes: Sequence[T], works: Callable[[Sequence[T]], bool]) -> T | None:
    """The one fix whose addition makes `works` fail, given that `works([])` holds and
    `works(fixes)` does not. Each step keeps the half that still fails together with all fixes
    already known to be good, so a culprit that only breaks in company is still found.
    About log2(n) calls of `works`; None only when there are no fixes."""
    good: list[T] = []
    suspects = list(fixes)
    while len(suspects) > 1:
        half = suspects[: len(suspects) // 2]
        if works([*good, *half]):
            good += half
            suspects = suspects[len(half) :]
        else:
            suspects = half
    return suspects[0] if suspects else None
