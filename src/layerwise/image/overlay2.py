"""Read layers straight from a local engine's overlay2 store, without `docker save`.

The engine keeps, per layer, the extracted files (overlay2/<cache-id>/diff) and a tar-split
record (layerdb/sha256/<chain-id>/tar-split.json.gz): the exact tar headers and padding, with
file entries in between. Replaying that record with the files' bytes reproduces the layer tar
byte for byte (so its sha256 is the diff_id), which is how the engine itself exports layers.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from layerwise.image.model import MEDIA_DOCKER_LAYER, Image, ImageError, Layer, Progress
from layerwise.image.streams import ChunkStream, exact_chunks
from layerwise.image.tarscan import clean_path

SEGMENT = 2
FILE = 1


def chain_ids(diff_ids: list[str]) -> list[str]:
    """ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))."""
    chains: list[str] = []
    for diff_id in diff_ids:
        if not chains:
            chains.append(diff_id)
        else:
            chains.append("sha256:" + hashlib.sha256(f"{chains[-1]} {diff_id}".encode()).hexdigest())
    return chains


DEFAULT_ROOT = Path("/var/lib/docker")
_HEX = frozenset("0123456789abcdef")


class Overlay2Store:
    def __init__(self, docker_root: Path = DEFAULT_ROOT) -> None:
        self.root = docker_root
        self.images = docker_root / "image" / "overlay2" / "imagedb" / "content" / "sha256"
        self.layerdb = docker_root / "image" / "overlay2" / "layerdb" / "sha256"
        self.overlay = docker_root / "overlay2"

    @classmethod
    def of_running_engine(
        cls,
        root: Path = DEFAULT_ROOT,
        pid_file: Path = Path("/var/run/docker.pid"),
        daemon_json: Path = Path("/etc/docker/daemon.json"),
    ) -> Overlay2Store | None:
        """The default store, when the engine running on this machine uses it: its pid file names
        a live dockerd whose command line and /etc/docker/daemon.json set no other data root, no
        other storage driver and no containerd image store (a stale /var/lib/docker/image/overlay2
        from another setup must not answer for the engine)."""
        try:
            pid = pid_file.read_text().strip()
            arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        if any(a.startswith((b"--data-root", b"--graph", b"-g")) for a in arguments):
            return None
        if _storage_driver(arguments) not in (None, b"overlay2"):
            return None
        try:
            settings = json.loads(daemon_json.read_text())
        except FileNotFoundError:
            settings = {}
        except (OSError, ValueError):
            return None
        if not isinstance(settings, dict):
            return None
        configured = settings.get("data-root") or settings.get("graph")
        if configured and Path(configured) != root:
            return None
        if settings.get("storage-driver", "overlay2") != "overlay2":
            return None
        if (settings.get("features") or {}).get("containerd-snapshotter"):
            return None
        store = cls(root)
        return store if store.readable() else None

    def tags(self) -> dict[str, str]:
        """Every `name:tag` (and `name@digest`) the engine knows -> image ID, from its own index."""
        try:
            index = json.loads((self.root / "image" / "overlay2" / "repositories.json").read_text())
        except (OSError, ValueError):
            return {}
        return {tag: image_id for tags in (index.get("Repositories") or {}).values() for tag, image_id in tags.items()}

    def resolve(self, name: str) -> tuple[str, list[str]] | None:
        """(image ID, its tags) for a name or ID the way `docker inspect` takes it, read from the
        store's own index without asking the engine; None when the store cannot tell."""
        tags = self.tags()
        image_id = tags.get(_familiar(name)) or self._by_id(name)
        if image_id is None:
            return None
        return image_id, [tag for tag, target in tags.items() if target == image_id and "@" not in tag]

    def _by_id(self, name: str) -> str | None:
        hex_part = name.removeprefix("sha256:")
        if len(hex_part) < 12 or not set(hex_part) <= _HEX:
            return None
        try:
            matches = [p.name for p in self.images.iterdir() if p.name.startswith(hex_part)]
        except OSError:
            return None
        return "sha256:" + matches[0] if len(matches) == 1 else None

    def readable(self) -> bool:
        try:
            return self.images.is_dir() and self.layerdb.is_dir() and any(self.layerdb.iterdir())
        except OSError:
            return False

    def config_bytes(self, image_id: str) -> bytes:
        path = self.images / image_id.removeprefix("sha256:")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ImageError(f"cannot read image config {path}: {exc}") from exc

    def layer_dirs(self, chain_id: str) -> tuple[Path, Path]:
        """(tar-split record, diff directory) of a layer."""
        record = self.layerdb / chain_id.removeprefix("sha256:")
        try:
            cache_id = (record / "cache-id").read_text().strip()
        except OSError as exc:
            raise ImageError(f"layer {chain_id[:19]} is not in the overlay2 store: {exc}") from exc
        return record / "tar-split.json.gz", self.overlay / cache_id / "diff"


class TarSplitReader(ChunkStream):
    """Replays a tar-split record against a diff directory as one tar byte stream."""

    def __init__(self, record: Path, diff_dir: Path) -> None:
        self.record = record
        self.diff_dir = diff_dir.resolve()
        super().__init__(self._chunks())

    def _chunks(self) -> Iterator[bytes]:
        try:
            with gzip.open(self.record, "rt", encoding="utf-8") as lines:
                for line in lines:
                    entry = json.loads(line)
                    if entry.get("type") == SEGMENT:
                        yield base64.b64decode(entry.get("payload") or "")
                    elif entry.get("type") == FILE and entry.get("size"):
                        yield from self._file_bytes(entry)
        except (OSError, ValueError) as exc:
            raise ImageError(f"cannot replay layer record {self.record}: {exc}") from exc

    def _file_bytes(self, entry: dict[str, object]) -> Iterator[bytes]:
        raw_name = entry.get("name_raw")
        name = base64.b64decode(str(raw_name)).decode("utf-8", "surrogateescape") if raw_name else str(entry["name"])
        clean, _ = clean_path(name)
        if clean is None:
            raise ImageError(f"layer record {self.record} names {name!r} outside the layer")
        path = self.diff_dir / clean
        with path.open("rb") as content:
            yield from exact_chunks(
                content,
                int(str(entry["size"])),
                lambda: ImageError(f"{path} is shorter than its tar-split record says"),
            )


class Overlay2Image(Image):
    """An engine image read in place. Analysis walks the layer directories (no tar at all);
    digest checks replay each layer's exact tar from its tar-split record."""

    diff_dirs: list[Path]

    def scan_layers(self, progress: Progress | None = None, digests: bool = True, hash_files: str = "all") -> list[Any]:
        from layerwise.image.dirscan import (
            hash_directory_files,
            read_directory_prefixes,
            scan_directory,
            xattrs_readable,
        )
        from layerwise.image.tarscan import duplicate_candidates, same_prefix

        if digests or not self.diff_dirs or not xattrs_readable(self.diff_dirs[0]):
            return super().scan_layers(progress, digests, hash_files)
        first = hash_files == "all"
        by_dir: dict[Path, Any] = {}
        for index, diff_dir in enumerate(self.diff_dirs):
            if diff_dir not in by_dir:
                by_dir[diff_dir] = scan_directory(diff_dir, index, progress, hash_files=first)
        if not first:
            dirs = list(by_dir)
            scans = [by_dir[d] for d in dirs]
            wanted = duplicate_candidates(scans)
            prefixes: list[dict[int, bytes] | None] = [
                read_directory_prefixes(d, scan, chosen) for d, scan, chosen in zip(dirs, scans, wanted, strict=True)
            ]
            for diff_dir, chosen in zip(dirs, same_prefix(scans, wanted, prefixes), strict=True):
                hash_directory_files(diff_dir, by_dir[diff_dir], chosen)
        return [by_dir[diff_dir] for diff_dir in self.diff_dirs]


def _storage_driver(arguments: list[bytes]) -> bytes | None:
    """The driver dockerd's command line names (`--storage-driver X`, `--storage-driver=X`, `-s X`)."""
    for index, argument in enumerate(arguments):
        if argument in (b"--storage-driver", b"-s"):
            return arguments[index + 1] if index + 1 < len(arguments) else b""
        if argument.startswith(b"--storage-driver="):
            return argument.partition(b"=")[2]
        if argument.startswith(b"-s"):
            return argument[2:].lstrip(b"=")
    return None


def _familiar(name: str) -> str:
    """`docker.io/library/debian` -> `debian:latest`, as the engine's index spells names."""
    name = name.removeprefix("docker.io/").removeprefix("index.docker.io/").removeprefix("library/")
    if "@" not in name and ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    return name


def overlay2_image(store: Overlay2Store, reference: str, image_id: str, repo_tags: list[str]) -> Image:
    config_bytes = store.config_bytes(image_id)
    image = Overlay2Image(
        reference=reference,
        source="engine",
        config_bytes=config_bytes,
        layers=[],
        repo_tags=repo_tags,
        claimed_id=image_id,
    )
    image.diff_dirs = []
    for index, (diff_id, chain_id) in enumerate(zip(image.diff_ids, chain_ids(image.diff_ids), strict=True)):
        record, diff_dir = store.layer_dirs(chain_id)
        image.diff_dirs.append(diff_dir)
        image.layers.append(
            Layer(
                index=index,
                diff_id=diff_id,
                digest=diff_id,
                media_type=MEDIA_DOCKER_LAYER,
                size=None,
                opener=partial(_replay, record, diff_dir),
            )
        )
    return image


@contextmanager
def _replay(record: Path, diff_dir: Path) -> Iterator[BinaryIO]:
    if not record.is_file():
        raise ImageError(f"layer record {record} is missing")
    yield TarSplitReader(record, diff_dir)  # type: ignore[misc]
