"""The variants against the real engine: the slim variant of the seed example builds and runs."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docker
import pytest
from variant_helpers import FIXTURES, load

from layerwise.variant import alpine_variant, slim_variant

# A stand-in for youtube-dl, served on 127.0.0.1 because no other host is reachable.
TOOL = '#!/usr/bin/env python3\nimport sys\nprint("youtube-dl 2021.12.17 (layerwise stand-in)", sys.argv[1:])\n'


@contextmanager
def serve_tool(directory: Path) -> Iterator[str]:
    (directory / "youtube-dl").write_text(TOOL, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/youtube-dl"
    finally:
        server.shutdown()
        server.server_close()


def _build(engine: docker.DockerClient, context: Path, text: str, url: str, tag: str) -> str:
    (context / "Dockerfile").write_text(text, encoding="utf-8")
    image, _ = engine.images.build(
        path=str(context), tag=tag, buildargs={"TOOL_URL": url}, network_mode="host", rm=True, forcerm=True
    )
    assert image.id is not None
    return image.id


@pytest.mark.integration
def test_slim_variant_of_the_seed_builds_and_runs(engine: docker.DockerClient, tmp_path: Path) -> None:
    variant = slim_variant(load("seed_debian.Dockerfile"))
    assert "FROM debian:bookworm-slim\n" in variant.text
    serve_dir, slim_dir, full_dir = (tmp_path / d for d in ("serve", "slim", "full"))
    for directory in (serve_dir, slim_dir, full_dir):
        directory.mkdir()
    tags = ("layerwise-test-variant-slim:latest", "layerwise-test-variant-full:latest")
    try:
        with serve_tool(serve_dir) as url:
            slim_id = _build(engine, slim_dir, variant.text, url, tags[0])
            full_id = _build(engine, full_dir, (FIXTURES / "seed_debian.Dockerfile").read_text(), url, tags[1])
        output = engine.containers.run(slim_id, ["--version"], remove=True)
        assert b"youtube-dl" in output and b"--version" in output
        user = engine.containers.run(slim_id, entrypoint=["id", "-un"], remove=True)
        assert user.strip() == b"app"
        slim_size = engine.images.get(slim_id).attrs["Size"]
        full_size = engine.images.get(full_id).attrs["Size"]
        print(f"seed image: full {full_size / 1e6:.1f} MB, slim variant {slim_size / 1e6:.1f} MB")
        assert slim_size < full_size
    finally:
        for tag in tags:
            try:
                engine.images.remove(tag, force=True)
            except docker.errors.ImageNotFound:
                pass


@pytest.mark.integration
def test_alpine_variant_builds_when_an_alpine_image_exists(engine: docker.DockerClient, tmp_path: Path) -> None:
    if not engine.images.list(name="alpine"):
        pytest.skip("no alpine image on this engine (no registry to pull one, no Alpine repository for apk)")
    variant = alpine_variant(load("seed_debian.Dockerfile"), alpine_version=_local_alpine_tag(engine))
    with serve_tool(tmp_path) as url:
        image_id = _build(engine, tmp_path, variant.text, url, "layerwise-test-variant-alpine:latest")
    try:
        output = engine.containers.run(image_id, ["--version"], remove=True)
        assert b"youtube-dl" in output
    finally:
        engine.images.remove(image_id, force=True)


def _local_alpine_tag(engine: docker.DockerClient) -> str:
    tags = [t for image in engine.images.list(name="alpine") for t in image.tags]
    return tags[0].partition(":")[2] if tags else "latest"
