"""Session fixtures: the real engine and base images, set up by the project's own script.

Integration tests ask for `engine`; the fixture runs scripts/setup once (it is idempotent and
returns in under a second when everything is in place). When the set-up cannot run, integration
tests fail in CI (CI=true) and skip with the reason elsewhere: never silently.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LAYERWISE_SHARED", REPO.parent / "shared")).resolve()
BASE_IMAGES = ("debian:bookworm", "debian:bookworm-slim")
REGISTRY = "127.0.0.1:5000"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"integration set-up failed in CI: {reason}")
    pytest.skip(f"integration set-up unavailable: {reason}")


@pytest.fixture(scope="session")
def engine() -> Iterator[docker.DockerClient]:
    """A client for the real engine, with the Debian base images present."""
    result = subprocess.run([str(REPO / "scripts" / "setup")], capture_output=True, text=True)
    if result.returncode != 0:
        _unavailable(f"scripts/setup exited {result.returncode}: {result.stdout[-500:]}{result.stderr[-500:]}")
    client = docker.from_env(timeout=600)
    for name in BASE_IMAGES:
        client.images.get(name)
    yield client
    client.close()


@pytest.fixture(scope="session")
def registry(engine: docker.DockerClient) -> str:
    """The local registry's address (started by scripts/setup)."""
    import urllib.request

    try:
        urllib.request.urlopen(f"http://{REGISTRY}/v2/", timeout=5).close()
    except OSError as exc:
        _unavailable(f"no registry answers at {REGISTRY}: {exc}")
    return REGISTRY


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder (corpus, conformance files, references)."""
    if not SHARED.is_dir():
        _unavailable(f"shared data folder {SHARED} is missing")
    return SHARED
