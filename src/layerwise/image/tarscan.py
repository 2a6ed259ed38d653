"""Read one layer blob in a single pass into a compact list of entries (no file content kept).

The scan hashes the stored blob, the uncompressed tar (the diff_id) and every regular file's
content. Hostile input becomes a LayerwiseError (truncated or corrupt data, bombs) or a problem
note on the scan (paths escaping the root, hardlinks to nothing); it never writes anything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, BinaryIO

from layerwise.errors import LayerwiseError
from layerwise.image.streams import ForwardReader, HashingReader, chunks_of, exact_chunks, open_uncompressed
from layerwise.image.tarstream import TarFormatError, TarMember, TarReader

if TYPE_CHECKING:
    from layerwise.image.model import Layer, Progress

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
PROGRESS_STEP = 8 << 20
KEY_SUFFIXES = (".pem", ".key")
# Copies smaller than a filesystem block are not worth reading every small file for.
DUPLICATE_MIN_BYTES = 4096
# Files of the same size are compared by this many first bytes before any is hashed whole.
PREFIX_BYTES = 4096
KEY_MAX_BYTES = 64 << 10
UNMARKED_END = "the layer's tar ends without its end-of-archive marker: it may be truncated"
SIZE = attrgetter("size")
PEM_PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----")

KIND_BY_TYPE = {
    "0": "file",
    "7": "file",
    "S": "file",
    "5": "dir",
    "2": "symlink",
    "1": "hardlink",
    "3": "char",
    "4": "block",
    "6": "fifo",
}


@dataclass(slots=True)
class Entry:
    """One tar entry of a layer. `path` is relative to the root, without './' or a leading '/'."""

    path: str
    kind: str  # file, dir, symlink, hardlink, char, block, fifo, whiteout, opaque
    size: int  # tar header size: content bytes for files, 0 for everything else
    mode: int  # permission and setuid/setgid/sticky bits
    uid: int
    gid: int
    linkname: str = ""  # only for symlinks and hardlinks
    sha256: str | None = None  # content hash of regular files (and hardlinks resolved in this layer)
    typeflag: str = "0"
    private_key: bool = False  # a small .pem/.key file holding a PEM private key
    offset: int = -1  # where the content starts in the uncompressed layer tar (when recorded)

    @property
    def target(self) -> str:
        """For a whiteout: the path it deletes; for an opaque marker: the directory it clears."""
        parent, _, name = self.path.rpartition("/")
        if self.kind == "opaque":
            return parent
        if self.kind == "whiteout":
            return f"{parent}/{name[len(WHITEOUT_PREFIX) :]}" if parent else name[len(WHITEOUT_PREFIX) :]
        return self.path


@dataclass
class LayerScan:
    """Everything one pass over a layer learned: its entries, digests and sizes."""

    diff_id: str  # computed: sha256 of the uncompressed tar
    blob_digest: str  # computed: sha256 of the bytes as stored
    stored_bytes: int
    tar_bytes: int
    compression: str  # gzip, zstd, tar
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def file_bytes(self) -> int:
        """Σ header sizes, dive's layer size: regular-file bytes only."""
        return sum(map(SIZE, self.entries))


def clean_path(name: str) -> tuple[str | None, str | None]:
    """(normalised relative path, problem). None path means the entry must be skipped."""
    if name[:1] not in ("/", ".", "") and "//" not in name and "/." not in name:
        return (name[:-1] if name[-1] == "/" else name), None  # already clean: the usual case
    problem = None
    if name.startswith("/"):
        problem = f"absolute path {name!r} in layer"
    parts: list[str] = []
    for part in name.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None, f"path {name!r} escapes the root; entry skipped"
            parts.pop()
            problem = problem or f"path {name!r} contains '..'"
            continue
        parts.append(part)
    if not parts:
        return None, None  # the root itself
    return "/".join(parts), problem


def entry_kind(typeflag: str, path: str) -> str:
    if WHITEOUT_PREFIX in path:  # rare: the name is looked at only then
        name = path.rpartition("/")[2]
        if name == OPAQUE_MARKER:
            return "opaque"
        if name.startswith(WHITEOUT_PREFIX):
            return "whiteout"
    return KIND_BY_TYPE.get(typeflag, "other")


def wants_content(entry: Entry) -> bool:
    """Files whose content a key check needs whatever their size."""
    return entry.kind == "file" and entry.size <= KEY_MAX_BYTES and entry.path.endswith(KEY_SUFFIXES)


def duplicate_candidates(scans: list[LayerScan], min_size: int = DUPLICATE_MIN_BYTES) -> list[set[int]]:
    """Per scan, the entries worth hashing: files of at least `min_size` bytes whose size another
    file shares (only those can be identical copies), plus small key files. Unique sizes need no read."""
    counts: dict[int, int] = {}
    for scan in scans:
        for entry in scan.entries:
            if entry.kind == "file" and entry.size >= min_size:
                counts[entry.size] = counts.get(entry.size, 0) + 1
    return [
        {
            i
            for i, entry in enumerate(scan.entries)
            if entry.kind == "file" and entry.sha256 is None and (counts.get(entry.size, 0) > 1 or wants_content(entry))
        }
        for scan in scans
    ]


def same_prefix(
    scans: list[LayerScan], wanted: list[set[int]], prefixes: list[dict[int, bytes] | None]
) -> list[set[int]]:
    """Narrow `duplicate_candidates` by the first PREFIX_BYTES of each file: a copy must share its
    size and its start with another file. `prefixes[i]` None means scan i's were not read (all of
    its candidates stay, and so do other files of their sizes). Key files always stay."""
    unread_sizes = {scans[i].entries[j].size for i, read in enumerate(prefixes) if read is None for j in wanted[i]}
    counts: dict[tuple[int, bytes], int] = {}
    for scan, read in zip(scans, prefixes, strict=True):
        for i, prefix in (read or {}).items():
            key = (scan.entries[i].size, prefix)
            counts[key] = counts.get(key, 0) + 1
    return [
        {
            i
            for i in chosen
            if read is None
            or scan.entries[i].size in unread_sizes
            or counts[scan.entries[i].size, read[i]] > 1
            or wants_content(scan.entries[i])
        }
        for scan, chosen, read in zip(scans, wanted, prefixes, strict=True)
    ]


def read_prefixes(raw: BinaryIO, scan: LayerScan, wanted: set[int]) -> dict[int, bytes] | None:
    """The first PREFIX_BYTES of each wanted file of an uncompressed tar read in place; None when
    the tar cannot be read in place (a second pass over a compressed layer costs more than it saves)."""
    if not readable_in_place(raw, scan, wanted):
        return None
    return {i: raw.read(min(PREFIX_BYTES, entry.size)) for i, entry in _each_in_place(raw, scan, wanted)}


def readable_in_place(raw: BinaryIO, scan: LayerScan, wanted: set[int]) -> bool:
    """Whether the wanted files' contents can be reached by seeking in `raw` (see _each_in_place)."""
    return is_plain_seekable(raw) and all(scan.entries[i].offset >= 0 for i in wanted)


def _each_in_place(raw: BinaryIO, scan: LayerScan, wanted: set[int]) -> Iterator[tuple[int, Entry]]:
    """(index, entry) of the wanted entries in tar order, `raw` positioned at each one's content."""
    start = raw.tell()
    for i in sorted(wanted, key=lambda i: scan.entries[i].offset):
        raw.seek(start + scan.entries[i].offset)
        yield i, scan.entries[i]
    raw.seek(start)


def is_plain_seekable(raw: BinaryIO) -> bool:
    """An uncompressed tar we can seek in: its headers can be read without reading any content."""
    try:
        if not raw.seekable():
            return False
        start = raw.tell()
        head = raw.read(512)
        raw.seek(start)
    except (OSError, ValueError):
        return False
    return len(head) == 512 and head[257:262] == b"ustar"


def scan_layer(
    raw: BinaryIO,
    layer: Layer | None = None,
    progress: Progress | None = None,
    digests: bool = True,
    hash_files: bool = True,
) -> LayerScan:
    """Scan a stored layer blob (tar, gzip or zstd) into entries and (unless digests=False) digests.

    hash_files=False leaves file contents unhashed (see `hash_files_in`); on an uncompressed,
    seekable blob the scan then reads only the tar headers.
    """
    index = layer.index if layer else 0
    what = f"layer {index} ({layer.digest[:19]})" if layer else "layer"
    if not digests and not hash_files and is_plain_seekable(raw):
        return _scan_headers_only(raw, what)
    compression, stored, tar_stream = open_uncompressed(raw, layer.size if layer else None, what=what, digests=digests)
    scan = LayerScan("", "", 0, 0, compression)
    try:
        _read_entries(tar_stream, scan, index, layer.size if layer else None, progress, hash_files)
        tar_stream.drain()
        stored.drain()
    except (TarFormatError, EOFError) as exc:
        raise LayerwiseError(f"{what} is truncated or corrupt: {exc}") from exc
    except OSError as exc:
        raise LayerwiseError(f"{what} could not be read: {exc}") from exc
    scan.diff_id = tar_stream.digest()
    scan.blob_digest = stored.digest()
    scan.stored_bytes = stored.count
    scan.tar_bytes = tar_stream.count
    return scan


def _scan_headers_only(raw: BinaryIO, what: str) -> LayerScan:
    start = raw.tell()
    length = raw.seek(0, 2) - start
    raw.seek(start)
    scan = LayerScan("", "", length, length, "tar")
    reader = TarReader(raw, length)
    unhashed: dict[str, Entry] = {}  # no content is hashed: a hardlink has no hash to take
    try:
        for member in reader:
            entry = _entry_for(member, reader, scan, unhashed, hash_files=False)
            if entry is not None:
                scan.entries.append(entry)
    except (TarFormatError, EOFError) as exc:
        raise LayerwiseError(f"{what} is truncated or corrupt: {exc}") from exc
    except OSError as exc:
        raise LayerwiseError(f"{what} could not be read: {exc}") from exc
    if not reader.marked_end:
        scan.problems.append(UNMARKED_END)
    return scan


def hash_files_in(raw: BinaryIO, scan: LayerScan, wanted: set[int], what: str = "layer") -> None:
    """Hash the content of the scan's entries whose index is in `wanted` (a second, partial read)."""
    try:
        if readable_in_place(raw, scan, wanted):
            for _, entry in _each_in_place(raw, scan, wanted):
                entry.sha256, entry.private_key = _hash_exact(raw, entry)
            return
        _, _, tar_stream = open_uncompressed(raw, None, what=what, digests=False)
        reader = TarReader(ForwardReader(tar_stream))
        by_offset = {scan.entries[i].offset: scan.entries[i] for i in wanted}
        for member in reader:
            found = by_offset.get(reader.content_start)
            if found is not None and member.size == found.size:
                found.sha256, found.private_key = _hash_content(reader, member.size, found.path.endswith(KEY_SUFFIXES))
    except (TarFormatError, EOFError) as exc:
        raise LayerwiseError(f"{what} is truncated or corrupt: {exc}") from exc


def _hash_exact(raw: BinaryIO, entry: Entry) -> tuple[str, bool]:
    maybe_key = entry.path.endswith(KEY_SUFFIXES) and entry.size <= KEY_MAX_BYTES
    chunks = exact_chunks(raw, entry.size, lambda: TarFormatError(f"unexpected end of data in {entry.path}"))
    sha256, private_key, _ = content_digest(chunks, maybe_key)
    return sha256, private_key


def content_digest(chunks: Iterable[bytes], maybe_key: bool) -> tuple[str, bool, int]:
    """(sha256 of the chunks, whether they hold a PEM private key, their length in bytes).

    `maybe_key`: the file's name and size make a key plausible (only then is the content searched)."""
    digest = hashlib.sha256()
    private_key = False
    length = 0
    for chunk in chunks:
        digest.update(chunk)
        private_key = private_key or bool(maybe_key and PEM_PRIVATE_KEY.search(chunk))
        length += len(chunk)
    return digest.hexdigest(), private_key, length


def _read_entries(
    tar_stream: HashingReader,
    scan: LayerScan,
    index: int,
    total: int | None,
    progress: Progress | None,
    hash_files: bool = True,
) -> None:
    by_path: dict[str, Entry] = {}
    next_report = PROGRESS_STEP
    reader = TarReader(ForwardReader(tar_stream))
    for member in reader:
        entry = _entry_for(member, reader, scan, by_path, hash_files)
        if entry is not None:
            by_path[entry.path] = entry
            scan.entries.append(entry)
        if progress and tar_stream.count >= next_report:
            progress(index, tar_stream.count, total)
            next_report = tar_stream.count + PROGRESS_STEP
    if progress:
        progress(index, tar_stream.count, total)
    if not reader.marked_end:
        scan.problems.append(UNMARKED_END)


def _entry_for(
    member: TarMember, reader: TarReader, scan: LayerScan, by_path: dict[str, Entry], hash_files: bool = True
) -> Entry | None:
    name = member.name
    path, problem = clean_path(name)
    if problem:
        scan.problems.append(problem)
    if path is None:
        return None
    typeflag = member.typeflag
    kind = entry_kind(typeflag, path)
    if kind == "file":
        entry = Entry(path, kind, member.size, member.mode, member.uid, member.gid, "", None, typeflag)
        entry.offset = reader.content_start
        if member.sparse:
            scan.problems.append(f"sparse file {name!r} not hashed")
            entry.offset = -1
        elif hash_files:
            entry.sha256, entry.private_key = _hash_content(reader, member.size, path.endswith(KEY_SUFFIXES))
        return entry
    is_link = typeflag in ("1", "2") and kind not in ("whiteout", "opaque")
    entry = Entry(
        path, kind, 0, member.mode, member.uid, member.gid, member.linkname if is_link else "", None, typeflag
    )
    if kind == "hardlink":
        link_path, _ = clean_path(member.linkname)
        target = by_path.get(link_path or "")
        if target is not None:
            entry.sha256 = target.sha256
    return entry


def _hash_content(reader: TarReader, size: int, maybe_key: bool) -> tuple[str, bool]:
    """(sha256 of the content, whether it holds a PEM private key)."""
    sha256, private_key, _ = content_digest(chunks_of(reader.read_content), maybe_key and size <= KEY_MAX_BYTES)
    return sha256, private_key
