"""Images held by the Docker engine, by name or ID (never pulled).

Fast path: a local overlay2 engine whose store is readable is read in place (see overlay2.py).
Otherwise the engine's `docker save` stream is read once, as it arrives: each layer tar is
scanned on the fly and matched to the config by its computed diff_id, so nothing is written
to disk and memory holds only file lists.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from layerwise.errors import LayerwiseError
from layerwise.image.archive import pick_entry
from layerwise.image.model import MEDIA_DOCKER_LAYER, Image, ImageError, Layer, Progress, parse_json
from layerwise.image.overlay2 import Overlay2Store, overlay2_image
from layerwise.image.streams import CHUNK, ChunkStream, ForwardReader, sniff
from layerwise.image.tarscan import LayerScan, clean_path, scan_layer

if TYPE_CHECKING:
    import tarfile

SMALL_BLOB = 4 << 20


def engine_is_local() -> bool:
    host = os.environ.get("DOCKER_HOST", "")
    return not host or host.startswith("unix://")


def open_engine_image(name: str, progress: Progress | None = None, use_store: bool = True) -> Image:
    if use_store and engine_is_local():
        # The local engine's own index and layers, read in place: no API call, and no SDK to
        # load (requests and urllib3 alone take 0.1 s to import).
        store = Overlay2Store.of_running_engine()
        found = store.resolve(name) if store is not None else None
        if store is not None and found is not None:
            return overlay2_image(store, name, *found)
    import docker.errors  # the SDK loads only when the store cannot answer

    from layerwise.engine.client import connect

    client = connect()
    try:
        details = client.api.inspect_image(name)
    except docker.errors.ImageNotFound as exc:
        raise ImageError(f"no image {name!r} in the engine (layerwise never pulls)") from exc
    except docker.errors.APIError as exc:
        raise ImageError(f"the engine cannot inspect {name!r}: {exc.explanation or exc}") from exc
    image_id = str(details["Id"])
    tags = list(details.get("RepoTags") or [])
    if use_store and engine_is_local() and (details.get("GraphDriver") or {}).get("Name") == "overlay2":
        store = Overlay2Store(Path(client.info().get("DockerRootDir", "/var/lib/docker")))
        if store.readable():
            return overlay2_image(store, name, image_id, tags)
    return SaveStreamImage.read(client, name, image_id, tags, progress)


def _export_stream(client: Any, name: str) -> ChunkStream:
    """The engine's `docker save` tar of `name`, as a stream read as it arrives."""
    return ChunkStream(iter(client.api.get_image(name, chunk_size=CHUNK)))


class SaveStreamImage(Image):
    """An engine image read from its `docker save` stream in one pass; layers come pre-scanned."""

    scans: list[LayerScan]

    @classmethod
    def read(cls, client: Any, name: str, image_id: str, tags: list[str], progress: Progress | None) -> SaveStreamImage:
        import docker.errors

        try:
            stream = _export_stream(client, name)
            documents, scans_by_member, links = read_save_stream(cast(BinaryIO, stream), progress)
        except docker.errors.APIError as exc:
            raise ImageError(f"the engine cannot export {name!r}: {exc.explanation or exc}") from exc
        image = cls.from_parts(client, name, tags, documents, scans_by_member, links)
        image.claimed_id = image_id
        return image

    @classmethod
    def from_parts(
        cls,
        client: Any,
        name: str,
        tags: list[str],
        documents: dict[str, bytes],
        scans_by_member: dict[str, LayerScan],
        links: dict[str, str],
    ) -> SaveStreamImage:
        import json

        if "manifest.json" not in documents:
            raise ImageError(f"the engine's export of {name!r} has no manifest.json")
        entry = pick_entry(json.loads(documents["manifest.json"]), None, f"export of {name}")
        config_name = str(entry.get("Config"))
        if config_name not in documents:
            raise ImageError(f"the engine's export of {name!r} lacks its config {config_name}")
        config_bytes = documents[config_name]
        config = parse_json(config_bytes, f"config of {name}")
        diff_ids = list(config.get("rootfs", {}).get("diff_ids") or [])
        layer_names = [str(layer) for layer in entry.get("Layers") or []]
        scans, layers = [], []
        for index, (diff_id, member) in enumerate(zip(diff_ids, layer_names, strict=False)):
            scan = scans_by_member.get(links.get(member, member))
            if scan is None:
                raise ImageError(f"the engine's export of {name!r} lacks layer {member}")
            scans.append(scan)
            layers.append(
                Layer(
                    index=index,
                    diff_id=diff_id,
                    digest=f"sha256:{member.split('/')[2]}" if member.startswith("blobs/") else diff_id,
                    media_type=MEDIA_DOCKER_LAYER,
                    size=scan.stored_bytes,
                    opener=partial(_member_from_new_export, client, name, links.get(member, member)),
                )
            )
        image = cls(reference=name, source="engine", config_bytes=config_bytes, layers=layers, repo_tags=tags)
        image.scans = scans
        return image

    def scan_layers(self, progress: Progress | None = None, digests: bool = True, hash_files: str = "all") -> list[Any]:
        return list(self.scans)


def read_save_stream(
    stream: BinaryIO, progress: Progress | None = None
) -> tuple[dict[str, bytes], dict[str, LayerScan], dict[str, str]]:
    """(small JSON documents, layer scans by member name, symlinked members -> targets) of a save tar."""
    import tarfile  # only the export path reads a tar of tars

    documents: dict[str, bytes] = {}
    scans: dict[str, LayerScan] = {}
    links: dict[str, str] = {}
    try:
        with tarfile.open(fileobj=cast(BinaryIO, ForwardReader(stream)), mode="r:") as outer:
            while (member := outer.next()) is not None:
                forget_headers(outer)
                name, _ = clean_path(member.name)
                if name is None:
                    continue
                if member.issym():
                    base = name.rpartition("/")[0]
                    links[name] = clean_path(f"{base}/{member.linkname}")[0] or ""
                elif member.isfile():
                    content = outer.extractfile(member)
                    if content is not None:
                        _take_member(name, member.size, cast(BinaryIO, content), documents, scans, len(scans), progress)
    except (tarfile.TarError, EOFError) as exc:
        raise LayerwiseError(f"the image export is truncated or corrupt: {exc}") from exc
    return documents, scans, links


def _take_member(
    name: str,
    size: int,
    content: BinaryIO,
    documents: dict[str, bytes],
    scans: dict[str, LayerScan],
    count: int,
    progress: Progress | None,
) -> None:
    is_layer = name.endswith(".tar") or name.startswith("blobs/")
    if not is_layer or size <= SMALL_BLOB:
        data = content.read()
        if not is_layer or sniff(data[:512]) == "json":
            documents[name] = data
            return
        content = io.BytesIO(data)
    placeholder = Layer(count, "", name, MEDIA_DOCKER_LAYER, size, opener=lambda: None)
    scans[name] = scan_layer(content, placeholder, progress)


@contextmanager
def _member_from_new_export(client: Any, name: str, member_name: str) -> Iterator[BinaryIO]:
    """Re-export the image and stream one member of it (rarely needed: scans are kept)."""
    import tarfile  # only the export path reads a tar of tars

    stream = _export_stream(client, name)
    with tarfile.open(fileobj=cast(BinaryIO, ForwardReader(stream)), mode="r:") as outer:
        while (member := outer.next()) is not None:
            forget_headers(outer)
            if clean_path(member.name)[0] == member_name:
                content = outer.extractfile(member)
                if content is not None:
                    yield content  # type: ignore[misc]
                    return
    raise ImageError(f"layer {member_name} vanished from the export of {name!r}")


def forget_headers(tar: tarfile.TarFile) -> None:
    """Stream mode keeps every header it has read; drop them to keep memory flat."""
    tar.members = []  # type: ignore[attr-defined]


def find_base_image(diff_ids: list[str]) -> tuple[str, int] | None:
    """The engine image whose layers are the longest proper prefix of `diff_ids` (name, layer count).

    Matching layer lists (as ChainIDs do) is how to tell base layers from your own; dive instead
    assumes the base is layer 0. None when no engine answers or no local image is a prefix.
    """
    best: tuple[str, int] | None = None
    for name, layers in _tagged_images():
        count = len(layers)
        if 0 < count < len(diff_ids) and diff_ids[:count] == layers and (best is None or count > best[1]):
            best = (name, count)
    return best


def _tagged_images() -> Iterator[tuple[str, list[str]]]:
    """(tag, layer diff_ids) of the engine's tagged images: from the local store when readable."""
    from layerwise.errors import EngineUnavailable

    store = Overlay2Store.of_running_engine() if engine_is_local() else None
    index = store.tags() if store is not None else {}
    if store is not None and index:
        try:
            for tag, image_id in index.items():
                if "@" not in tag:
                    config = json.loads(store.config_bytes(image_id))
                    yield tag, list(config.get("rootfs", {}).get("diff_ids") or [])
            return
        except (OSError, ValueError, ImageError):
            pass  # not readable here: ask the engine
    from layerwise.engine.client import connect

    try:
        client = connect()
    except EngineUnavailable:
        return
    import docker.errors  # loaded by connect()

    try:
        for summary in client.api.images():
            tags = [tag for tag in summary.get("RepoTags") or [] if tag != "<none>:<none>"]
            if tags:
                details = client.api.inspect_image(summary["Id"])
                yield tags[0], list(details.get("RootFS", {}).get("Layers") or [])
    except (docker.errors.DockerException, OSError):
        return
