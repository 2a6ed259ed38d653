"""Check an image's digests: layer content against diff_ids, stored blobs against their descriptors,
the config against the image ID. Every layer is read once (scans hash while they read)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from layerwise.image.model import Image, Progress
from layerwise.image.tarscan import LayerScan


@dataclass
class Check:
    subject: str  # e.g. "layer 2 diff_id", "config digest"
    expected: str
    actual: str
    ok: bool


@dataclass
class VerifyResult:
    reference: str
    checks: list[Check] = field(default_factory=list)
    provenance: object | None = None  # a provenance.ProvenanceResult when a Dockerfile was given

    @property
    def ok(self) -> bool:
        provenance_ok = getattr(self.provenance, "ok", True)
        return all(check.ok for check in self.checks) and bool(provenance_ok)


def check(subject: str, expected: str, actual: str) -> Check:
    return Check(subject, expected, actual, expected == actual)


def verify_digests(image: Image, progress: Progress | None = None) -> VerifyResult:
    result = VerifyResult(image.reference)
    config_digest = "sha256:" + hashlib.sha256(image.config_bytes).hexdigest()
    for subject, expected in (("image ID", image.claimed_id), ("config digest", _config_descriptor(image))):
        if expected:
            result.checks.append(check(subject, expected, config_digest))
    if image.manifest_digest and image.manifest_bytes is not None:
        actual = "sha256:" + hashlib.sha256(image.manifest_bytes).hexdigest()
        result.checks.append(check("manifest digest", image.manifest_digest, actual))
    diff_ids = image.diff_ids
    result.checks.append(check("layer count (config vs layers)", str(len(diff_ids)), str(len(image.layers))))
    non_empty = sum(1 for entry in image.history() if not entry.empty_layer)
    if image.config.get("history"):
        result.checks.append(check("non-empty history entries vs layers", str(len(image.layers)), str(non_empty)))
    scans: list[LayerScan] = image.scan_layers(progress)
    for layer, scan in zip(image.layers, scans, strict=True):
        result.checks.append(check(f"layer {layer.index} diff_id", layer.diff_id, scan.diff_id))
        if layer.digest != layer.diff_id or scan.compression != "tar":
            result.checks.append(check(f"layer {layer.index} blob digest", layer.digest, scan.blob_digest))
        if layer.size is not None:
            result.checks.append(check(f"layer {layer.index} blob size", str(layer.size), str(scan.stored_bytes)))
    return result


def _config_descriptor(image: Image) -> str | None:
    if image.manifest and isinstance(image.manifest.get("config"), dict):
        return str(image.manifest["config"].get("digest") or "") or None
    return None
