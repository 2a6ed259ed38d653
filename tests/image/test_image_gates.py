"""CI gates: --fail-on expressions and dive's .dive-ci rules."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from layerwise.errors import LayerwiseError
from layerwise.image.gates import evaluate, gates_from_dive_ci, parse_gate, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.9", 0.9), ("20MB", 20_000_000), ("1GiB", 1 << 30), ("10%", 0.1), ("512 kB", 512_000), ("3", 3.0)],
)
def test_quantities(text: str, value: float) -> None:
    assert parse_quantity(text) == value


def test_expressions_fail_when_true() -> None:
    metrics = {"efficiency": 0.8, "reclaimable": 30e6, "user_wasted_percent": math.nan, "wasted": 5.0}
    results = evaluate(
        [parse_gate("efficiency<0.9"), parse_gate("reclaimable > 20MB"), parse_gate("user_wasted_percent>0.1")],
        metrics,
    )
    assert [r.failed for r in results] == [True, True, False]  # NaN never fails, as in dive


@pytest.mark.parametrize("text", ["efficiency", "speed<3", "wasted>lots"])
def test_bad_expressions_are_errors(text: str) -> None:
    with pytest.raises(LayerwiseError):
        parse_gate(text)


def test_dive_ci_file_with_defaults_and_disabled_rules(tmp_path: Path) -> None:
    path = tmp_path / ".dive-ci"
    path.write_text("rules:\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n")
    gates = gates_from_dive_ci(path)
    assert [(g.metric, g.op, g.threshold) for g in gates] == [("efficiency", "<", 0.9), ("wasted", ">", 20e6)]


def test_dive_ci_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".dive-ci"
    path.write_text("rules:\n  lowestEfficiency: high\n")
    with pytest.raises(LayerwiseError, match=r"\.dive-ci"):
        gates_from_dive_ci(path)
    with pytest.raises(LayerwiseError):
        gates_from_dive_ci(tmp_path / "missing")
