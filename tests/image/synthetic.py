"""Build small image archives in every layout, in memory or under tmp_path, for the image tests."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

import zstandard

# A layer spec: (path, content) where content is bytes (file), None (dir), "->target" (symlink),
# "=>target" (hardlink); names may be whiteouts (.wh.x) or opaque markers (.wh..wh..opq).
LayerSpec = list[tuple[str, bytes | str | None]]


def layer_tar(spec: LayerSpec, modes: dict[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, content in spec:
            info = tarfile.TarInfo(path)
            info.mode = (modes or {}).get(path, 0o755 if content is None else 0o644)
            if content is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif isinstance(content, str) and content.startswith("->"):
                info.type, info.linkname = tarfile.SYMTYPE, content[2:]
                tar.addfile(info)
            elif isinstance(content, str) and content.startswith("=>"):
                info.type, info.linkname = tarfile.LNKTYPE, content[2:]
                tar.addfile(info)
            else:
                data = content.encode() if isinstance(content, str) else content
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def compress(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data, compresslevel=1)
    if how == "zstd":
        return zstandard.ZstdCompressor().compress(data)
    return data


@dataclass
class Built:
    config: bytes
    tars: list[bytes]

    @property
    def diff_ids(self) -> list[str]:
        return [sha(t) for t in self.tars]


def config_for(tars: list[bytes], history: list[dict[str, object]] | None = None, user: str = "", env=None) -> bytes:
    history = history or [{"created_by": f"/bin/sh -c step {i}"} for i in range(len(tars))]
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"User": user, "Env": env or ["PATH=/usr/bin"], "ExposedPorts": {"8080/tcp": {}}},
        "rootfs": {"type": "layers", "diff_ids": [sha(t) for t in tars]},
        "history": history,
    }
    return json.dumps(config).encode()


def build(specs: list[LayerSpec], **kwargs) -> Built:
    tars = [layer_tar(spec) for spec in specs]
    return Built(config_for(tars, **kwargs), tars)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def write_legacy_save(built: Built, path: Path, tag: str = "test:latest") -> Path:
    """Engine <= 24 layout; a repeated layer is written as a symlink, as moby does."""
    config_hex = hashlib.sha256(built.config).hexdigest()
    layers, seen = [], {}
    with tarfile.open(path, "w") as tar:
        for index, data in enumerate(built.tars):
            v1 = hashlib.sha256(f"v1-{index}".encode()).hexdigest()
            layers.append(f"{v1}/layer.tar")
            _add(tar, f"{v1}/VERSION", b"1.0")
            if sha(data) in seen:
                info = tarfile.TarInfo(f"{v1}/layer.tar")
                info.type, info.linkname = tarfile.SYMTYPE, f"../{seen[sha(data)]}/layer.tar"
                tar.addfile(info)
            else:
                seen[sha(data)] = v1
                _add(tar, f"{v1}/layer.tar", data)
        _add(tar, f"{config_hex}.json", built.config)
        manifest = [{"Config": f"{config_hex}.json", "RepoTags": [tag], "Layers": layers}]
        _add(tar, "manifest.json", json.dumps(manifest).encode())
    return path


def oci_blobs(built: Built, compression: str = "none") -> tuple[dict[str, bytes], bytes, bytes]:
    """(blobs by digest, manifest bytes, index bytes)."""
    blobs = {sha(built.config): built.config}
    suffix = {"none": "", "gzip": "+gzip", "zstd": "+zstd"}[compression]
    descriptors = []
    for data in built.tars:
        stored = compress(data, compression)
        blobs[sha(stored)] = stored
        descriptors.append(
            {"mediaType": f"application/vnd.oci.image.layer.v1.tar{suffix}", "digest": sha(stored), "size": len(stored)}
        )
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": sha(built.config),
                "size": len(built.config),
            },
            "layers": descriptors,
        }
    ).encode()
    blobs[sha(manifest)] = manifest
    index = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [
                {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": sha(manifest),
                    "size": len(manifest),
                    "annotations": {"org.opencontainers.image.ref.name": "latest"},
                    "platform": {"os": "linux", "architecture": "amd64"},
                }
            ],
        }
    ).encode()
    return blobs, manifest, index


def write_oci_dir(built: Built, root: Path, compression: str = "none") -> Path:
    blobs, _, index = oci_blobs(built, compression)
    (root / "blobs" / "sha256").mkdir(parents=True, exist_ok=True)
    for digest, data in blobs.items():
        (root / "blobs" / "sha256" / digest.split(":")[1]).write_bytes(data)
    (root / "index.json").write_bytes(index)
    (root / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
    return root


def write_oci_tar(built: Built, path: Path, compression: str = "none", docker_manifest: bool = False) -> Path:
    """An OCI layout in a tar; with docker_manifest, the Engine >= 25 `docker save` layout."""
    blobs, _, index = oci_blobs(built, compression)
    with tarfile.open(path, "w") as tar:
        for digest, data in blobs.items():
            _add(tar, f"blobs/sha256/{digest.split(':')[1]}", data)
        _add(tar, "index.json", index)
        _add(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        if docker_manifest:
            layers = [f"blobs/sha256/{sha(compress(t, compression)).split(':')[1]}" for t in built.tars]
            manifest = [
                {"Config": f"blobs/sha256/{sha(built.config).split(':')[1]}", "RepoTags": ["t:1"], "Layers": layers}
            ]
            _add(tar, "manifest.json", json.dumps(manifest).encode())
    return path
