import pytest

from layerwise.fix.apply import apply_edits, compatible, overlaps
from layerwise.rules.base import Edit


def test_edits_apply_at_exact_offsets_whatever_their_order() -> None:
    text = "RUN apt-get install curl"
    edits = [Edit.insert(len(text), " && x"), Edit.insert(19, " -y")]
    assert apply_edits(text, edits) == "RUN apt-get install -y curl && x"


def test_replacement_and_deletion() -> None:
    assert apply_edits("abcdef", [Edit(1, 3, "XY"), Edit(4, 5, "")]) == "aXYdf"


def test_overlapping_edit_is_deferred() -> None:
    assert apply_edits("abcdef", [Edit(1, 4, "X"), Edit(2, 5, "Y")]) == "aXef"


def test_two_insertions_at_one_point_conflict() -> None:
    assert overlaps(Edit.insert(3, "a"), Edit.insert(3, "b"))
    assert apply_edits("abcdef", [Edit.insert(3, "1"), Edit.insert(3, "2")]) == "abc1def"


def test_adjacent_edits_do_not_conflict() -> None:
    assert not overlaps(Edit(0, 2, ""), Edit(2, 4, ""))
    assert compatible([Edit(0, 2, "")], [Edit(2, 4, ""), Edit.insert(5, "x")])
    assert not compatible([], [Edit(0, 3, ""), Edit(2, 4, "")])


def test_edit_outside_text_is_a_bug() -> None:
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(2, 9, "")])
