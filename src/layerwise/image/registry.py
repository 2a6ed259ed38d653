"""Images in a registry, over the OCI distribution API (anonymous, basic or bearer-token auth).

Credentials come from ~/.docker/config.json (`auths.<host>.auth`). Loopback registries are
spoken to over plain http, everything else over https. Blobs are streamed, never stored.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, cast

import requests

from layerwise.image.model import BlobOpener, Image, ImageError, layers_from_config, parse_json
from layerwise.image.oci import INDEX_TYPES, pick_manifest

ACCEPT = ", ".join(
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        *sorted(INDEX_TYPES),
    ]
)
DOCKER_HUB = "registry-1.docker.io"
TIMEOUT = 60
MAX_DOCUMENT = 16 << 20


@dataclass(frozen=True)
class Reference:
    host: str
    repository: str
    tag: str | None
    digest: str | None

    @property
    def ref(self) -> str:
        return self.digest or self.tag or "latest"

    @property
    def base_url(self) -> str:
        loopback = self.host.split(":")[0] in ("127.0.0.1", "localhost", "::1")
        return f"{'http' if loopback else 'https'}://{self.host}/v2/{self.repository}"


def parse_reference(text: str) -> Reference:
    name, _, digest_part = text.partition("@")
    digest = digest_part or None
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        host, path = first, rest
    else:
        host, path = DOCKER_HUB, name if "/" in name else f"library/{name}"
    host = DOCKER_HUB if host in ("docker.io", "index.docker.io") else host
    tag = None
    if ":" in path.rsplit("/", 1)[-1]:
        path, tag = path.rsplit(":", 1)
    if not re.fullmatch(r"[a-z0-9]+(?:[._/-][a-z0-9]+)*", path):
        raise ImageError(f"{text!r} is not a valid image reference")
    return Reference(host, path, tag if tag or digest else "latest", digest)


def docker_credentials(host: str) -> tuple[str, str] | None:
    config_dir = Path(os.environ.get("DOCKER_CONFIG", Path.home() / ".docker"))
    try:
        auths = json.loads((config_dir / "config.json").read_text()).get("auths") or {}
    except (OSError, ValueError):
        return None
    for key in (host, f"https://{host}", f"http://{host}", f"https://{host}/v1/"):
        auth = auths.get(key) or {}
        if auth.get("auth"):
            user, _, password = base64.b64decode(auth["auth"]).decode().partition(":")
            return user, password
        if auth.get("username"):
            return str(auth["username"]), str(auth.get("password", ""))
    return None


class RegistryClient:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.session = requests.Session()
        self.credentials = docker_credentials(reference.host)

    def get(self, what: str, path: str, accept: str | None = None, stream: bool = False) -> requests.Response:
        """GET `path` under the repository's URL; `what` names it in errors ("manifest v1")."""
        url, headers = f"{self.reference.base_url}/{path}", {"Accept": accept} if accept else {}
        try:
            response = self.session.get(url, headers=headers, stream=stream, timeout=TIMEOUT)
            if response.status_code == 401:
                self._authenticate(response.headers.get("WWW-Authenticate", ""))
                response = self.session.get(url, headers=headers, stream=stream, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise ImageError(f"registry {self.reference.host} does not answer ({_reason(exc)})") from exc
        if response.status_code != 200:
            status = f"HTTP {response.status_code} {response.reason or ''}".strip()
            raise ImageError(f"registry {self.reference.host}: {self.reference.repository} {what}: {status}")
        return response

    def _authenticate(self, challenge: str) -> None:
        scheme, _, params = challenge.partition(" ")
        if scheme.lower() == "basic":
            if not self.credentials:
                raise ImageError(f"registry {self.reference.host} wants credentials; none in docker config")
            self.session.auth = self.credentials
            return
        if scheme.lower() != "bearer":
            raise ImageError(f"registry {self.reference.host} asks for unsupported auth {scheme!r}")
        fields = dict(re.findall(r'(\w+)="([^"]*)"', params))
        query = {"service": fields.get("service", "")}
        query["scope"] = fields.get("scope") or f"repository:{self.reference.repository}:pull"
        response = requests.get(fields.get("realm", ""), params=query, auth=self.credentials, timeout=TIMEOUT)
        if response.status_code != 200:
            raise ImageError(f"registry {self.reference.host}: token request gave HTTP {response.status_code}")
        token = response.json().get("token") or response.json().get("access_token")
        self.session.headers["Authorization"] = f"Bearer {token}"

    def document(self, ref: str) -> tuple[bytes, dict[str, Any], str | None]:
        """(bytes, parsed, the digest it is known by: the one asked for, or the registry's header)."""
        response = self.get(f"manifest {ref}", f"manifests/{ref}", accept=ACCEPT)
        data = response.content[: MAX_DOCUMENT + 1]
        if len(data) > MAX_DOCUMENT:
            raise ImageError(f"registry {self.reference.host}: manifest {ref} is too large")
        digest = ref if ref.startswith("sha256:") else response.headers.get("Docker-Content-Digest")
        return data, parse_json(data, f"manifest {ref}"), digest

    def blob_bytes(self, digest: str) -> bytes:
        return self.get(f"blob {digest}", f"blobs/{digest}").content

    @contextmanager
    def open_blob(self, digest: str) -> Iterator[BinaryIO]:
        response = self.get(f"blob {digest}", f"blobs/{digest}", stream=True)
        response.raw.decode_content = False  # the blob as stored: we decompress ourselves
        try:
            yield cast(BinaryIO, response.raw)
        finally:
            response.close()


def _reason(exc: requests.RequestException) -> str:
    """The system's words for a failed request ("Connection refused"), not urllib3's whole chain."""
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(exc))
    return found.group(1).strip() if found else type(exc).__name__


def open_registry_image(text: str) -> Image:
    reference = parse_reference(text)
    client = RegistryClient(reference)
    notes: list[str] = []
    manifest_bytes, manifest, manifest_digest = client.document(reference.ref)
    for _ in range(4):  # follow indexes down to an image manifest
        if manifest.get("mediaType") not in INDEX_TYPES and "manifests" not in manifest:
            break
        descriptor = pick_manifest(list(manifest.get("manifests") or []), None, notes)
        if descriptor is None:
            raise ImageError(f"{text}: the index lists no image for this platform")
        manifest_bytes, manifest, manifest_digest = client.document(str(descriptor["digest"]))
    config_bytes = client.blob_bytes(str((manifest.get("config") or {}).get("digest")))
    config = parse_json(config_bytes, f"{text}: image config")
    descriptors = list(manifest.get("layers") or [])
    openers: list[BlobOpener] = [partial(client.open_blob, str(d.get("digest"))) for d in descriptors]
    return Image(
        reference=text,
        source="registry",
        config_bytes=config_bytes,
        config=config,
        layers=layers_from_config(config, descriptors, openers),
        manifest_bytes=manifest_bytes,
        manifest=manifest,
        manifest_digest=manifest_digest,
        notes=notes,
    )
