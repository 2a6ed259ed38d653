"""The build suite's cases: a Dockerfile and its context, a smoke command, what to expect."""

from __future__ import annotations

import json
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parent / "cases"
RESULTS = Path("/var/tmp/layerwise/fix_builds.jsonl")


@dataclass(frozen=True)
class Case:
    name: str
    source: Path
    smoke: list[str]
    builder: str | None = None
    unchanged: bool = False
    waste: bool = True  # the original leaves removable bytes, so the unsafe fixes must shrink it
    needs_tls_server: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def prepare(self, tmp: Path, ca_crt: Path | None = None) -> Path:
        """A private copy of the context (fixes write Dockerfile.optimized beside it)."""
        context = tmp / self.name
        shutil.copytree(self.source, context, ignore=shutil.ignore_patterns("case.toml", "*.optimized"))
        if self.needs_tls_server and ca_crt is not None:
            shutil.copy(ca_crt, context / "test-ca.crt")
        return context


def load_cases() -> list[Case]:
    cases = [Case("youtube-dl", REPO / "examples" / "youtube-dl", ["--version"])]
    for folder in sorted(p for p in CASES_DIR.iterdir() if (p / "case.toml").is_file()):
        spec = tomllib.loads((folder / "case.toml").read_text())
        cases.append(
            Case(
                folder.name,
                folder,
                list(spec.get("smoke", [])),
                builder=spec.get("builder"),
                unchanged=bool(spec.get("unchanged", False)),
                waste=bool(spec.get("waste", True)),
                needs_tls_server=bool(spec.get("needs_tls_server", False)),
            )
        )
    return cases


def record(row: dict[str, object]) -> None:
    """Keep the figures of each run for the suite's table."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as stream:
        stream.write(json.dumps(row) + "\n")
