"""Byte streams of layer blobs: sniff the compression, decompress on the fly, hash while reading.

Nothing here buffers a whole blob: every reader pulls bounded chunks from the one below it.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO, cast

from layerwise.errors import LayerwiseError

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
CHUNK = 1 << 20

# A layer that inflates past this many bytes per stored byte (and past BOMB_FLOOR) is refused:
# real layers rarely exceed 20:1, gzip's own ceiling is about 1032:1.
BOMB_RATIO = 1100
BOMB_FLOOR = 1 << 30


def max_layer_bytes() -> int:
    """The largest uncompressed layer read before giving up (LAYERWISE_MAX_LAYER_BYTES, default 64 GiB)."""
    return int(os.environ.get("LAYERWISE_MAX_LAYER_BYTES", str(64 << 30)))


class ByteReader(io.RawIOBase):
    """A read-only stream defined by its `read(size)` alone; readinto (what BufferedReader and
    tarfile call) is served from it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        raise NotImplementedError


class ChunkStream(ByteReader):
    """A file-like view of an iterator of byte chunks (the engine's save stream, a replayed layer)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.pending = bytearray()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK
        while len(self.pending) < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.pending += chunk
        data = bytes(self.pending[:size])
        del self.pending[:size]
        return data


class HashingReader(ByteReader):
    """Passes bytes through while counting them and feeding a sha256."""

    def __init__(
        self, inner: BinaryIO | io.RawIOBase, limit: int | None = None, what: str = "stream", hashing: bool = True
    ) -> None:
        self.inner = inner
        self.sha256 = hashlib.sha256() if hashing else None
        self.count = 0
        self.limit = limit
        self.what = what

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK
        data = self.inner.read(size) or b""
        if self.sha256 is not None:
            self.sha256.update(data)
        self.count += len(data)
        if self.limit is not None and self.count > self.limit:
            raise LayerwiseError(f"{self.what} inflates past {self.limit} bytes: refusing a likely bomb")
        return data

    def drain(self) -> None:
        """Read to the end so the digest covers everything (tar readers stop at the end marker)."""
        while self.read(CHUNK):
            pass

    def digest(self) -> str:
        """The sha256 of everything read, or "" when hashing was turned off."""
        return "sha256:" + self.sha256.hexdigest() if self.sha256 is not None else ""


class PeekReader(ByteReader):
    """Lets the first bytes be looked at without consuming them."""

    def __init__(self, inner: BinaryIO | io.RawIOBase) -> None:
        self.inner = inner
        self.head = b""

    def peek_bytes(self, size: int) -> bytes:
        while len(self.head) < size:
            data = self.inner.read(size - len(self.head))
            if not data:
                break
            self.head += data
        return self.head[:size]

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK
        if self.head:
            data, self.head = self.head[:size], self.head[size:]
            return data
        return self.inner.read(size) or b""


class GzipReader(ByteReader):
    """gunzip on the fly (multi-member aware) with corrupt input as a LayerwiseError."""

    def __init__(self, inner: BinaryIO | io.RawIOBase) -> None:
        import gzip  # loaded for gzip layers only: start-up counts when inspecting saved archives

        self.inner = gzip.GzipFile(fileobj=cast(IO[bytes], inner), mode="rb")

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self.inner.read(CHUNK if size is None or size < 0 else size)
        except (OSError, EOFError, zlib.error) as exc:
            raise LayerwiseError(f"corrupt or truncated gzip layer: {exc}") from exc


class ZstdReader(ByteReader):
    """zstd decompression on the fly with corrupt input as a LayerwiseError."""

    def __init__(self, inner: BinaryIO | io.RawIOBase) -> None:
        import zstandard  # loaded for zstd layers only, as gzip is

        self.error = zstandard.ZstdError
        self.inner = zstandard.ZstdDecompressor().stream_reader(cast(IO[bytes], inner), read_size=CHUNK)

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self.inner.read(CHUNK if size is None or size < 0 else size)
        except self.error as exc:
            raise LayerwiseError(f"corrupt or truncated zstd layer: {exc}") from exc


class ForwardReader(ByteReader):
    """A stream that tarfile can treat as seekable, as long as it only ever seeks forward.

    tarfile's random-access mode reads headers in place and skips content by seeking; over a
    stream, a forward seek just reads and discards. Small reads (512-byte headers) are served
    from a buffer without copying it, which tarfile's own stream mode does not manage.
    """

    def __init__(self, inner: BinaryIO | io.RawIOBase) -> None:
        self.inner = inner
        self.buffer = b""
        self.offset = 0  # of the next unread byte in buffer
        self.position = 0  # in the whole stream

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(CHUNK), b""))
        end = self.offset + size
        if end <= len(self.buffer):
            data = self.buffer[self.offset : end]
            self.offset = end
        else:
            parts = [self.buffer[self.offset :]]
            need = size - len(parts[0])
            self.buffer, self.offset = b"", 0
            while need > 0:
                chunk = self.inner.read(max(need, CHUNK)) or b""
                if not chunk:
                    break
                if len(chunk) > need:
                    parts.append(chunk[:need])
                    self.buffer, self.offset = chunk, need
                    need = 0
                else:
                    parts.append(chunk)
                    need -= len(chunk)
            data = b"".join(parts)
        self.position += len(data)
        return data

    def seek(self, target: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            target += self.position
        elif whence != io.SEEK_SET:
            raise io.UnsupportedOperation("a layer stream cannot seek from its end")
        if target < self.position:
            raise io.UnsupportedOperation(f"a layer stream cannot seek back (to {target} from {self.position})")
        while self.position < target and self.read(min(target - self.position, CHUNK)):
            pass
        return self.position


def chunks_of(read: Callable[[int], bytes]) -> Iterator[bytes]:
    """Chunks from `read(CHUNK)` until it returns nothing."""
    while chunk := read(CHUNK):
        yield chunk


def exact_chunks(source: BinaryIO | io.RawIOBase, size: int, short: Callable[[], Exception]) -> Iterator[bytes]:
    """The next `size` bytes of `source` in bounded chunks; `short()` is raised if it ends first."""
    remaining = size
    while remaining > 0:
        chunk = source.read(min(CHUNK, remaining))
        if not chunk:
            raise short()
        remaining -= len(chunk)
        yield chunk


def sniff(head: bytes) -> str:
    """The compression of a blob from its first bytes: "gzip", "zstd", "tar", "json" or "unknown"."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    stripped = head.lstrip()
    if stripped[:1] in (b"{", b"["):
        return "json"
    if len(head) >= 512 and head[:512].strip(b"\0") == b"":
        return "tar"  # an empty tar is just zero blocks
    return "unknown"


def open_uncompressed(
    raw: BinaryIO | io.RawIOBase, stored_size: int | None = None, what: str = "layer", digests: bool = True
) -> tuple[str, HashingReader, HashingReader]:
    """Wrap a stored blob: (compression, hasher over stored bytes, hasher over the uncompressed tar).

    With digests=False the readers only count bytes (analysis does not need the layer digests).
    """
    stored = HashingReader(raw, what=what, hashing=digests)
    peek = PeekReader(stored)
    compression = sniff(peek.peek_bytes(512))
    limit = max_layer_bytes()
    if compression == "gzip":
        inner: io.RawIOBase = GzipReader(peek)
    elif compression == "zstd":
        inner = ZstdReader(peek)
    elif compression in ("tar", "unknown"):
        inner = peek
    else:
        raise LayerwiseError(f"{what} is not a tar, gzip or zstd blob (looks like {compression})")
    if compression in ("gzip", "zstd") and stored_size:
        limit = min(limit, max(BOMB_FLOOR, stored_size * BOMB_RATIO))
    return compression, stored, HashingReader(inner, limit=limit, what=what, hashing=digests)
