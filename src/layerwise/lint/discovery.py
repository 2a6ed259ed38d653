"""Which files to lint: the paths given, with directories searched for Dockerfiles.

hadolint walks no directories (issues #283, #972); layerwise finds `Dockerfile`, `Dockerfile.*`,
`*.Dockerfile`, `*.dockerfile` and `Containerfile*` below each directory, skipping VCS and
dependency folders. A file named explicitly is always linted, whatever its name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from fnmatch import fnmatch
from pathlib import Path

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"})
NOT_DOCKERFILES = (".dockerignore",)  # `Dockerfile.dockerignore` is an ignore file


def is_dockerfile_name(name: str) -> bool:
    if name.endswith(NOT_DOCKERFILES):
        return False
    lowered = name.lower()
    return (
        name == "Dockerfile"
        or name.startswith("Dockerfile.")
        or lowered.endswith(".dockerfile")
        or name.startswith("Containerfile")
    )


def _excluded(relative: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch(relative, p) or fnmatch(name, p) or fnmatch(relative, f"{p}/*") for p in patterns)


def _walk(root: Path, exclude: Sequence[str]) -> Iterable[str]:
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS and not _excluded((base / d).relative_to(root).as_posix(), d, exclude)
        )
        for name in sorted(files):
            relative = (base / name).relative_to(root).as_posix()
            if is_dockerfile_name(name) and not _excluded(relative, name, exclude):
                yield str(base / name)


def discover(paths: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The files to lint, in the order given (directories expanded, sorted), without repeats.
    `-` (stdin) and paths that do not exist pass through, so the runner reports them."""
    found: list[str] = []
    for given in paths:
        path = Path(given)
        if given != "-" and path.is_dir():
            found.extend(_walk(path, exclude))
        else:
            found.append(given)
    return list(dict.fromkeys(found))
