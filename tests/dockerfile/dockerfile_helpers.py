"""Helpers for the Dockerfile model tests (a unique module name: tests/ has no packages)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared read-only data: $LAYERWISE_SHARED, else <repo>/../shared."""
    configured = os.environ.get("LAYERWISE_SHARED")
    return Path(configured) if configured else (REPO / ".." / "shared").resolve()


def shared_path(*parts: str) -> Path:
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (set LAYERWISE_SHARED)")
    return path


def shared_files(*parts: str, pattern: str = "*") -> list[Path]:
    """Files for parametrize; an empty list makes pytest skip with a visible reason."""
    folder = shared_dir().joinpath(*parts)
    return sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.exists() else []
