"""Smaller variants of official base images: `python:3.12` -> `python:3.12-slim` or `-alpine`.

Pure string work on image references, driven by data/slim_bases.toml. Only official Docker Hub
images (no namespace, `library/`, or `docker.io/library/`) are known; anything else has no
variant. A digest pins one exact image, so a variant drops it (the caller should warn).
"""

from __future__ import annotations

from dataclasses import dataclass

from layerwise.variant.tables import ImageFamily, base_tables

DEFAULT_ALPINE = "3.22"
_OFFICIAL_PREFIXES = ("", "library/", "docker.io/", "docker.io/library/", "index.docker.io/library/")
_DEBIAN_LIKE = frozenset({"debian", "ubuntu"})


@dataclass(frozen=True)
class ImageRef:
    prefix: str  # registry and namespace with the trailing '/', e.g. "docker.io/library/"
    name: str  # repository basename, e.g. "python"
    tag: str | None
    digest: str | None

    def with_tag(self, tag: str, name: str | None = None) -> str:
        return f"{self.prefix}{name or self.name}:{tag}"


def parse_reference(image: str) -> ImageRef:
    """Split `[registry/][namespace/]name[:tag][@digest]` (the tag may hold `${VAR}`)."""
    rest, _, digest = image.partition("@")
    slash = rest.rfind("/")
    prefix, last = rest[: slash + 1], rest[slash + 1 :]
    name, _, tag = last.partition(":")
    return ImageRef(prefix, name, tag or None, digest or None)


def family_of(image: str) -> ImageFamily | None:
    """The official image family an image reference belongs to, if layerwise knows it."""
    ref = parse_reference(image)
    if ref.prefix.lower() not in _OFFICIAL_PREFIXES or "$" in ref.name:
        return None
    return base_tables().families.get(ref.name.lower())


def is_debian_like(image: str) -> bool:
    family = family_of(image)
    return family is not None and family.name in _DEBIAN_LIKE


def _tag_words(tag: str | None) -> list[str]:
    return [] if tag in (None, "latest") else tag.split("-")


def _is_variant(words: list[str]) -> bool:
    variant_words = base_tables().variant_words
    return any(word in variant_words or word.startswith("alpine") for word in words)


def _slim_tag(family: ImageFamily, words: list[str]) -> str | None:
    if not words:
        return family.latest_slim
    if family.slim == "before-distro":
        distros = base_tables().distro_words
        for index, word in enumerate(words[1:], start=1):
            if word in distros:
                return "-".join([*words[:index], "slim", *words[index:]])
    return "-".join([*words, "slim"])


def slim_variant_of(image: str) -> str | None:
    """The official slim variant of `image`, or None when there is none (or it already is one).

    >>> slim_variant_of("python:3.12-bookworm")
    'python:3.12-slim-bookworm'
    """
    family = family_of(image)
    ref = parse_reference(image)
    words = _tag_words(ref.tag)
    if family is None or family.slim == "none" or _is_variant(words):
        return None
    tag = _slim_tag(family, words)
    return ref.with_tag(tag) if tag else None


def why_no_slim(image: str) -> str:
    """A one-line reason `slim_variant_of(image)` is None, for reports."""
    family = family_of(image)
    if family is None:
        return f"layerwise knows no slim variant of {image}"
    if family.slim_reason:
        return family.slim_reason
    return f"{image} is already a slim or Alpine variant"


def slim_lacks(image: str) -> frozenset[str]:
    """Debian packages the full image has and its slim variant lacks (none if already slim)."""
    family = family_of(image)
    if family is None or _is_variant(_tag_words(parse_reference(image).tag)):
        return frozenset()
    return family.lacks_when_slim


def _version_words(words: list[str]) -> list[str]:
    distros = base_tables().distro_words
    return [word for word in words if word not in distros and word != "slim"]


def alpine_variant_of(image: str, alpine_version: str = DEFAULT_ALPINE) -> str | None:
    """The Alpine variant of `image` (`debian:*`/`ubuntu:*` -> `alpine:<version>`), or None."""
    family = family_of(image)
    ref = parse_reference(image)
    words = _tag_words(ref.tag)
    if family is None or not family.alpine or _is_variant([w for w in words if w != "slim"]):
        return None
    if family.alpine_missing.intersection(words):
        return None
    version = "-".join(_version_words(words))
    target = family.alpine.format(version=version, alpine=alpine_version).replace(":-", ":")
    name, _, tag = target.partition(":")
    return ref.with_tag(tag, name=name)


def why_no_alpine(image: str, alpine_version: str = DEFAULT_ALPINE) -> str:
    family = family_of(image)
    if family is None:
        return f"layerwise knows no Alpine variant of {image}; pick an Alpine-based image by hand"
    if family.alpine_reason:
        return family.alpine_reason.format(alpine=alpine_version)
    return f"{image} has no Alpine variant (or already is one)"
