"""Tagging and pushing images, as the seed chapter publishes variants side by side.

Credentials come from the Docker config through the engine; they never pass through here.
`:latest` moves only when asked, and the caller is told what it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import docker.errors

from layerwise.engine.client import connect
from layerwise.errors import LayerwiseError


@dataclass
class Published:
    tags: dict[str, str] = field(default_factory=dict)  # full reference -> digest (pushed) or image id
    warnings: list[str] = field(default_factory=list)


def split_reference(reference: str) -> tuple[str, str]:
    """`name:tag` -> (name, tag); a port in the registry host is not a tag."""
    name, _, tag = reference.rpartition(":")
    if not name or "/" in tag:
        return reference, "latest"
    return name, tag


def tag(image_id: str, reference: str) -> str | None:
    """Tag the image; returns the image id `reference` pointed at before, if any."""
    client = connect()
    repository, tag_name = split_reference(reference)
    try:
        previous: str | None = client.images.get(reference).id
    except docker.errors.ImageNotFound:
        previous = None
    if not client.images.get(image_id).tag(repository, tag_name):
        raise LayerwiseError(f"the engine refused the tag {reference}")
    return previous if previous != image_id else None


def push(reference: str) -> str:
    """Push `reference`; returns the digest the registry gave it."""
    repository, tag_name = split_reference(reference)
    digest = ""
    try:
        for chunk in connect().images.push(repository, tag_name, stream=True, decode=True):
            if "error" in chunk:
                raise LayerwiseError(f"push of {reference} failed: {chunk['error']}")
            aux = chunk.get("aux")
            if isinstance(aux, dict) and aux.get("Digest"):
                digest = str(aux["Digest"])
    except docker.errors.APIError as exc:
        raise LayerwiseError(f"push of {reference} failed: {exc.explanation or exc}") from exc
    if not digest:
        raise LayerwiseError(f"push of {reference} returned no digest")
    return digest


def publish(images: dict[str, str], registry: str | None, latest: str | None = None) -> Published:
    """Tag each `reference -> image id` (under `registry/` when pushing) and push it.
    `latest`, when given, is the reference whose image also becomes `:latest`."""
    result = Published()
    wanted = dict(images)
    if latest:
        name, _ = split_reference(latest)
        wanted[f"{name}:latest"] = images[latest]
    for reference, image_id in wanted.items():
        full = f"{registry.rstrip('/')}/{reference}" if registry else reference
        previous = tag(image_id, full)
        if reference.endswith(":latest") and previous:
            result.warnings.append(f"{full} moved: it was {previous[:19]}, now {image_id[:19]}")
        result.tags[full] = push(full) if registry else image_id
    return result
