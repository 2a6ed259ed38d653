"""Helpers for the Dockerfile model tests (a unique module name: tests/ has no packages)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared read-only data: $LAYERWISE_SHARED, else <repo>/../shared."""
    configured = os.environ.get("LAYERWISE_SHARED")
    return Path(configured) if configured else (REPO / ".." / "shared").resolve()
