"""The variant data tables (src/layerwise/data/*.toml), loaded once and typed.

Data, not code: adding an image family or a package name is an edit to a TOML file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class ImageFamily:
    """One official image (python, node, debian, ...) and how its smaller tags are named."""

    name: str
    slim: str  # "append", "before-distro" or "none"
    latest_slim: str | None
    slim_reason: str | None
    alpine: str  # template with {version} and {alpine}; "" when there is no Alpine variant
    alpine_reason: str | None
    alpine_note: str | None
    alpine_missing: frozenset[str]  # tag words with no Alpine counterpart (php's apache)
    lacks_when_slim: frozenset[str]  # Debian packages the full tag has and the slim tag lacks
    note: str | None


@dataclass(frozen=True)
class BaseTables:
    families: dict[str, ImageFamily]
    distro_words: frozenset[str]
    variant_words: frozenset[str]
    command_packages: dict[str, str]  # command name -> Debian package
    source_builds: dict[str, dict[str, tuple[str, ...]]]  # "pip"/"gem" -> package -> build deps


@dataclass(frozen=True)
class AlpineName:
    """What a Debian package becomes on Alpine."""

    packages: tuple[str, ...]  # empty: nothing to install (see `reason`)
    reason: str | None = None  # why there is no package
    caveat: str | None = None  # how it behaves differently


@dataclass(frozen=True)
class PackageTable:
    names: dict[str, AlpineName] = field(default_factory=dict)
    base_covers: frozenset[str] = frozenset()  # Debian packages every Alpine image stands in for

    def lookup(self, debian_name: str) -> AlpineName | None:
        return self.names.get(debian_name)


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((files("layerwise") / "data" / name).read_text(encoding="utf-8"))


def _family(name: str, raw: dict[str, Any], groups: dict[str, list[str]]) -> ImageFamily:
    full = {pkg for group in raw.get("full", []) for pkg in groups[group]}
    return ImageFamily(
        name=name,
        slim=raw["slim"],
        latest_slim=raw.get("latest_slim"),
        slim_reason=raw.get("slim_reason"),
        alpine=raw.get("alpine", ""),
        alpine_reason=raw.get("alpine_reason"),
        alpine_note=raw.get("alpine_note"),
        alpine_missing=frozenset(raw.get("alpine_missing", [])),
        lacks_when_slim=frozenset(full - set(raw.get("keeps", []))),
        note=raw.get("note"),
    )


@cache
def base_tables() -> BaseTables:
    raw = _load("slim_bases.toml")
    families = {name: _family(name, spec, raw["groups"]) for name, spec in raw["images"].items()}
    builds = {tool: {pkg: tuple(deps) for pkg, deps in table.items()} for tool, table in raw["source_builds"].items()}
    return BaseTables(
        families=families,
        distro_words=frozenset(raw["distros"]),
        variant_words=frozenset(raw["variant_words"]),
        command_packages=dict(raw["commands"]),
        source_builds=builds,
    )


@cache
def package_table() -> PackageTable:
    raw = _load("alpine_packages.toml")
    caveats: dict[str, str] = raw.get("caveat", {})
    names: dict[str, AlpineName] = {}
    for same in raw["same"]:
        names[same] = AlpineName((same,), caveat=caveats.get(same))
    for debian, alpine in raw["rename"].items():
        packages = (alpine,) if isinstance(alpine, str) else tuple(alpine)
        names[debian] = AlpineName(packages, caveat=caveats.get(debian))
    for debian, reason in raw["none"].items():
        names[debian] = AlpineName((), reason=reason)
    return PackageTable(names, frozenset(raw.get("base_covers", [])))
