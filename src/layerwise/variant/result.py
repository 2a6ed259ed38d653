"""What a variant run produces: the new Dockerfile text and a report of every change and risk.

Data only; rendering (tty, JSON) belongs to the CLI and report layers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

VariantKind = Literal["slim", "alpine"]
PackageStatus = Literal["mapped", "dropped", "unmapped"]


@dataclass(frozen=True)
class BaseSwap:
    line: int
    original: str
    replacement: str | None  # None: no variant exists (see `reason`)
    reason: str | None = None


@dataclass(frozen=True)
class PackageMapping:
    """One Debian package of an `apt-get install` and what it became on Alpine."""

    line: int
    debian: str
    alpine: tuple[str, ...]
    status: PackageStatus  # dropped: known to have no Alpine package; unmapped: kept as written
    note: str | None = None


@dataclass(frozen=True)
class AddedPackage:
    line: int  # where it was added
    package: str
    reason: str


@dataclass(frozen=True)
class Risk:
    """Something the variant may break that layerwise cannot fix by rewriting text."""

    code: str  # glibc-binary, locale, pin-dropped, unmapped-package, no-variant, ...
    line: int
    message: str


@dataclass
class Variant:
    kind: VariantKind
    source: str  # the path the original was read from
    text: str  # the generated Dockerfile
    swaps: list[BaseSwap] = field(default_factory=list)
    packages: list[PackageMapping] = field(default_factory=list)
    added: list[AddedPackage] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    @property
    def unmapped(self) -> list[PackageMapping]:
        return [p for p in self.packages if p.status == "unmapped"]

    def warnings(self) -> list[str]:
        """One line per risk, `path:line: message`, in line order."""
        return [f"{self.source}:{r.line}: {r.message}" for r in sorted(self.risks, key=lambda r: r.line)]

    def report(self) -> dict[str, Any]:
        """The report part, as plain data for JSON."""
        return {
            "kind": self.kind,
            "source": self.source,
            "swaps": [asdict(s) for s in self.swaps],
            "packages": [asdict(p) for p in self.packages],
            "added": [asdict(a) for a in self.added],
            "risks": [asdict(r) for r in self.risks],
        }
