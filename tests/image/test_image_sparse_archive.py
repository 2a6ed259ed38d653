"""An image archive made by GNU tar with --sparse reads as the plain archive does: its layer tars
are sparse members (old GNU format: a sparse map that spills into extension blocks; POSIX: PAX
sparse 1.0, whose real name is a PAX record)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from synthetic import Built, config_for, layer_tar, write_legacy_save

from layerwise.image.analysis import analyze_image
from layerwise.image.sources import open_image
from layerwise.image.tarstream import TarReader
from layerwise.report.image import render_json

HOLE = 4096


def write_with_holes(data: bytes, path: Path) -> None:
    """`data`, with every all-zero 4 KB block left as a hole in the file."""
    with path.open("wb") as out:
        for start in range(0, len(data), HOLE):
            block = data[start : start + HOLE]
            if block.count(0) == len(block):
                out.seek(len(block), 1)
            else:
                out.write(block)
        out.truncate(len(data))


def gnu_tar() -> str:
    found = shutil.which("tar")
    if found is None or "GNU tar" not in subprocess.run([found, "--version"], capture_output=True, text=True).stdout:
        pytest.fail("GNU tar is needed to make sparse archives (Debian's tar package)")
    return found


@pytest.mark.parametrize("fmt", ["gnu", "posix"])
def test_sparse_layer_members_read_as_the_plain_archive(tmp_path: Path, fmt: str) -> None:
    # a dozen files that end in 8 KB of zeros: a layer tar with a dozen holes (more than the four
    # sparse regions an old GNU header holds)
    layer = layer_tar([(f"f{index}", b"x" * 100 + bytes(8192)) for index in range(12)])
    plain = write_legacy_save(Built(config_for([layer]), [layer]), tmp_path / "plain.tar")
    root = tmp_path / "root"
    root.mkdir()
    subprocess.run([gnu_tar(), "-xf", str(plain), "-C", str(root)], check=True)
    for path in root.glob("*/layer.tar"):
        write_with_holes(path.read_bytes(), path)
    sparse = tmp_path / "sparse.tar"
    subprocess.run([gnu_tar(), "--sparse", f"--format={fmt}", "-cf", str(sparse), "-C", str(root), "."], check=True)
    with tarfile.open(sparse) as tar:
        assert any(member.issparse() for member in tar), "the filesystem kept no holes: nothing sparse to read"
    with sparse.open("rb") as stream:  # the reader keeps its place past the sparse map
        names = [member.name for member in TarReader(stream, sparse.stat().st_size)]
    assert "./manifest.json" in names

    def report(path: Path) -> str:
        return render_json(analyze_image(open_image(str(path)))).replace(str(path), "IMAGE")

    assert report(sparse) == report(plain)
