"""`docker save` archives, both layouts, read in place:

- Engine <= 24: manifest.json + <config>.json + <v1id>/layer.tar (a repeated layer is a symlink);
- Engine >= 25: the same manifest.json pointing into an OCI layout (blobs/sha256/...).

A tar or directory with index.json but no manifest.json is a plain OCI layout.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from layerwise.image.model import MEDIA_DOCKER_LAYER, MEDIA_OCI_LAYER, Image, ImageError, layers_from_config
from layerwise.image.oci import _StoreImage, image_from_oci_store
from layerwise.image.stores import Store, open_store, read_small


def open_layout(path: Path, ref: str | None = None, prefer: str | None = None) -> Image:
    """An image from a docker-save archive or an OCI layout (file or directory)."""
    if not path.exists():
        raise ImageError(f"{path} does not exist")
    store = open_store(path)
    try:
        if prefer != "oci" and store.exists("manifest.json"):
            return image_from_docker_archive(store, str(path), ref)
        if store.exists("index.json"):
            return image_from_oci_store(store, str(path), ref)
    except BaseException:
        store.close()
        raise
    store.close()
    raise ImageError(f"{path}: neither a docker-save archive (manifest.json) nor an OCI layout (index.json)")


def pick_entry(entries: list[dict[str, Any]], ref: str | None, label: str) -> dict[str, Any]:
    if not entries:
        raise ImageError(f"{label}: manifest.json lists no image")
    if ref:
        for entry in entries:
            tags = entry.get("RepoTags") or []
            if ref in tags or any(tag.endswith(":" + ref) or tag.split(":")[0] == ref for tag in tags):
                return entry
        raise ImageError(f"{label}: no image tagged {ref!r} in the archive")
    return entries[0]


def image_from_docker_archive(store: Store, reference: str, ref: str | None = None) -> Image:
    import json

    try:
        entries = json.loads(read_small(store, "manifest.json"))
    except ValueError as exc:
        raise ImageError(f"{store.label}: manifest.json is not valid JSON") from exc
    if not isinstance(entries, list):
        raise ImageError(f"{store.label}: manifest.json is not a list")
    entry = pick_entry(entries, ref, store.label)
    config_name = str(entry.get("Config") or "")
    config_bytes = read_small(store, config_name)
    layer_names = [str(name) for name in entry.get("Layers") or []]
    descriptors, openers = [], []
    for name in layer_names:
        if not store.exists(name):
            raise ImageError(f"{store.label}: manifest.json names layer {name} but it is missing")
        descriptors.append(_descriptor(name, store))
        openers.append(partial(store.open, name))
    from layerwise.image.model import parse_json

    config = parse_json(config_bytes, f"{store.label}: {config_name}")
    layers = layers_from_config(config, descriptors, openers)  # legacy layer.tar: digest = diff_id
    return _StoreImage(
        reference=reference,
        source="docker-archive",
        config_bytes=config_bytes,
        config=config,
        layers=layers,
        repo_tags=list(entry.get("RepoTags") or []),
        claimed_id=_id_from_name(config_name),
        store=store,
    )


def _id_from_name(config_name: str) -> str | None:
    """Legacy archives name the config `<id>.json`; Engine >= 25 ones `blobs/sha256/<id>`."""
    hex_part = config_name.rsplit("/", 1)[-1].removesuffix(".json")
    return f"sha256:{hex_part}" if len(hex_part) == 64 else None


def _descriptor(name: str, store: Store) -> dict[str, Any]:
    if name.startswith("blobs/"):
        algorithm, hex_part = name.split("/")[1:3]
        return {"digest": f"{algorithm}:{hex_part}", "mediaType": MEDIA_OCI_LAYER, "size": store.size(name)}
    return {"digest": "", "mediaType": MEDIA_DOCKER_LAYER, "size": store.size(name)}
