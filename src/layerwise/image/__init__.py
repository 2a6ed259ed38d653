"""Images from any source (engine, docker-save archive, OCI layout, registry) and what they hold.

Pipeline position: engine -> **image** -> slim -> report. Everything here returns data.

    image = open_image("myapp:latest")          # or a path, oci:/oci-archive:/registry:/docker: ref
    analysis = analyze_image(image)             # dive's numbers, reclaimable bytes, leftovers, security
    result = verify_digests(image)              # diff_ids, blob digests, image ID
    changes = diff_images(open_image(a), open_image(b))
"""

from __future__ import annotations

from layerwise.image.analysis import ImageAnalysis, analyze_image
from layerwise.image.diff import ImageDiff, diff_images
from layerwise.image.model import Image, ImageError, Layer
from layerwise.image.provenance import ProvenanceResult, match_dockerfile
from layerwise.image.sources import open_image
from layerwise.image.verify import VerifyResult, verify_digests

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
