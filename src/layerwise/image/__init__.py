"""Images from any source (engine, docker-save archive, OCI layout, registry) and what they hold.

Pipeline position: engine -> **image** -> slim -> report. Everything here returns data.

    image = open_image("myapp:latest")          # or a path, oci:/oci-archive:/registry:/docker: ref
    analysis = analyze_image(image)             # dive's numbers, reclaimable bytes, leftovers, security
    result = verify_digests(image)              # diff_ids, blob digests, image ID
    changes = diff_images(open_image(a), open_image(b))

The names below are loaded on first use, so importing one submodule does not load them all.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from layerwise.image.analysis import ImageAnalysis, analyze_image
    from layerwise.image.diff import ImageDiff, diff_images
    from layerwise.image.model import Image, ImageError, Layer
    from layerwise.image.provenance import ProvenanceResult, match_dockerfile
    from layerwise.image.sources import open_image
    from layerwise.image.verify import VerifyResult, verify_digests

_MODULE_OF = {
    "Image": "model",
    "ImageAnalysis": "analysis",
    "ImageDiff": "diff",
    "ImageError": "model",
    "Layer": "model",
    "ProvenanceResult": "provenance",
    "VerifyResult": "verify",
    "analyze_image": "analysis",
    "diff_images": "diff",
    "match_dockerfile": "provenance",
    "open_image": "sources",
    "verify_digests": "verify",
}

__all__ = [
    "Image",
    "ImageAnalysis",
    "ImageDiff",
    "ImageError",
    "Layer",
    "ProvenanceResult",
    "VerifyResult",
    "analyze_image",
    "diff_images",
    "match_dockerfile",
    "open_image",
    "verify_digests",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'layerwise.image' has no attribute {name!r}")
    value = getattr(import_module(f"layerwise.image.{module}"), name)
    globals()[name] = value
    return value
