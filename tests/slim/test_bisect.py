from __future__ import annotations

from collections.abc import Sequence

import pytest

from layerwise.slim.bisect import find_culprit


@pytest.mark.parametrize("culprit", list(range(9)))
def test_finds_a_single_culprit_in_few_steps(culprit: int) -> None:
    calls: list[Sequence[int]] = []

    def works(subset: Sequence[int]) -> bool:
        calls.append(subset)
        return culprit not in subset

    assert find_culprit(list(range(9)), works) == culprit
    assert len(calls) <= 5  # about log2(9) + 1 builds, not 9


def test_culprit_that_breaks_only_with_another_fix() -> None:
    # fix 5 breaks the image only when fix 1 is applied too: 5 is blamed, 1 stays.
    def works(subset: Sequence[int]) -> bool:
        return not (1 in subset and 5 in subset)

    assert find_culprit(list(range(8)), works) == 5


def test_no_fixes_no_culprit() -> None:
    assert find_culprit([], lambda subset: True) is None
