"""Every source layout yields the same image and the same analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic import Built, oci_blobs, sha, write_oci_dir

from conftest import LAYOUTS, write_layout
from layerwise.image.analysis import analyze_image
from layerwise.image.model import ImageError
from layerwise.image.sources import open_image


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_the_same_image(edge: Built, layout: str, tmp_path: Path) -> None:
    path = write_layout(edge, layout, tmp_path)
    image = open_image(str(path))
    try:
        assert image.diff_ids == edge.diff_ids
        assert image.image_id == sha(edge.config)
        scans = image.scan_layers()
        assert [scan.diff_id for scan in scans] == edge.diff_ids
        analysis = analyze_image(image)
    finally:
        image.close()
    assert analysis.dive.wasted_bytes == 1_300_000
    assert analysis.reclaimable_bytes == 2_500_000
    assert analysis.size_bytes == 3_000_021


@pytest.mark.parametrize(
    ("prefix", "layout"), [("docker-archive:", "legacy"), ("oci:", "oci-dir-gzip"), ("oci-archive:", "oci-tar-zstd")]
)
def test_prefixes_pick_the_adapter(edge: Built, prefix: str, layout: str, tmp_path: Path) -> None:
    path = write_layout(edge, layout, tmp_path)
    image = open_image(prefix + str(path))
    assert image.diff_ids == edge.diff_ids
    image.close()


def test_oci_ref_name_selects_the_manifest(edge: Built, tmp_path: Path) -> None:
    root = write_oci_dir(edge, tmp_path / "oci")
    assert open_image(f"oci:{root}:latest").diff_ids == edge.diff_ids
    with pytest.raises(ImageError, match="no manifest named"):
        open_image(f"oci:{root}:nope")


def test_nested_index_and_attestations_are_followed(edge: Built, tmp_path: Path) -> None:
    root = write_oci_dir(edge, tmp_path / "oci", "gzip")
    _, manifest, _ = oci_blobs(edge, "gzip")
    attestation = {
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": sha(b"att"),
        "size": 3,
        "platform": {"os": "unknown", "architecture": "unknown"},
        "annotations": {"vnd.docker.reference.type": "attestation-manifest"},
    }
    inner = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [
                attestation,
                {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": sha(manifest),
                    "size": len(manifest),
                    "platform": {"os": "linux", "architecture": "amd64"},
                },
            ],
        }
    ).encode()
    (root / "blobs/sha256" / sha(inner).split(":")[1]).write_bytes(inner)
    outer = {
        "schemaVersion": 2,
        "manifests": [
            {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": sha(inner), "size": len(inner)}
        ],
    }
    (root / "index.json").write_text(json.dumps(outer))
    image = open_image(str(root))
    assert image.diff_ids == edge.diff_ids
    assert any("attestation" in note for note in image.notes)
    assert [layer.compression for layer in image.layers] == ["gzip"] * 3


def test_repeated_layer_symlink_in_legacy_save_is_read(tmp_path: Path) -> None:
    from synthetic import build, write_legacy_save

    same = [("a", b"x" * 1000)]
    built = build([same, [("b", b"y")], same])
    image = open_image(str(write_legacy_save(built, tmp_path / "dup.tar")))
    analysis = analyze_image(image)
    assert [layer.size_bytes for layer in analysis.layers] == [1000, 1, 1000]
    assert analysis.reclaimable_bytes == 1000


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="does not exist"):
        open_image(str(tmp_path / "nothing.tar"))


def test_the_store_resolves_names_and_ids_from_its_own_index(tmp_path: Path) -> None:
    from layerwise.image.overlay2 import Overlay2Store

    image_id = "sha256:" + "ab" * 32
    store = Overlay2Store(tmp_path)
    store.images.mkdir(parents=True)
    (store.images / image_id.removeprefix("sha256:")).write_text("{}")
    index = {
        "Repositories": {
            "debian": {"debian:bookworm": image_id, "debian@sha256:" + "cd" * 32: image_id},
            "127.0.0.1:5000/app": {"127.0.0.1:5000/app:latest": image_id},
        }
    }
    (tmp_path / "image" / "overlay2" / "repositories.json").write_text(json.dumps(index))
    tags = ["debian:bookworm", "127.0.0.1:5000/app:latest"]
    for name in (
        "debian:bookworm",
        "docker.io/library/debian:bookworm",
        "127.0.0.1:5000/app",
        "abababababab",
        image_id,
    ):
        assert store.resolve(name) == (image_id, tags), name
    for unknown in ("debian", "debian:trixie", "abab", "cdcdcdcdcdcd"):
        assert store.resolve(unknown) is None, unknown
    assert Overlay2Store(tmp_path / "nothing").resolve("debian:bookworm") is None


def test_the_store_answers_only_for_the_engine_that_runs_on_it(tmp_path: Path) -> None:
    import os

    from layerwise.image.overlay2 import Overlay2Store

    root = tmp_path / "docker"
    (root / "image" / "overlay2" / "imagedb" / "content" / "sha256").mkdir(parents=True)
    (root / "image" / "overlay2" / "layerdb" / "sha256" / "layer").mkdir(parents=True)
    pid_file, daemon_json = tmp_path / "docker.pid", tmp_path / "daemon.json"
    pid_file.write_text(str(os.getpid()))  # a live process whose command line sets no data root

    def store() -> Overlay2Store | None:
        return Overlay2Store.of_running_engine(root, pid_file, daemon_json)

    assert store() is not None
    daemon_json.write_text(json.dumps({"data-root": "/srv/docker"}))
    assert store() is None  # the engine keeps its images elsewhere: this store is stale
    daemon_json.write_text(json.dumps({"data-root": str(root)}))
    assert store() is not None
    for other in ({"storage-driver": "vfs"}, {"features": {"containerd-snapshotter": True}}):
        daemon_json.write_text(json.dumps(other))
        assert store() is None  # the engine keeps its images in another store
    daemon_json.write_text(json.dumps({"storage-driver": "overlay2"}))
    assert store() is not None
    pid_file.write_text("999999999")
    assert store() is None  # no engine runs


def test_a_storage_driver_on_the_command_line_is_read_in_every_spelling() -> None:
    from layerwise.image.overlay2 import _storage_driver

    for arguments, driver in (
        ([b"dockerd", b"--bridge=none"], None),
        ([b"dockerd", b"--storage-driver", b"vfs"], b"vfs"),
        ([b"dockerd", b"--storage-driver=overlay2"], b"overlay2"),
        ([b"dockerd", b"-s", b"btrfs"], b"btrfs"),
        ([b"dockerd", b"-svfs"], b"vfs"),
    ):
        assert _storage_driver(arguments) == driver, arguments
