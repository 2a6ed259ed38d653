"""Scan an overlay2 layer directory (overlay2/<cache-id>/diff) as if it were the layer's tar.

The engine exports a layer by walking this directory in lexical order (moby pkg/archive with the
overlay whiteout format): a 0/0 character device becomes a `.wh.<name>` whiteout, a directory
with the `overlay.opaque` xattr gets a `.wh..wh..opq` marker, and the second and later paths of a
hardlinked inode become hardlinks to the first. Producing the same entries straight from the
directory skips building and re-parsing a tar, which is where the time went (about 5x faster).
Digest checks still replay the exact tar (overlay2.TarSplitReader).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from layerwise.image.model import Progress
from layerwise.image.streams import chunks_of
from layerwise.image.tarscan import (
    KEY_MAX_BYTES,
    KEY_SUFFIXES,
    OPAQUE_MARKER,
    PREFIX_BYTES,
    Entry,
    LayerScan,
    content_digest,
)

OPAQUE_XATTRS = ("trusted.overlay.opaque", "user.overlay.opaque")
PROGRESS_STEP = 8 << 20


def is_opaque(path: str) -> bool:
    for name in OPAQUE_XATTRS:
        try:
            if os.getxattr(path, name, follow_symlinks=False) == b"y":
                return True
        except OSError:
            continue
    return False


def xattrs_readable(root: Path) -> bool:
    """Whether trusted.* xattrs can be read here (needs root); without them opaque dirs are invisible."""
    try:
        os.listxattr(root, follow_symlinks=False)
        os.getxattr(root, "trusted.overlay.opaque", follow_symlinks=False)
    except OSError as exc:
        return exc.errno in (61, 95)  # ENODATA / ENOTSUP on this path: the call itself is allowed
    return True


_KINDS = {
    stat.S_IFREG: "file",
    stat.S_IFDIR: "dir",
    stat.S_IFLNK: "symlink",
    stat.S_IFCHR: "char",
    stat.S_IFBLK: "block",
    stat.S_IFIFO: "fifo",
}


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "other")


TYPEFLAGS = {"file": "0", "dir": "5", "symlink": "2", "char": "3", "block": "4", "fifo": "6", "hardlink": "1"}


class DirectoryScanner:
    def __init__(self, root: Path, index: int, progress: Progress | None, hash_files: bool = True) -> None:
        self.hash_files = hash_files
        self.root = str(root)
        self.index = index
        self.progress = progress
        self.scan = LayerScan("", "", 0, 0, "tar")
        self.first_link: dict[tuple[int, int], Entry] = {}
        self.bytes_read = 0
        self.next_report = PROGRESS_STEP

    def run(self) -> LayerScan:
        self._walk(self.root, "")
        if self.progress:
            self.progress(self.index, self.bytes_read, None)
        return self.scan

    def _walk(self, directory: str, relative: str) -> None:
        with os.scandir(directory) as listing:
            children = sorted(listing, key=lambda child: child.name)
        for child in children:
            path = f"{relative}/{child.name}" if relative else child.name
            info = child.stat(follow_symlinks=False)
            kind = _kind(info.st_mode)
            if kind == "char" and info.st_rdev == 0:
                parent, _, name = path.rpartition("/")
                whiteout = f"{parent}/.wh.{name}" if parent else f".wh.{name}"
                self._add(Entry(whiteout, "whiteout", 0, 0o600, info.st_uid, info.st_gid))
                continue
            entry = Entry(path, kind, 0, stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid)
            entry.typeflag = TYPEFLAGS.get(kind, "0")
            if kind == "dir":
                self._add(entry)
                if is_opaque(child.path):
                    self._add(Entry(f"{path}/{OPAQUE_MARKER}", "opaque", 0, 0o600, info.st_uid, info.st_gid))
                self._walk(child.path, path)
                continue
            if kind == "symlink":
                entry.linkname = os.readlink(child.path)
            elif kind == "file":
                self._file(entry, child.path, info)
            self._add(entry)

    def _file(self, entry: Entry, full_path: str, info: os.stat_result) -> None:
        key = (info.st_dev, info.st_ino)
        first = self.first_link.get(key) if info.st_nlink > 1 else None
        if first is not None:  # the engine writes later names of an inode as hardlinks
            entry.kind, entry.typeflag, entry.linkname, entry.sha256 = "hardlink", "1", first.path, first.sha256
            return
        entry.size = info.st_size
        if self.hash_files:
            entry.sha256, entry.private_key = self.hash_file(full_path, entry.path.endswith(KEY_SUFFIXES), info.st_size)
        if info.st_nlink > 1:
            self.first_link[key] = entry

    def hash_file(self, full_path: str, maybe_key: bool, size: int) -> tuple[str, bool]:
        with open(full_path, "rb", buffering=0) as content:
            sha256, private_key, length = content_digest(chunks_of(content.read), maybe_key and size <= KEY_MAX_BYTES)
        self.bytes_read += length
        if self.progress and self.bytes_read >= self.next_report:
            self.progress(self.index, self.bytes_read, None)
            self.next_report = self.bytes_read + PROGRESS_STEP
        return sha256, private_key

    def _add(self, entry: Entry) -> None:
        self.scan.entries.append(entry)


def scan_directory(root: Path, index: int = 0, progress: Progress | None = None, hash_files: bool = True) -> LayerScan:
    return DirectoryScanner(root, index, progress, hash_files).run()


def read_directory_prefixes(root: Path, scan: LayerScan, wanted: set[int]) -> dict[int, bytes]:
    """The first PREFIX_BYTES of the chosen files (see tarscan.same_prefix)."""
    prefixes = {}
    for i in wanted:
        with open(root / scan.entries[i].path, "rb", buffering=0) as content:
            prefixes[i] = content.read(PREFIX_BYTES)
    return prefixes


def hash_directory_files(root: Path, scan: LayerScan, wanted: set[int]) -> None:
    """Hash the content of the chosen entries of a scan made with hash_files=False."""
    scanner = DirectoryScanner(root, 0, None)
    for i in wanted:
        entry = scan.entries[i]
        entry.sha256, entry.private_key = scanner.hash_file(
            str(root / entry.path), entry.path.endswith(KEY_SUFFIXES), entry.size
        )
