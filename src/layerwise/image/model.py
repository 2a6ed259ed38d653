"""The image protocol every source adapter produces (in the spirit of go-containerregistry's v1.Image).

An `Image` has its config (parsed and raw bytes), its manifest when the source has one, and its
layers in order. Each `Layer` can stream its stored blob and its uncompressed tar; nothing is
extracted to disk. Sources that can only be read in one pass (the engine's `docker save` stream)
override `scan_layers` so analysis still reads every byte exactly once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from layerwise.errors import LayerwiseError

# Called with (layer index, bytes read so far, total bytes or None) while layers are read.
Progress = Callable[[int, int, int | None], None]
BlobOpener = Callable[[], Any]  # returns a context manager yielding a binary stream

MEDIA_DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar"
MEDIA_OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"


class ImageError(LayerwiseError):
    """An image that cannot be read: missing, malformed, or inconsistent."""


@dataclass
class Layer:
    """One layer as the image lists it, with a way to open its stored blob."""

    index: int
    diff_id: str  # sha256 of the uncompressed tar, from the config's rootfs
    digest: str  # digest of the blob as stored (equals diff_id for uncompressed blobs)
    media_type: str
    size: int | None  # stored size in bytes, when the source knows it
    opener: BlobOpener = field(repr=False, compare=False)

    @property
    def compression(self) -> str:
        if self.media_type.endswith(("gzip", "+gzip")):
            return "gzip"
        if self.media_type.endswith("zstd"):
            return "zstd"
        return "none"

    @contextmanager
    def open_blob(self) -> Iterator[BinaryIO]:
        """The blob exactly as stored (possibly compressed)."""
        with self.opener() as stream:
            yield stream

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """The uncompressed tar content, decompressed while it is read."""
        from layerwise.image.streams import open_uncompressed

        with self.open_blob() as raw:
            _, _, tar_stream = open_uncompressed(raw, self.size, what=f"layer {self.index}")
            yield tar_stream  # type: ignore[misc]


@dataclass
class HistoryEntry:
    """One `docker history` row, tied to the layer it made (None for an empty layer)."""

    created_by: str
    empty_layer: bool
    created: str = ""
    comment: str = ""
    author: str = ""
    layer_index: int | None = None  # the layer it made, if any


@dataclass
class Image:
    """An image from any source: its config, layers and history, read the same way."""

    reference: str
    source: str  # "engine", "docker-archive", "oci", "registry"
    config_bytes: bytes
    layers: list[Layer]
    manifest_bytes: bytes | None = None
    config: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] | None = None
    repo_tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # oddities met while reading (skipped attestations, ...)
    claimed_id: str | None = None  # the image ID the source names it by (engine ID, archive config name)
    manifest_digest: str | None = None  # the digest the manifest was fetched by (OCI index, registry)

    def __post_init__(self) -> None:
        if not self.config:
            self.config = parse_json(self.config_bytes, f"{self.reference}: image config")
        if self.manifest is None and self.manifest_bytes:
            self.manifest = parse_json(self.manifest_bytes, f"{self.reference}: manifest")

    @property
    def image_id(self) -> str:
        """The Docker image ID: sha256 of the config bytes."""
        return "sha256:" + hashlib.sha256(self.config_bytes).hexdigest()

    @property
    def diff_ids(self) -> list[str]:
        return list(self.config.get("rootfs", {}).get("diff_ids") or [])

    @property
    def runtime(self) -> dict[str, Any]:
        """The container config (`config` key): User, Env, ExposedPorts, Cmd, ..."""
        return dict(self.config.get("config") or {})

    def history(self) -> list[HistoryEntry]:
        """History entries oldest first; the k-th non-empty one gets layer k (as Docker and dive do)."""
        entries: list[HistoryEntry] = []
        next_layer = 0
        for raw in self.config.get("history") or []:
            empty = bool(raw.get("empty_layer"))
            index = None
            if not empty and next_layer < len(self.layers):
                index = next_layer
                next_layer += 1
            entries.append(
                HistoryEntry(
                    created_by=str(raw.get("created_by", "")),
                    empty_layer=empty,
                    created=str(raw.get("created", "")),
                    comment=str(raw.get("comment", "")),
                    author=str(raw.get("author", "")),
                    layer_index=index,
                )
            )
        return entries

    def scan_layers(self, progress: Progress | None = None, digests: bool = True, hash_files: str = "all") -> list[Any]:
        """Every layer's `LayerScan`, in layer order; identical layers are read once.

        digests=False skips hashing whole blobs. hash_files="all" hashes every file's content;
        "duplicates" first reads headers only, then hashes just the files that could be copies of
        another (same size and first 4 KB) or key files: far less reading, same duplicate findings.
        """
        from layerwise.image.tarscan import duplicate_candidates, hash_files_in, same_prefix, scan_layer

        by_diff_id: dict[str, Any] = {}
        first = hash_files == "all"
        for layer in self.layers:
            if layer.diff_id not in by_diff_id:
                with layer.open_blob() as raw:
                    by_diff_id[layer.diff_id] = scan_layer(raw, layer, progress, digests, hash_files=first)
        scans = [by_diff_id[layer.diff_id] for layer in self.layers]
        if not first:
            unique = {id(scan): (layer, scan) for layer, scan in zip(self.layers, scans, strict=True)}
            layers, unique_scans = [layer for layer, _ in unique.values()], [scan for _, scan in unique.values()]
            wanted = duplicate_candidates(unique_scans)
            prefixes = [
                _prefixes(layer, scan, chosen) for layer, scan, chosen in zip(layers, unique_scans, wanted, strict=True)
            ]
            for layer, scan, chosen in zip(
                layers, unique_scans, same_prefix(unique_scans, wanted, prefixes), strict=True
            ):
                if chosen:
                    with layer.open_blob() as raw:
                        hash_files_in(raw, scan, chosen, what=f"layer {layer.index}")
        return scans

    def close(self) -> None:
        """Release files or connections the source holds."""


def _prefixes(layer: Layer, scan: Any, chosen: set[int]) -> dict[int, bytes] | None:
    """The first bytes of the chosen files (tarscan.same_prefix); None for a compressed layer,
    which is not read a second time for them."""
    from layerwise.image.tarscan import read_prefixes

    if not chosen:
        return {}
    if scan.compression != "tar":
        return None
    with layer.open_blob() as raw:
        return read_prefixes(raw, scan, chosen)


def parse_json(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImageError(f"{what} is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ImageError(f"{what} is not a JSON object")
    return value


def layers_from_config(
    config: dict[str, Any],
    descriptors: list[dict[str, Any]],
    openers: Sequence[BlobOpener],
) -> list[Layer]:
    """Pair the config's diff_ids with stored blobs, checking that the counts agree."""
    diff_ids = list(config.get("rootfs", {}).get("diff_ids") or [])
    if len(diff_ids) != len(descriptors):
        raise ImageError(f"the config lists {len(diff_ids)} layers but the manifest has {len(descriptors)}")
    layers = []
    for index, (diff_id, descriptor, opener) in enumerate(zip(diff_ids, descriptors, openers, strict=True)):
        layers.append(
            Layer(
                index=index,
                diff_id=diff_id,
                digest=str(descriptor.get("digest") or diff_id),
                media_type=str(descriptor.get("mediaType") or MEDIA_DOCKER_LAYER),
                size=descriptor.get("size"),
                opener=opener,
            )
        )
    return layers
