"""Connecting to the Docker engine, with a clear error when none answers."""

from __future__ import annotations

import os
import socket
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from layerwise.errors import EngineUnavailable

if TYPE_CHECKING:
    import docker

START_HINT = (
    "start one with `scripts/setup` (or `dockerd --bridge=none --iptables=false --ip-forward=false &`), "
    "or point DOCKER_HOST at a running engine"
)

# Debian's docker.io ships a 20.10 CLI here; it can drive the engine's embedded BuildKit.
LEGACY_CLI_CANDIDATES = ("/usr/bin/docker",)


def engine_address() -> str:
    return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


@cache
def connect(timeout: int = 600) -> docker.DockerClient:
    """A client for the engine named by DOCKER_HOST (or the local socket), checked with a ping."""
    address = engine_address()
    unanswered = f"no Docker engine answers at {address}; {START_HINT}"
    if address.startswith("unix://") and not os.path.exists(address.removeprefix("unix://")):
        raise EngineUnavailable(unanswered)  # known without the SDK, 0.1 s to import
    import docker
    import docker.errors

    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except (docker.errors.DockerException, OSError) as exc:
        raise EngineUnavailable(unanswered) from exc
    return client


@dataclass(frozen=True)
class EngineInfo:
    address: str
    server_version: str
    api_version: str
    storage_driver: str
    os: str
    architecture: str
    builders: tuple[str, ...]
    buildkit_cli: str | None
    can_pull: bool
    pull_reason: str


def buildkit_cli() -> str | None:
    """A docker CLI that can build with the engine's embedded BuildKit (DOCKER_BUILDKIT=1), if any."""
    for candidate in LEGACY_CLI_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _pull_check(registry_host: str = "registry-1.docker.io") -> tuple[bool, str]:
    # A name lookup only: this machine must not send traffic to other hosts, and a refused
    # lookup is as telling as a refused connection.
    try:
        socket.getaddrinfo(registry_host, 443)
    except OSError:
        return False, f"{registry_host} does not resolve; build bases with `layerwise base build`"
    return True, f"{registry_host} resolves"


def describe(client: docker.DockerClient | None = None) -> EngineInfo:
    client = client or connect()
    info = client.info()
    version = client.version()
    cli = buildkit_cli()
    builders = ("classic", "buildkit") if cli else ("classic",)
    can_pull, reason = _pull_check()
    return EngineInfo(
        address=engine_address(),
        server_version=str(version.get("Version", "?")),
        api_version=str(version.get("ApiVersion", "?")),
        storage_driver=str(info.get("Driver", "?")),
        os=str(info.get("OperatingSystem", "?")),
        architecture=str(info.get("Architecture", "?")),
        builders=builders,
        buildkit_cli=cli,
        can_pull=can_pull,
        pull_reason=reason,
    )


def scratch_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"layerwise-{prefix}-"))
