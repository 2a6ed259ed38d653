"""OCI image layout (a directory or a tar): index.json -> (nested indexes) -> manifest -> blobs."""

from __future__ import annotations

import platform
from functools import partial
from typing import Any

from layerwise.image.model import Image, ImageError, layers_from_config, parse_json
from layerwise.image.stores import Store, read_small

INDEX_TYPES = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
}
MANIFEST_TYPES = {
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
}
REF_ANNOTATIONS = ("org.opencontainers.image.ref.name", "io.containerd.image.name")
MAX_INDEX_DEPTH = 8


def host_platform() -> tuple[str, str]:
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm"}.get(machine, machine)
    return "linux", arch


def blob_name(digest: str) -> str:
    algorithm, _, hex_part = digest.partition(":")
    if not hex_part or "/" in hex_part or ".." in hex_part:
        raise ImageError(f"malformed digest {digest!r}")
    return f"blobs/{algorithm}/{hex_part}"


def is_attestation(descriptor: dict[str, Any]) -> bool:
    annotations = descriptor.get("annotations") or {}
    plat = descriptor.get("platform") or {}
    return annotations.get("vnd.docker.reference.type") == "attestation-manifest" or (
        plat.get("os"),
        plat.get("architecture"),
    ) == ("unknown", "unknown")


def pick_manifest(descriptors: list[dict[str, Any]], ref: str | None, notes: list[str]) -> dict[str, Any] | None:
    """The descriptor to follow: the named ref, else the host platform, else the first image."""
    candidates = []
    for descriptor in descriptors:
        if is_attestation(descriptor):
            notes.append(f"skipped attestation manifest {descriptor.get('digest', '')[:19]}")
            continue
        candidates.append(descriptor)
    if ref:
        for descriptor in candidates:
            names = {(descriptor.get("annotations") or {}).get(key) for key in REF_ANNOTATIONS}
            if ref in names or any(name and name.endswith(":" + ref) for name in names):
                return descriptor
        raise ImageError(f"no manifest named {ref!r} in the layout")
    wanted = host_platform()
    for descriptor in candidates:
        plat = descriptor.get("platform")
        if plat and (plat.get("os"), plat.get("architecture")) == wanted:
            return descriptor
    return candidates[0] if candidates else None


def resolve_manifest(
    store: Store, index: dict[str, Any], ref: str | None, notes: list[str], depth: int = 0
) -> tuple[bytes, dict[str, Any], str]:
    """(manifest bytes, parsed manifest, the digest it was named by)."""
    if depth > MAX_INDEX_DEPTH:
        raise ImageError(f"{store.label}: indexes nested deeper than {MAX_INDEX_DEPTH}")
    descriptor = pick_manifest(list(index.get("manifests") or []), ref if depth == 0 else None, notes)
    if descriptor is None:
        raise ImageError(f"{store.label}: the index lists no image manifest")
    data = read_small(store, blob_name(str(descriptor.get("digest", ""))))
    document = parse_json(data, f"{store.label}: manifest {descriptor.get('digest')}")
    media_type = document.get("mediaType") or descriptor.get("mediaType")
    if media_type in INDEX_TYPES or ("manifests" in document and "layers" not in document):
        return resolve_manifest(store, document, None, notes, depth + 1)
    if media_type not in MANIFEST_TYPES and "layers" not in document:
        raise ImageError(f"{store.label}: unsupported manifest type {media_type!r}")
    return data, document, str(descriptor.get("digest", ""))


def image_from_oci_store(store: Store, reference: str, ref: str | None = None) -> Image:
    index = parse_json(read_small(store, "index.json"), f"{store.label}: index.json")
    notes: list[str] = []
    manifest_bytes, manifest, manifest_digest = resolve_manifest(store, index, ref, notes)
    config_descriptor = manifest.get("config") or {}
    config_bytes = read_small(store, blob_name(str(config_descriptor.get("digest", ""))))
    config = parse_json(config_bytes, f"{store.label}: image config")
    descriptors = list(manifest.get("layers") or [])
    openers = []
    for descriptor in descriptors:
        name = blob_name(str(descriptor.get("digest", "")))
        if not store.exists(name):
            raise ImageError(f"{store.label}: the manifest names layer blob {name} but it is missing")
        openers.append(partial(store.open, name))
    return _StoreImage(
        reference=reference,
        source="oci",
        config_bytes=config_bytes,
        config=config,
        layers=layers_from_config(config, descriptors, openers),
        manifest_bytes=manifest_bytes,
        manifest=manifest,
        manifest_digest=manifest_digest,
        notes=notes,
        store=store,
    )


class _StoreImage(Image):
    """An image whose blobs live in a store it must close."""

    def __init__(self, *, store: Store, **fields: Any) -> None:
        super().__init__(**fields)
        self.store = store

    def close(self) -> None:
        self.store.close()
