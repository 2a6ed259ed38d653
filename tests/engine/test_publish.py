"""Tagging and pushing to the local registry, then pulling back and comparing digests."""

from __future__ import annotations

import uuid

import docker
import pytest

from layerwise.engine.publish import publish, split_reference


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("app:1.0", ("app", "1.0")),
        ("app", ("app", "latest")),
        ("127.0.0.1:5000/app", ("127.0.0.1:5000/app", "latest")),
        ("127.0.0.1:5000/team/app:alpine-3.20", ("127.0.0.1:5000/team/app", "alpine-3.20")),
    ],
)
def test_split_reference(reference: str, expected: tuple[str, str]) -> None:
    assert split_reference(reference) == expected


@pytest.mark.integration
@pytest.mark.registry
def test_push_then_pull_back_gives_the_same_digest(engine: docker.DockerClient, registry: str) -> None:
    name = f"layerwise-test-publish-{uuid.uuid4().hex[:8]}"
    image = engine.images.get("debian:bookworm-slim")
    first = publish({f"{name}:1.0": image.id}, registry)
    digest = first.tags[f"{registry}/{name}:1.0"]
    assert digest.startswith("sha256:")
    engine.images.remove(f"{registry}/{name}:1.0")
    pulled = engine.images.pull(f"{registry}/{name}", tag="1.0")
    assert any(d.endswith(digest) for d in pulled.attrs["RepoDigests"])
    # :latest moves only when asked, and a move is reported.
    second = publish({f"{name}:1.0": image.id}, registry, latest=f"{name}:1.0")
    assert f"{registry}/{name}:latest" in second.tags
    other = engine.images.get("debian:bookworm")
    third = publish({f"{name}:2.0": other.id}, registry, latest=f"{name}:2.0")
    assert any("latest moved" in w for w in third.warnings), third.warnings
    for tag in ("1.0", "2.0", "latest"):
        engine.images.remove(f"{registry}/{name}:{tag}", force=True)
