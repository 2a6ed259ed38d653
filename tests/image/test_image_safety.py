"""Malformed or hostile archives give a clear error or a finding: no crash, no write, bounded memory."""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard
from synthetic import Built, build, config_for, layer_tar, write_legacy_save, write_oci_dir, write_oci_tar

from layerwise.errors import LayerwiseError
from layerwise.image.analysis import analyze_image
from layerwise.image.sources import open_image
from layerwise.image.tarscan import UNMARKED_END, scan_layer


def raw_tar(members: list[tarfile.TarInfo], data: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for info in members:
            tar.addfile(info, io.BytesIO((data or {}).get(info.name, b"")) if info.isfile() else None)
    return buffer.getvalue()


def member(name: str, kind: bytes = tarfile.REGTYPE, size: int = 0, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname = kind, size, linkname
    return info


def analyse_tars(tmp_path: Path, tars: list[bytes]):
    path = write_oci_tar(Built(config_for(tars), tars), tmp_path / "img.tar")
    return analyze_image(open_image(str(path)))


def test_paths_escaping_the_root_are_skipped_with_a_finding(tmp_path: Path) -> None:
    tar = raw_tar(
        [member("../../etc/evil", size=3), member("/abs/file", size=1), member("ok", size=2)],
        {"../../etc/evil": b"bad", "/abs/file": b"a", "ok": b"ok"},
    )
    before = set(os.listdir(tmp_path))
    analysis = analyse_tars(tmp_path, [tar])
    paths = [f.path for f in analysis.largest_files]
    assert "/etc/evil" not in paths and "/ok" in paths and "/abs/file" in paths
    problems = [f.message for f in analysis.findings if f.id == "image.layer-problem"]
    assert any("escapes the root" in p for p in problems) and any("absolute" in p for p in problems)
    assert set(os.listdir(tmp_path)) - before == {"img.tar"}  # the archive only: nothing extracted


def test_hardlink_to_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    analysis = analyse_tars(tmp_path, [raw_tar([member("h", tarfile.LNKTYPE, linkname="nowhere")])])
    assert any(f.id == "image.hardlink-missing" for f in analysis.findings)


def test_symlink_loop_in_archive_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "loop.tar"
    with tarfile.open(path, "w") as tar:
        tar.addfile(member("a/layer.tar", tarfile.SYMTYPE, linkname="../b/layer.tar"))
        tar.addfile(member("b/layer.tar", tarfile.SYMTYPE, linkname="../a/layer.tar"))
        config = config_for([b""])
        for name, data in [("c.json", config), ("manifest.json", b'[{"Config":"c.json","Layers":["a/layer.tar"]}]')]:
            info = member(name, size=len(data))
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(LayerwiseError, match=r"missing|loop"):
        open_image(str(path))


def test_dangling_whiteout_is_a_finding(tmp_path: Path) -> None:
    analysis = analyse_tars(tmp_path, [layer_tar([("a", b"1")]), layer_tar([(".wh.ghost", b"")])])
    assert [f.path for f in analysis.findings if f.id == "image.dangling-whiteout"] == ["/ghost"]


def test_truncated_layer_is_an_error() -> None:
    data = layer_tar([("big", b"x" * 100_000)])
    with pytest.raises(LayerwiseError, match="truncated or corrupt"):
        scan_layer(io.BytesIO(data[:20_000]))


def test_truncated_gzip_layer_is_an_error() -> None:
    data = gzip.compress(layer_tar([("big", os.urandom(100_000))]))
    with pytest.raises(LayerwiseError, match=r"truncated|corrupt"):
        scan_layer(io.BytesIO(data[: len(data) // 2]))


def test_corrupt_zstd_layer_is_an_error() -> None:
    data = bytearray(zstandard.ZstdCompressor().compress(layer_tar([("big", b"ab" * 50_000)])))
    data[8:40] = bytes(32)
    with pytest.raises(LayerwiseError, match="corrupt or truncated zstd layer"):
        scan_layer(io.BytesIO(bytes(data)))


def test_zstd_layer_cut_inside_its_first_block_is_a_problem() -> None:
    # zstd's stream reader ends quietly when a frame is cut short; the missing tar end says so
    data = zstandard.ZstdCompressor().compress(layer_tar([("big", os.urandom(100_000))]))
    assert scan_layer(io.BytesIO(data[: len(data) // 2])).problems == [UNMARKED_END]
    assert scan_layer(io.BytesIO(data)).problems == []


@pytest.mark.parametrize("compress", [gzip.compress, zstandard.ZstdCompressor().compress], ids=["gzip", "zstd"])
def test_compression_bomb_is_refused(monkeypatch: pytest.MonkeyPatch, compress: Callable[[bytes], bytes]) -> None:
    monkeypatch.setenv("LAYERWISE_MAX_LAYER_BYTES", str(2_000_000))
    bomb = compress(layer_tar([("zeros", b"\0" * 5_000_000)]))
    with pytest.raises(LayerwiseError, match="bomb"):
        scan_layer(io.BytesIO(bomb))


def test_huge_sparse_header_without_data_is_an_error() -> None:
    # a header claiming 8 GiB of content followed by nothing: read as truncated, memory stays flat
    data = raw_tar([member("huge", size=0)])
    header = bytearray(data[:512])
    info = tarfile.TarInfo("huge")
    info.size = 8 << 30
    header[:512] = info.tobuf(format=tarfile.GNU_FORMAT)[:512]
    with pytest.raises(LayerwiseError, match="truncated or corrupt"):
        scan_layer(io.BytesIO(bytes(header) + b"\0" * 4096))


def test_manifest_naming_a_missing_blob_is_an_error(edge: Built, tmp_path: Path) -> None:
    root = write_oci_dir(edge, tmp_path / "oci")
    index = json.loads((root / "index.json").read_text())
    manifest_path = root / "blobs/sha256" / index["manifests"][0]["digest"].split(":")[1]
    manifest = json.loads(manifest_path.read_text())
    (root / "blobs/sha256" / manifest["layers"][1]["digest"].split(":")[1]).unlink()
    with pytest.raises(LayerwiseError, match="missing"):
        open_image(str(root))


def test_legacy_manifest_naming_a_missing_layer_is_an_error(tmp_path: Path) -> None:
    built = build([[("a", b"1")]])
    path = write_legacy_save(built, tmp_path / "x.tar")
    with tarfile.open(path) as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
    broken = tmp_path / "broken.tar"
    with tarfile.open(broken, "w") as tar:
        for info, data in members:
            if not info.name.endswith("layer.tar"):
                tar.addfile(info, io.BytesIO(data) if data is not None else None)
    with pytest.raises(LayerwiseError, match="missing"):
        open_image(str(broken))


def test_digest_path_traversal_in_manifest_is_refused(edge: Built, tmp_path: Path) -> None:
    root = write_oci_dir(edge, tmp_path / "oci")
    (root / "index.json").write_text(json.dumps({"manifests": [{"digest": "sha256:../../../etc/passwd"}]}))
    with pytest.raises(LayerwiseError):
        open_image(str(root))


def test_garbage_files_are_clear_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all" * 10)
    with pytest.raises(LayerwiseError):
        open_image(str(junk))
    layout = tmp_path / "layout"
    layout.mkdir()
    (layout / "index.json").write_text("{not json")
    with pytest.raises(LayerwiseError, match="not valid JSON"):
        open_image(str(layout))
