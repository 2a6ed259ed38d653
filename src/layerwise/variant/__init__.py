"""Variants of a Dockerfile on a smaller base: `slim` (official -slim tags) and `alpine`.

Pipeline position: model -> **variant** (edits at exact spans, re-parsed) -> report/CLI.

    from layerwise.variant import make_variant
    variant = make_variant(parse(text, path), "alpine", alpine_version="3.22")
    variant.text, variant.swaps, variant.packages, variant.added, variant.risks
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layerwise.dockerfile.model import Dockerfile
from layerwise.errors import LayerwiseError
from layerwise.variant.bases import DEFAULT_ALPINE, alpine_variant_of, slim_variant_of
from layerwise.variant.result import AddedPackage, BaseSwap, PackageMapping, Risk, Variant, VariantKind

if TYPE_CHECKING:
    from layerwise.variant.alpine import alpine_variant
    from layerwise.variant.slim import slim_variant

KINDS: tuple[VariantKind, ...] = ("slim", "alpine")

__all__ = [
    "DEFAULT_ALPINE",
    "KINDS",
    "AddedPackage",
    "BaseSwap",
    "PackageMapping",
    "Risk",
    "Variant",
    "alpine_variant",
    "alpine_variant_of",
    "make_variant",
    "slim_variant",
    "slim_variant_of",
]


def make_variant(dockerfile: Dockerfile, kind: str, alpine_version: str = DEFAULT_ALPINE) -> Variant:
    """The `kind` variant of `dockerfile`; LayerwiseError for an unknown kind or no FROM."""
    if not dockerfile.stages:
        raise LayerwiseError("no FROM instruction: there is no base to swap", dockerfile.path)
    if kind == "slim":
        from layerwise.variant.slim import slim_variant

        return slim_variant(dockerfile)
    if kind == "alpine":
        from layerwise.variant.alpine import alpine_variant

        return alpine_variant(dockerfile, alpine_version)
    raise LayerwiseError(f"unknown variant kind {kind!r} (expected one of {', '.join(KINDS)})")


def __getattr__(name: str) -> Any:
    """The two translators load on first use: the lint rule that reads the base tables
    (LW007) should not pay for the apt-to-apk machinery."""
    if name in ("alpine_variant", "slim_variant"):
        from importlib import import_module

        return getattr(import_module(f"layerwise.variant.{name.removesuffix('_variant')}"), name)
    raise AttributeError(f"module 'layerwise.variant' has no attribute {name!r}")
