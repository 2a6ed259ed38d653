"""The lean tar reader: ustar, GNU and PAX forms, checksums, and the one-pass save-stream reader."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from synthetic import Built, write_legacy_save, write_oci_tar

from layerwise.image.engine import SaveStreamImage, read_save_stream
from layerwise.image.streams import ForwardReader
from layerwise.image.tarstream import TarFormatError, TarReader

LONG = "d" * 120 + "/" + "f" * 120


def tar_bytes(fmt: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for name, data in [(LONG, b"long"), ("short", b"s" * 1000)]:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.uid = len(data), 0o4755, 4242
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link")
        link.type, link.linkname = tarfile.SYMTYPE, "x" * 150
        tar.addfile(link)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
def test_long_names_modes_and_links(fmt: int) -> None:
    reader = TarReader(ForwardReader(io.BytesIO(tar_bytes(fmt))))
    members = []
    for member in reader:
        members.append((member.name, member.typeflag, member.size, member.mode, member.uid, member.linkname))
        if member.name == "short":
            assert reader.read_content(10) == b"s" * 10  # partial read; the rest is skipped
    assert members == [
        (LONG, "0", 4, 0o4755, 4242, ""),
        ("short", "0", 1000, 0o4755, 4242, ""),
        ("link", "2", 0, 0o644, 0, "x" * 150),
    ]


def test_ustar_prefix_field() -> None:
    name = "p" * 90 + "/" + "n" * 90
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        tar.addfile(tarfile.TarInfo(name))
    assert [m.name for m in TarReader(ForwardReader(io.BytesIO(buffer.getvalue())))] == [name]


def test_checksum_mismatch_is_an_error() -> None:
    data = bytearray(tar_bytes(tarfile.GNU_FORMAT))
    data[20] ^= 0xFF
    with pytest.raises(TarFormatError, match="checksum"):
        list(TarReader(ForwardReader(io.BytesIO(bytes(data)))))


def test_one_pass_save_stream_matches_the_archive(edge: Built, tmp_path: Path) -> None:
    for path in (
        write_legacy_save(edge, tmp_path / "l.tar"),
        write_oci_tar(edge, tmp_path / "d.tar", docker_manifest=True),
    ):
        with path.open("rb") as stream:
            documents, scans, links = read_save_stream(stream)
        image = SaveStreamImage.from_parts(None, "stream", [], documents, scans, links)
        assert [scan.diff_id for scan in image.scan_layers()] == edge.diff_ids
        assert image.diff_ids == edge.diff_ids
