"""Compare two images: files added, removed and changed in the squashed filesystems, size change
per directory, shared layers, and the runtime config (user, ports, entrypoint)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from layerwise.image.model import Image, Progress
from layerwise.image.squash import SquashTree
from layerwise.image.tarscan import Entry

DIR_DEPTH = 3
TOP_DIRS = 20


@dataclass
class FileChange:
    path: str
    size_a: int | None  # None when absent from A
    size_b: int | None
    kind: str  # added, removed, changed
    what: list[str] = field(default_factory=list)  # for changes: content, mode, owner, type, link


@dataclass
class DirChange:
    path: str
    bytes_a: int
    bytes_b: int

    @property
    def delta(self) -> int:
        return self.bytes_b - self.bytes_a


@dataclass
class ImageDiff:
    reference_a: str
    reference_b: str
    size_a: int
    size_b: int
    added: list[FileChange]
    removed: list[FileChange]
    changed: list[FileChange]
    directories: list[DirChange]  # largest |delta| first
    layers_a: list[str]  # diff_ids
    layers_b: list[str]
    shared_prefix_layers: int  # how many bottom layers are identical (same base)
    config_changes: dict[str, tuple[object, object]]  # key -> (A value, B value)

    @property
    def size_delta(self) -> int:
        return self.size_b - self.size_a


def squash(image: Image, progress: Progress | None = None) -> SquashTree:
    tree = SquashTree()
    for index, scan in enumerate(image.scan_layers(progress, digests=False)):
        tree.apply(scan, index)
    return tree


def file_map(tree: SquashTree) -> dict[str, Entry]:
    return {path: node.entry for path, node in tree.files() if node.entry is not None}


def entry_differences(a: Entry, b: Entry) -> list[str]:
    what = []
    if a.kind != b.kind:
        what.append("type")
    if a.size != b.size or (a.sha256 and b.sha256 and a.sha256 != b.sha256):
        what.append("content")
    if (a.mode & 0o7777) != (b.mode & 0o7777):
        what.append("mode")
    if (a.uid, a.gid) != (b.uid, b.gid):
        what.append("owner")
    if a.linkname != b.linkname:
        what.append("link")
    return what


def directory_sizes(files: dict[str, Entry], depth: int = DIR_DEPTH) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for path, entry in files.items():
        parts = path.split("/")[:-1]
        for level in range(1, min(depth, len(parts)) + 1):
            sizes["/" + "/".join(parts[:level])] += entry.size
    return sizes


def shared_prefix(a: list[str], b: list[str]) -> int:
    count = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        count += 1
    return count


CONFIG_KEYS = ("User", "Entrypoint", "Cmd", "WorkingDir", "ExposedPorts", "Env", "Volumes", "Labels", "StopSignal")


def diff_images(a: Image, b: Image, progress: Progress | None = None) -> ImageDiff:
    files_a, files_b = file_map(squash(a, progress)), file_map(squash(b, progress))
    added = [FileChange("/" + p, None, e.size, "added") for p, e in files_b.items() if p not in files_a]
    removed = [FileChange("/" + p, e.size, None, "removed") for p, e in files_a.items() if p not in files_b]
    changed = []
    for path in files_a.keys() & files_b.keys():
        what = entry_differences(files_a[path], files_b[path])
        if what:
            changed.append(FileChange("/" + path, files_a[path].size, files_b[path].size, "changed", what))
    dirs_a, dirs_b = directory_sizes(files_a), directory_sizes(files_b)
    directories = [DirChange(d, dirs_a.get(d, 0), dirs_b.get(d, 0)) for d in dirs_a.keys() | dirs_b.keys()]
    directories = [d for d in directories if d.delta]
    runtime_a, runtime_b = a.runtime, b.runtime
    return ImageDiff(
        reference_a=a.reference,
        reference_b=b.reference,
        size_a=sum(e.size for e in files_a.values()),
        size_b=sum(e.size for e in files_b.values()),
        added=sorted(added, key=lambda c: (-(c.size_b or 0), c.path)),
        removed=sorted(removed, key=lambda c: (-(c.size_a or 0), c.path)),
        changed=sorted(changed, key=lambda c: c.path),
        directories=sorted(directories, key=lambda d: (-abs(d.delta), d.path))[:TOP_DIRS],
        layers_a=a.diff_ids,
        layers_b=b.diff_ids,
        shared_prefix_layers=shared_prefix(a.diff_ids, b.diff_ids),
        config_changes={
            key: (runtime_a.get(key), runtime_b.get(key))
            for key in CONFIG_KEYS
            if runtime_a.get(key) != runtime_b.get(key)
        },
    )
