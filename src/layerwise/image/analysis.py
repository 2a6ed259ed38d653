"""What an image is made of and what it wastes: pure data over the layer scans.

Two views of waste sit side by side: dive's numbers (dive.py, reproduced exactly) and the truth
from applying the layers as the engine does (squash.py): every stored byte that the final
filesystem cannot reach is reclaimable, whether overwritten, deleted (files or whole
directories) or hidden by an opaque directory.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from layerwise.image.dive import DiveResult, dive_metrics
from layerwise.image.model import Image, Progress
from layerwise.image.security import SecurityFacts, security_facts
from layerwise.image.squash import Hidden, SquashTree
from layerwise.image.tarscan import LayerScan, clean_path

TOP = 10

# Package-manager leftovers: (category, path pattern, relative to the root).
LEFTOVERS: list[tuple[str, re.Pattern[str]]] = [
    ("apt-lists", re.compile(r"^var/lib/apt/lists/(?!lock$)(?!partial/?$)")),
    ("apt-cache", re.compile(r"^var/cache/apt/(?!archives/lock$)")),  # apt keeps its empty lock file
    ("apk-cache", re.compile(r"^(var/cache/apk|etc/apk/cache)/")),
    ("dnf-yum-cache", re.compile(r"^var/cache/(dnf|yum)/")),
    ("pip-cache", re.compile(r"^(root|home/[^/]+)/\.cache/pip/")),
    ("npm-cache", re.compile(r"^(root|home/[^/]+)/\.npm/")),
    ("yarn-cache", re.compile(r"^(usr/local/share/\.cache/yarn|(root|home/[^/]+)/\.cache/yarn)/")),
    ("downloaded-packages", re.compile(r"(^|/)[^/]+\.(deb|rpm)$")),
    (
        "downloaded-archives",
        re.compile(r"^(?!usr/|lib/|opt/[^/]+/lib/)(.*/)?[^/]+\.(tar\.gz|tgz|tar\.xz|tar\.bz2|zip)$"),
    ),
]

LEFTOVER_PREFIXES = ("var/lib/apt/lists/", "var/cache/", "etc/apk/cache/", "root/", "home/", "usr/local/share/.cache/")
LEFTOVER_SUFFIXES = (".deb", ".rpm", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".zip")


def might_be_leftover(path: str) -> bool:
    """A cheap filter before the patterns: most paths of an image are nowhere near a cache."""
    return path.startswith(LEFTOVER_PREFIXES) or path.endswith(LEFTOVER_SUFFIXES)


@dataclass
class FileSize:
    """A file and its size, and the layer that added it."""

    path: str
    size: int
    layer: int


@dataclass
class Leftover:
    """What one package manager left behind: bytes, files, layers and examples."""

    category: str
    bytes: int
    files: int
    layers: list[int]
    examples: list[str]


@dataclass
class DuplicateContent:
    """Identical content at several paths of the final filesystem."""

    sha256: str
    size: int  # of one copy
    paths: list[str]

    @property
    def wasted(self) -> int:
        return self.size * (len(self.paths) - 1)


@dataclass
class LayerReport:
    """One layer's line in the report: its digests, changes and largest files."""

    index: int
    digest: str
    diff_id: str
    media_type: str
    created_by: str
    size_bytes: int  # Σ file sizes (dive's layer size)
    tar_bytes: int | None
    stored_bytes: int | None
    files_added: int
    files_changed: int
    files_removed: int
    bytes_added: int
    bytes_changed: int
    bytes_removed: int
    reclaimable_bytes: int  # bytes this layer stored that later layers made unreachable
    largest_files: list[FileSize]


@dataclass
class Finding:
    """One fact about the image that deserves attention, with its severity."""

    id: str
    severity: str  # "info", "warning", "error"
    message: str
    path: str | None = None
    layer: int | None = None


@dataclass
class ImageAnalysis:
    """Everything `inspect` reports about one image."""

    reference: str
    source: str
    image_id: str
    size_bytes: int
    layers: list[LayerReport]
    dive: DiveResult
    reclaimable_bytes: int
    hidden: list[Hidden]  # largest first
    deleted_dirs: int
    duplicates: list[DuplicateContent]
    leftovers: list[Leftover]
    largest_files: list[FileSize]
    security: SecurityFacts
    findings: list[Finding] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    base_image: str | None = None  # the local image the bottom layers come from, when known
    base_layers: int = 1  # dive's assumption (layer 0) unless a base image was matched
    scans: list[LayerScan] = field(default_factory=list, repr=False)  # the raw file lists, for dive's JSON
    tree: SquashTree | None = field(default=None, repr=False)  # the squashed files, for comparing images

    @property
    def efficiency(self) -> float:
        return self.dive.efficiency

    @property
    def wasted_bytes(self) -> int:
        return self.dive.wasted_bytes

    @property
    def user_wasted_percent(self) -> float:
        return self.dive.user_wasted_percent

    @property
    def user_reclaimable_bytes(self) -> int:
        """Bytes stored by the image's own layers (above the base) that the final filesystem hides."""
        return sum(item.size for item in self.hidden if item.added_in >= self.base_layers)

    def metrics(self) -> dict[str, float]:
        """The numbers CI thresholds compare against."""
        return {
            "efficiency": self.efficiency,
            "wasted": float(self.wasted_bytes),
            "wasted_bytes": float(self.wasted_bytes),
            "reclaimable": float(self.reclaimable_bytes),
            "reclaimable_bytes": float(self.reclaimable_bytes),
            "user_reclaimable": float(self.user_reclaimable_bytes),
            "user_wasted_percent": self.user_wasted_percent,
            "size": float(self.size_bytes),
            "size_bytes": float(self.size_bytes),
            "duplicates": float(sum(d.wasted for d in self.duplicates)),
            "leftovers": float(sum(item.bytes for item in self.leftovers)),
        }


def analyze_image(image: Image, progress: Progress | None = None, base: tuple[str, int] | None = None) -> ImageAnalysis:
    """Read every layer once and analyse the image. `base`: (base image name, its layer count)."""
    with cycle_collection_paused():
        return analyze_scans(image, image.scan_layers(progress, digests=False, hash_files="duplicates"), base)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """The analysis makes ~10 objects per tar entry and no reference cycles: the cyclic garbage
    collector would only walk them again and again (about a tenth of the whole run)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyze_scans(image: Image, scans: list[LayerScan], base: tuple[str, int] | None = None) -> ImageAnalysis:
    tree = SquashTree()
    changes = [tree.apply(scan, index) for index, scan in enumerate(scans)]
    hidden = [item for change in changes for item in change.hidden]
    commands = {entry.layer_index: entry.created_by for entry in image.history() if entry.layer_index is not None}
    visible = sum(node.entry.size for _, node in tree.files() if node.entry)
    stored = sum(scan.file_bytes for scan in scans)
    analysis = ImageAnalysis(
        reference=image.reference,
        source=image.source,
        image_id=image.image_id,
        size_bytes=stored,
        layers=[
            _layer_report(image, index, scan, changes[index], hidden, commands.get(index, ""))
            for index, scan in enumerate(scans)
        ],
        dive=dive_metrics(scans),
        reclaimable_bytes=stored - visible,
        hidden=sorted(hidden, key=lambda item: item.size, reverse=True),
        deleted_dirs=sum(change.dirs_removed for change in changes),
        duplicates=find_duplicates(tree),
        leftovers=find_leftovers(tree),
        largest_files=largest_files(tree),
        security=security_facts(image.runtime, tree),
        history=[  # docker history's columns, oldest first, and the layer each entry made
            {
                "created": h.created,
                "created_by": h.created_by,
                "size_bytes": 0 if h.layer_index is None else scans[h.layer_index].file_bytes,
                "empty_layer": h.empty_layer,
                "comment": h.comment,
                "layer": h.layer_index,
            }
            for h in image.history()
        ],
    )
    analysis.scans, analysis.tree = scans, tree
    if base is not None:
        analysis.base_image, analysis.base_layers = base
    analysis.findings = findings_for(analysis, scans, changes, image.notes)
    return analysis


def _layer_report(
    image: Image, index: int, scan: LayerScan, change: Any, hidden: list[Hidden], command: str
) -> LayerReport:
    layer = image.layers[index]
    largest = heapq.nlargest(5, (e for e in scan.entries if e.kind == "file"), key=lambda e: e.size)
    return LayerReport(
        index=index,
        digest=layer.digest,
        diff_id=layer.diff_id,
        media_type=layer.media_type,
        created_by=command,
        size_bytes=scan.file_bytes,
        tar_bytes=scan.tar_bytes or None,  # None when read from a layer directory, not a tar
        stored_bytes=scan.stored_bytes or None,
        files_added=change.files_added,
        files_changed=change.files_changed,
        files_removed=change.files_removed,
        bytes_added=change.bytes_added,
        bytes_changed=change.bytes_changed,
        bytes_removed=change.bytes_removed,
        reclaimable_bytes=sum(item.size for item in hidden if item.added_in == index),
        largest_files=[FileSize("/" + e.path, e.size, index) for e in largest],  # ties keep tar order
    )


def largest_files(tree: SquashTree, top: int = TOP) -> list[FileSize]:
    files = ((path, node.layer, node.entry) for path, node in tree.files() if node.entry)
    largest = heapq.nlargest(top, files, key=lambda item: item[2].size)  # ties keep the walk order
    return [FileSize("/" + path, entry.size, layer) for path, layer, entry in largest]


def find_duplicates(tree: SquashTree, top: int = TOP) -> list[DuplicateContent]:
    """Identical content (sha256) at different paths of the final filesystem; hardlinks excluded."""
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, node in tree.files():
        entry = node.entry
        if entry and entry.kind == "file" and entry.size and entry.sha256:
            groups[entry.sha256].append(("/" + path, entry.size))
    duplicates = [
        DuplicateContent(digest, members[0][1], sorted(path for path, _ in members))
        for digest, members in groups.items()
        if len(members) > 1
    ]
    return sorted(duplicates, key=lambda d: d.wasted, reverse=True)[:top]


def find_leftovers(tree: SquashTree) -> list[Leftover]:
    found: dict[str, Leftover] = {}
    for path, node in tree.files():
        if node.entry is None or not might_be_leftover(path):
            continue
        for category, pattern in LEFTOVERS:
            if pattern.search(path):
                item = found.setdefault(category, Leftover(category, 0, 0, [], []))
                item.bytes += node.entry.size
                item.files += 1
                if node.layer not in item.layers:
                    item.layers.append(node.layer)
                if len(item.examples) < 3:
                    item.examples.append("/" + path)
                break
    return sorted(found.values(), key=lambda item: item.bytes, reverse=True)


def findings_for(
    analysis: ImageAnalysis, scans: list[LayerScan], changes: list[Any], notes: list[str]
) -> list[Finding]:
    found: list[Finding] = []
    security = analysis.security
    known_paths = {entry.path for scan in scans for entry in scan.entries if entry.kind == "file"}
    if security.runs_as_root:
        found.append(Finding("image.runs-as-root", "warning", "the image runs as root (config User is empty/0/root)"))
    for path in security.setuid_files:
        found.append(Finding("image.setuid", "info", f"setuid file {path}", path))
    for path in security.setgid_files:
        found.append(Finding("image.setgid", "info", f"setgid file {path}", path))
    for path in security.world_writable:
        found.append(Finding("image.world-writable", "warning", f"world-writable {path}", path))
    for path in security.secret_files:
        found.append(Finding("image.secret-file", "error", f"file that looks like a secret: {path}", path))
    for name in security.secret_env:
        found.append(Finding("image.secret-env", "error", f"environment variable {name} looks like a secret"))
    for item in analysis.leftovers:
        found.append(
            Finding("image.leftover", "warning", f"{item.category}: {item.files} files, {item.bytes} bytes left behind")
        )
    for index, (scan, change) in enumerate(zip(scans, changes, strict=True)):
        for problem in scan.problems:
            found.append(Finding("image.layer-problem", "warning", problem, layer=index))
        for path in change.dangling_whiteouts:
            message = f"whiteout for /{path}, which no lower layer has"
            found.append(Finding("image.dangling-whiteout", "info", message, "/" + path, index))
        for entry in scan.entries:
            if entry.kind == "hardlink" and entry.sha256 is None and clean_path(entry.linkname)[0] not in known_paths:
                message = f"hardlink /{entry.path} -> {entry.linkname} points to no file in its layer"
                found.append(Finding("image.hardlink-missing", "warning", message, "/" + entry.path, index))
    found.extend(Finding("image.note", "info", note) for note in notes)
    return found


def finite(value: float) -> float | None:
    """JSON has no NaN or infinity: dive's user_wasted_percent can be either."""
    return value if math.isfinite(value) else None
