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


def many_members(fmt: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        for index in range(300):  # small files: many headers per read window, some windows cut mid-header
            info = tarfile.TarInfo(f"dir{index % 7}/" + "n" * (index % 90) + f"-{index}")
            data = bytes([index % 251]) * (index * 37 % 3000)
            info.size, info.uid = len(data), 70_000_000 if fmt != tarfile.USTAR_FORMAT else index  # base-256 in GNU
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def read_all(reader: TarReader) -> list[tuple[str, int, int, bytes]]:
    return [(m.name, m.size, m.uid, reader.read_content(m.size)) for m in reader]


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT, tarfile.USTAR_FORMAT])
def test_seekable_window_reads_the_same_as_the_forward_stream(fmt: int) -> None:
    data = many_members(fmt)
    forward = read_all(TarReader(ForwardReader(io.BytesIO(data))))
    windowed = read_all(TarReader(io.BytesIO(data), len(data)))
    assert windowed == forward
    assert len(forward) == 300 and forward[5][3] == bytes([5]) * (5 * 37 % 3000)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert [(m.name, m.size, m.uid) for m in tar] == [row[:3] for row in forward]


def test_seekable_tar_cut_inside_a_member_is_truncated() -> None:
    data = many_members(tarfile.GNU_FORMAT)
    cut = data[: len(data) // 2 + 100]
    with pytest.raises(TarFormatError, match="unexpected end"):
        list(TarReader(io.BytesIO(cut), len(cut)))


def test_numbers_in_the_other_forms() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        tar.addfile(tarfile.TarInfo("short"))
    data = bytearray(buffer.getvalue()[:512])
    data[100:108] = b"  4755 \0"  # space-padded octal, as old tars write it
    data[108:116] = b"00001750"  # octal filling the whole field, no terminator (as tarfile reads it)
    data[124:136] = b"\x80" + (4).to_bytes(11, "big")  # base-256 size
    data[148:156] = b"        "
    data[148:154] = b"%06o" % sum(data)
    data += b"long".ljust(512, b"\0") + bytes(1024)
    (member,) = TarReader(ForwardReader(io.BytesIO(bytes(data))))
    assert (member.mode, member.uid, member.size) == (0o4755, 0o1750, 4)


def test_owner_fields_decoded_once_each_in_a_bounded_cache() -> None:
    from layerwise.image import tarstream

    buffer = io.BytesIO()
    count = tarstream._DECODED_MAX + 500
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for uid in range(count):
            info = tarfile.TarInfo(f"f{uid}")
            info.uid, info.gid = 100_000 + uid, 7
            tar.addfile(info)
    data = buffer.getvalue()
    members = list(TarReader(io.BytesIO(data), len(data)))
    assert [(m.uid, m.gid) for m in members] == [(100_000 + uid, 7) for uid in range(count)]
    assert len(tarstream._DECODED) <= tarstream._DECODED_MAX  # a tar of many owners cannot grow it
