"""BuildKit's own parser test files: our dump must equal BuildKit's, negatives must fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from dockerfile_helpers import shared_dir

from layerwise.dockerfile import dump, parse_file
from layerwise.errors import ParseError

CONFORMANCE = shared_dir() / "conformance" / "buildkit-parser"


def _cases(folder: str) -> list[Path]:
    root = CONFORMANCE / folder
    return sorted(p for p in root.iterdir() if (p / "Dockerfile").is_file()) if root.exists() else []


POSITIVE = _cases("testfiles")
NEGATIVE = _cases("testfiles-negative")


@pytest.mark.skipif(not POSITIVE, reason=f"BuildKit parser test files not found under {CONFORMANCE}")
@pytest.mark.parametrize("case", POSITIVE, ids=lambda p: p.name)
def test_dump_matches_buildkit(case: Path) -> None:
    expected = (case / "result").read_text(encoding="utf-8").replace("\r\n", "\n")
    assert dump(parse_file(case / "Dockerfile")) == expected


@pytest.mark.skipif(not NEGATIVE, reason=f"BuildKit negative test files not found under {CONFORMANCE}")
@pytest.mark.parametrize("case", NEGATIVE, ids=lambda p: p.name)
def test_negative_is_rejected(case: Path) -> None:
    with pytest.raises(ParseError) as raised:
        parse_file(case / "Dockerfile")
    assert raised.value.line >= 1
