"""Shared fixtures for the image tests: a small image with whiteouts and opaque dirs, in every layout."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import Built, build, write_legacy_save, write_oci_dir, write_oci_tar

BASE = [("etc/", None), ("etc/passwd", b"root:x:0:0\n"), ("tmp/", None)]
ADD = [
    ("y", b"a" * 300_000),
    ("x/", None),
    ("x/a", b"b" * 1_000_000),
    ("x/b", b"c" * 500_000),
    ("z/", None),
    ("z/old", b"d" * 200_000),
    ("big", b"e" * 400_000),
    ("dup", b"f" * 100_000),
    ("tmp/", None),
]
CHANGE = [
    (".wh.y", b""),
    (".wh.x", b""),
    ("z/", None),
    ("z/.wh..wh..opq", b""),
    ("z/new", b"g" * 10),
    ("big", b"h" * 400_000),
    ("dup", b"f" * 100_000),
    ("tmp/", None),
]


@pytest.fixture
def edge() -> Built:
    return build([BASE, ADD, CHANGE])


LAYOUTS = ["legacy", "docker25", "oci-dir-gzip", "oci-tar-zstd", "oci-tar-plain"]


def write_layout(built: Built, layout: str, root: Path) -> Path:
    if layout == "legacy":
        return write_legacy_save(built, root / "legacy.tar")
    if layout == "docker25":
        return write_oci_tar(built, root / "d25.tar", docker_manifest=True)
    if layout == "oci-dir-gzip":
        return write_oci_dir(built, root / "oci", "gzip")
    if layout == "oci-tar-zstd":
        return write_oci_tar(built, root / "oci-zstd.tar", "zstd")
    return write_oci_tar(built, root / "oci.tar")
