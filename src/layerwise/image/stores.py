"""Read-only file stores an image layout lives in: a directory or a tar archive (read in place)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from layerwise.image.model import ImageError
from layerwise.image.streams import ByteReader
from layerwise.image.tarscan import clean_path
from layerwise.image.tarstream import TarFormatError, TarMember, TarReader

MAX_JSON_BYTES = 64 << 20  # configs, manifests and indexes are small; refuse absurd ones


class Store(Protocol):
    label: str

    def exists(self, name: str) -> bool: ...

    def size(self, name: str) -> int: ...

    def open(self, name: str) -> AbstractContextManager[BinaryIO]: ...

    def close(self) -> None: ...


def read_small(store: Store, name: str) -> bytes:
    if not store.exists(name):
        raise ImageError(f"{store.label}: {name} is missing")
    if store.size(name) > MAX_JSON_BYTES:
        raise ImageError(f"{store.label}: {name} is too large for a JSON document")
    with store.open(name) as stream:
        return stream.read()


class DirStore:
    """Files under a directory; names may not leave it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = str(root)

    def _path(self, name: str) -> Path:
        clean, _ = clean_path(name)
        if clean is None:
            raise ImageError(f"{self.label}: {name!r} points outside the layout")
        path = (self.root / clean).resolve()
        if not path.is_relative_to(self.root):
            raise ImageError(f"{self.label}: {name!r} points outside the layout")
        return path

    def exists(self, name: str) -> bool:
        try:
            return self._path(name).is_file()
        except ImageError:
            return False

    def size(self, name: str) -> int:
        return self._path(name).stat().st_size

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        path = self._path(name)
        if not path.is_file():
            raise ImageError(f"{self.label}: {name} is missing")
        with path.open("rb") as stream:
            yield stream

    def close(self) -> None:
        pass


class FileWindow(ByteReader):
    """A read-only, seekable view of `size` bytes at `start` in a file, read with pread.

    Cheaper per call than tarfile's member reader, which matters when a layer's 512-byte headers
    are read one by one."""

    def __init__(self, fd: int, start: int, size: int) -> None:
        self.fd = fd
        self.start = start
        self.size = size
        self.position = 0

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, target: int, whence: int = io.SEEK_SET) -> int:
        base = 0 if whence == io.SEEK_SET else self.position if whence == io.SEEK_CUR else self.size
        self.position = max(0, base + target)
        return self.position

    def read(self, size: int | None = -1) -> bytes:
        remaining = self.size - self.position
        if size is None or size < 0 or size > remaining:
            size = remaining
        if size <= 0:
            return b""
        data = os.pread(self.fd, size, self.start + self.position)
        self.position += len(data)
        return data


class TarStore:
    """Members of a tar archive, read in place (the archive's headers are indexed once, by the
    same reader as layer tars)."""

    def __init__(self, path: Path) -> None:
        self.label = str(path)
        try:
            self.fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise ImageError(f"{path}: cannot be opened ({exc.strerror})") from exc
        self.members: dict[str, tuple[TarMember, int]] = {}  # clean name -> (header, content offset)
        try:
            length = os.fstat(self.fd).st_size
            reader = TarReader(FileWindow(self.fd, 0, length), length)
            for member in reader:
                clean, _ = clean_path(member.name)
                if clean is not None:
                    self.members[clean] = (member, reader.content_start)
        except (TarFormatError, OSError) as exc:
            os.close(self.fd)
            raise ImageError(f"{path}: not a readable tar archive ({exc})") from exc
        if not self.members:
            os.close(self.fd)
            raise ImageError(f"{path}: not a readable tar archive (no members)")

    def _resolve(self, name: str, hops: int = 0) -> tuple[TarMember, int]:
        clean, _ = clean_path(name)
        found = self.members.get(clean or "")
        if found is None:
            raise ImageError(f"{self.label}: {name} is missing from the archive")
        member = found[0]
        if member.typeflag in ("1", "2"):  # hardlink (named from the root) or symlink (from its folder)
            if hops > 8:
                raise ImageError(f"{self.label}: {name} is a symlink loop")
            base = "" if member.typeflag == "1" else (clean or "").rpartition("/")[0]
            return self._resolve(f"{base}/{member.linkname}" if base else member.linkname, hops + 1)
        if member.typeflag != "0" and not member.sparse:
            raise ImageError(f"{self.label}: {name} is not a file")
        return found

    def exists(self, name: str) -> bool:
        try:
            self._resolve(name)
        except ImageError:
            return False
        return True

    def size(self, name: str) -> int:
        member, _ = self._resolve(name)
        if member.sparse:
            with self._sparse(member) as content:
                return content.seek(0, io.SEEK_END)
        return member.size

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        member, offset = self._resolve(name)
        if member.sparse:
            with self._sparse(member) as content:
                yield cast(BinaryIO, content)
            return
        yield FileWindow(self.fd, offset, member.size)  # type: ignore[misc]

    @contextmanager
    def _sparse(self, member: TarMember) -> Iterator[BinaryIO]:
        """A GNU sparse member (rare in an image archive), rebuilt by tarfile with its holes."""
        import tarfile

        with tarfile.open(self.label, mode="r:") as tar:
            content = tar.extractfile(member.name)
            if content is None:
                raise ImageError(f"{self.label}: {member.name} cannot be read")
            yield cast(BinaryIO, content)

    def close(self) -> None:
        os.close(self.fd)


def open_store(path: Path) -> DirStore | TarStore:
    return DirStore(path) if path.is_dir() else TarStore(path)
