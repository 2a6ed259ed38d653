"""A lean one-pass tar header reader for layer streams.

Why not `tarfile`: on a 700 MB layer with 30k entries, tarfile's per-header Python work and its
stream buffering dominated the scan (see bench/inspect_vs_dive.py). This reader decodes exactly
what analysis needs (ustar/GNU/PAX names, sizes, modes, owners, types) and nothing else, checks
header checksums, and skips content by reading forward; it never buffers a member.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from struct import Struct
from typing import Protocol
from zlib import adler32

from layerwise.errors import LayerwiseError
from layerwise.image.streams import ForwardReader

BLOCK = 512
ZERO_BLOCK = bytes(BLOCK)
PAX_TYPES = (b"x", b"g", b"X")
LONG_NAME, LONG_LINK = b"L", b"K"
EXTENSION_TYPES = (*PAX_TYPES, LONG_NAME, LONG_LINK)
REGULAR = (b"0", b"\0", b"7")
SPARSE = b"S"
# Headers of a seekable tar are read through a window of this size: the headers of small files
# that follow each other come from one read instead of one read each.
WINDOW = 32 << 10
# The fields analysis reads, in one unpack: name, mode+uid+gid (one field: see _DECODED), size,
# checksum, typeflag, linkname, magic+version, prefix (mtime, owner names, devices are skipped).
HEADER = Struct("100s24s12s12x8sc100s8s80x155s12x")
GNU_MAGIC = b"ustar  \0"


class Seekable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, target: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


class TarFormatError(LayerwiseError):
    """A tar stream that is truncated or not a tar at all."""


@dataclass(slots=True)
class TarMember:
    """One tar header, decoded: what analysis needs and nothing else."""

    name: str
    typeflag: str  # one character: "0" file, "1" hardlink, "2" symlink, "5" dir, ...
    size: int  # content bytes that follow the header
    mode: int
    uid: int
    gid: int
    linkname: str
    sparse: bool = False


def _text(field: bytes) -> str:
    return field.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _number(field: bytes) -> int:
    """Octal digits ended by a NUL or blanks (or filling the field), or GNU base-256 for values
    too large for octal."""
    try:
        return int(field.rstrip(b"\0 "), 8)  # the common form, in one call
    except ValueError:
        pass
    if field[:1] and field[0] & 0x80:
        value = int.from_bytes(field[1:], "big")
        return -((1 << (8 * (len(field) - 1))) - value) if field[0] & 0x40 else value
    digits = field.split(b"\0", 1)[0].strip(b" ")
    try:
        return int(digits or b"0", 8)
    except ValueError as exc:
        raise TarFormatError(f"bad number {field!r} in a tar header") from exc


# Mode, owner and group fields repeat from header to header: each distinct one is decoded once
# (a bounded number of them, whatever the tar holds).
_DECODED: dict[bytes, tuple[int, int, int]] = {}
_DECODED_MAX = 4096


def _mode_uid_gid(fields: bytes) -> tuple[int, int, int]:
    value = (_number(fields[:8]) & 0o7777, _number(fields[8:16]), _number(fields[16:]))
    if len(_DECODED) < _DECODED_MAX:
        _DECODED[fields] = value
    return value


def _byte_sum(data: bytes) -> int:
    """Σ bytes of a 512-byte block, in C: Adler-32's first sum is exact for 256 bytes or fewer."""
    return (adler32(data[:256]) & 0xFFFF) + (adler32(data[256:]) & 0xFFFF) - 2


def _check(header: bytes, field: bytes, offset: int) -> None:
    stored = _number(field)
    unsigned = _byte_sum(header) - sum(field) + 8 * 32
    if stored != unsigned:
        signed = unsigned - sum(2 * b for b in header if b > 127)
        if stored != signed:
            raise TarFormatError(f"invalid tar header at byte {offset} (checksum mismatch)")


def _pax_records(data: bytes) -> dict[str, str]:
    records: dict[str, str] = {}
    position = 0
    while position < len(data):
        space = data.find(b" ", position)
        if space < 0:
            break
        try:
            length = int(data[position:space])
        except ValueError as exc:
            raise TarFormatError("malformed PAX header") from exc
        if length <= 0:
            raise TarFormatError("malformed PAX header")
        key, _, value = data[space + 1 : position + length - 1].partition(b"=")
        records[key.decode("utf-8", "replace")] = value.decode("utf-8", "surrogateescape")
        position += length
    return records


def _padded(size: int) -> int:
    return (size + BLOCK - 1) // BLOCK * BLOCK


class TarReader:
    """Iterate members; between two members the caller may read the current member's content.

    With `length` (the tar's size, for a seekable stream) headers are read through a window and a
    header past the end is reported as truncation; without it the stream is only read forward.
    """

    def __init__(self, stream: ForwardReader | Seekable, length: int | None = None) -> None:
        self.stream = stream
        self.length = length  # known total size: lets a seekable stream detect truncation
        self.next_header = 0
        self.content_start = 0
        self.content_end = 0
        self.window = b""
        self.window_start = 0
        self.positioned = True  # whether the stream stands inside the current member's content
        self.marked_end = False  # whether the tar ended with its end-of-archive (zero) block

    def read_content(self, size: int) -> bytes:
        """Up to `size` bytes of the current member's content."""
        if not self.positioned:  # the header window left the stream elsewhere
            self.stream.seek(self.content_start)
            self.positioned = True
        size = min(size, self.content_end - self.stream.tell())
        data = self.stream.read(size) if size > 0 else b""
        if size > 0 and not data:
            raise TarFormatError("unexpected end of data inside a tar member")
        return data

    def _block(self, offset: int) -> bytes:
        """The 512 bytes at `offset` (fewer at the end of the stream)."""
        if self.length is None:  # forward-only: seeking reads and discards
            if self.stream.seek(offset) != offset:
                raise TarFormatError("unexpected end of data inside a tar member")
            return self.stream.read(BLOCK)
        start = offset - self.window_start
        if start >= 0 and start + BLOCK <= len(self.window):
            return self.window[start : start + BLOCK]
        self.stream.seek(offset)
        self.window, self.window_start = self.stream.read(WINDOW), offset
        return self.window[:BLOCK]

    def _read_extension(self, offset: int, size: int) -> bytes:
        """The data of the extension header (PAX, GNU long name) at `offset`; moves past it."""
        if self.stream.seek(offset + BLOCK) != offset + BLOCK:
            raise TarFormatError("unexpected end of data in a tar header extension")
        data = self.stream.read(size)
        if len(data) != size:
            raise TarFormatError("unexpected end of data in a tar header extension")
        self.next_header = self.stream.seek(offset + BLOCK + _padded(size))
        return data

    def __iter__(self) -> Iterator[TarMember]:
        pax: dict[str, str] = {}
        global_pax: dict[str, str] = {}
        long_name = long_link = None
        forward_only = self.length is None
        unpack = HEADER.unpack
        decoded_get = _DECODED.get
        while True:
            offset = self.next_header
            header = self._block(offset)
            if len(header) != BLOCK or header == ZERO_BLOCK:
                self._check_end(header, offset)
                return
            name, ids, size_field, checksum, typeflag, linkname, magic, prefix = unpack(header)
            _check(header, checksum, offset)
            size = _number(size_field)
            if size < 0:
                raise TarFormatError(f"negative size in the tar header at byte {offset}")
            if typeflag in EXTENSION_TYPES:
                data = self._read_extension(offset, size)
                if typeflag in PAX_TYPES:
                    (global_pax if typeflag == b"g" else pax).update(_pax_records(data))
                elif typeflag == LONG_NAME:
                    long_name = _text(data)
                else:
                    long_link = _text(data)
                continue
            mode_uid_gid = decoded_get(ids) or _mode_uid_gid(ids)
            member = TarMember(
                _text(name),
                "0" if typeflag in REGULAR else typeflag.decode("latin-1"),
                size,
                *mode_uid_gid,
                _text(linkname) if linkname[0] else "",
                typeflag == SPARSE,
            )
            if prefix[0] and magic[:5] == b"ustar" and magic != GNU_MAGIC:  # POSIX: a long path split in two
                member.name = _text(prefix) + "/" + member.name
            if pax or global_pax or long_name is not None or long_link is not None:
                _extend(member, {**global_pax, **pax}, long_name, long_link)
                pax, long_name, long_link = {}, None, None
            extensions = self._sparse_extensions(offset, header) if typeflag == SPARSE else 0
            self.content_start = start = offset + BLOCK * (1 + extensions)
            self.content_end = start + member.size
            self.next_header = start + _padded(member.size)
            self.positioned = forward_only
            yield member

    def _sparse_extensions(self, offset: int, header: bytes) -> int:
        """How many blocks of sparse map follow an old GNU sparse header (each says whether
        another follows: byte 482 of the header, byte 504 of an extension)."""
        count = 0
        more = header[482]
        while more:
            count += 1
            block = self._block(offset + count * BLOCK)
            if len(block) != BLOCK:
                raise TarFormatError(f"truncated sparse map after the tar header at byte {offset}")
            more = block[504]
        return count

    def _check_end(self, header: bytes, offset: int) -> None:
        """At a block that is not a header: the end-of-archive marker, a stream ending cleanly on a
        block boundary (which Go's archive/tar, and so Docker, accepts), or truncation (an error)."""
        if not header and self.length is not None and offset > self.length:
            raise TarFormatError("unexpected end of data inside a tar member")
        if header and header != ZERO_BLOCK:
            raise TarFormatError(f"truncated tar header at byte {offset}")
        self.marked_end = header == ZERO_BLOCK


def _extend(member: TarMember, pax: dict[str, str], long_name: str | None, long_link: str | None) -> None:
    """Apply what PAX records and GNU long-name headers say over the member's own header."""
    member.name = pax.get("GNU.sparse.name") or pax.get("path", long_name or member.name)  # sparse 1.0 hides the name
    member.linkname = pax.get("linkpath", long_link or member.linkname)
    if "size" in pax:
        member.size = int(pax["size"])
    if "uid" in pax:
        member.uid = int(pax["uid"])
    if "gid" in pax:
        member.gid = int(pax["gid"])
    member.sparse = member.sparse or "GNU.sparse.map" in pax or "GNU.sparse.major" in pax
