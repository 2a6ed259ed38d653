"""The registry adapter against a tiny distribution-API server on 127.0.0.1 (anonymous, basic, bearer)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from synthetic import Built, oci_blobs

from layerwise.image.analysis import analyze_image
from layerwise.image.model import ImageError
from layerwise.image.registry import parse_reference
from layerwise.image.sources import open_image
from layerwise.image.verify import verify_digests

USER, PASSWORD, TOKEN = "ci", "s3cret", "tok-123"


def serve(blobs: dict[str, bytes], manifest: bytes, auth: str) -> ThreadingHTTPServer:
    basic = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def reply(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(code)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            given = self.headers.get("Authorization", "")
            port = self.server.server_address[1]
            if self.path.startswith("/token"):
                ok = given == basic
                return self.reply(200 if ok else 401, json.dumps({"token": TOKEN}).encode() if ok else b"")
            if auth == "basic" and given != basic:
                return self.reply(401, headers={"WWW-Authenticate": 'Basic realm="test"'})
            if auth == "bearer" and given != f"Bearer {TOKEN}":
                challenge = f'Bearer realm="http://127.0.0.1:{port}/token",service="test"'
                return self.reply(401, headers={"WWW-Authenticate": challenge})
            if self.path.endswith("/manifests/v1"):
                media = "application/vnd.oci.image.manifest.v1+json"
                return self.reply(200, manifest, {"Content-Type": media})
            digest = self.path.rsplit("/", 1)[-1]
            if "/blobs/" in self.path and digest in blobs:
                return self.reply(200, blobs[digest])
            return self.reply(404)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    config = tmp_path / "docker-config"
    config.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    yield config


@pytest.mark.parametrize("auth", ["anonymous", "basic", "bearer"])
def test_registry_image_reads_like_the_others(edge: Built, auth: str, docker_config: Path) -> None:
    blobs, manifest, _ = oci_blobs(edge, "gzip")
    server = serve(blobs, manifest, auth)
    port = server.server_address[1]
    credentials = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    (docker_config / "config.json").write_text(json.dumps({"auths": {f"127.0.0.1:{port}": {"auth": credentials}}}))
    try:
        image = open_image(f"registry:127.0.0.1:{port}/team/app:v1")
        assert image.diff_ids == edge.diff_ids and image.source == "registry"
        assert verify_digests(image).ok
        assert analyze_image(image).reclaimable_bytes == 2_500_000
    finally:
        server.shutdown()


def test_missing_credentials_are_a_clear_error(edge: Built, docker_config: Path) -> None:
    blobs, manifest, _ = oci_blobs(edge)
    server = serve(blobs, manifest, "basic")
    try:
        with pytest.raises(ImageError, match="credentials"):
            open_image(f"registry:127.0.0.1:{server.server_address[1]}/app:v1")
    finally:
        server.shutdown()


def test_unreachable_registry_is_a_clear_error() -> None:
    with pytest.raises(ImageError, match=r"^registry 127.0.0.1:9 does not answer \(Connection refused\)$"):
        open_image("registry:127.0.0.1:9/app:v1")


def test_a_missing_tag_is_named(edge: Built) -> None:
    blobs, manifest, _ = oci_blobs(edge)
    server = serve(blobs, manifest, "none")
    port = server.server_address[1]
    try:
        with pytest.raises(ImageError, match=rf"^registry 127.0.0.1:{port}: app manifest v2: HTTP 404 Not Found$"):
            open_image(f"registry:127.0.0.1:{port}/app:v2")
    finally:
        server.shutdown()


def test_reference_parsing() -> None:
    expected = ("registry-1.docker.io", "library/debian", "latest")
    for text in ("debian", "docker.io/library/debian:latest"):
        ref = parse_reference(text)
        assert (ref.host, ref.repository, ref.ref) == expected
    ref = parse_reference("127.0.0.1:5000/a/b@sha256:abc")
    assert (ref.host, ref.repository, ref.ref) == ("127.0.0.1:5000", "a/b", "sha256:abc")
    assert parse_reference("localhost:5000/x:1").base_url == "http://localhost:5000/v2/x"
