"""`open_image(ref)`: pick the adapter for an image reference.

- an existing file or directory: a docker-save archive or an OCI layout;
- `docker-archive:PATH`, `oci:DIR[:REF]`, `oci-archive:FILE[:REF]`, `registry:NAME`, `docker:NAME`;
- anything else: an image in the local engine (name or ID).
"""

from __future__ import annotations

from pathlib import Path

from layerwise.image.model import Image, ImageError, Progress


def _split_layout_ref(text: str) -> tuple[Path, str | None]:
    """`path[:ref]`: the ref part only counts when the whole text is not itself a path."""
    if Path(text).exists() or ":" not in text:
        return Path(text), None
    path, _, ref = text.rpartition(":")
    return Path(path), ref or None


def open_image(ref: str, progress: Progress | None = None) -> Image:
    from layerwise.image.archive import open_layout

    scheme, sep, rest = ref.partition(":")
    rest = rest.removeprefix("//") if sep else rest
    if sep and scheme == "docker-archive":
        return open_layout(Path(rest))
    if sep and scheme in ("oci", "oci-archive"):
        path, name = _split_layout_ref(rest)
        return open_layout(path, name, prefer="oci")
    if sep and scheme == "registry":
        from layerwise.image.registry import open_registry_image

        return open_registry_image(rest)
    if sep and scheme == "docker":
        from layerwise.image.engine import open_engine_image

        return open_engine_image(rest, progress)
    if Path(ref).exists():
        return open_layout(Path(ref))
    if ref.endswith((".tar", ".tar.gz")) or ref.startswith(("/", "./")):
        raise ImageError(f"{ref} does not exist")
    from layerwise.image.engine import open_engine_image

    return open_engine_image(ref, progress)
