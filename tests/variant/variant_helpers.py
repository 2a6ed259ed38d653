"""Helpers for the variant tests: fixtures are small real Dockerfiles under fixtures/.

A plain module, not conftest: test modules import it by this unique name."""

from __future__ import annotations

import os
from pathlib import Path

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile

FIXTURES = Path(__file__).parent / "fixtures"


def shared_dir() -> Path:
    """/work/shared in development, <repo>/../shared in CI, or $LAYERWISE_SHARED."""
    configured = os.environ.get("LAYERWISE_SHARED")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / ".." / "shared"


def load(name: str) -> Dockerfile:
    """A fixture parsed as if it were ./Dockerfile, so generated headers are stable."""
    return parse((FIXTURES / name).read_text(encoding="utf-8"), "Dockerfile")
