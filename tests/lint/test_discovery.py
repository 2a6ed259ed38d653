"""Finding Dockerfiles below directories."""

from __future__ import annotations

from pathlib import Path

from layerwise.lint.discovery import discover, is_dockerfile_name


def test_names() -> None:
    for name in (
        "Dockerfile",
        "Dockerfile.dev",
        "app.Dockerfile",
        "x.dockerfile",
        "Containerfile",
        "Containerfile.a",
    ):
        assert is_dockerfile_name(name), name
    for name in ("Dockerfile.dockerignore", "dockerfile.txt", "README.md", "Makefile"):
        assert not is_dockerfile_name(name), name


def test_walk_skips_vcs_and_dependencies_and_excludes(tmp_path: Path) -> None:
    for relative in (
        "Dockerfile",
        "svc/api.Dockerfile",
        "svc/README.md",
        ".git/Dockerfile",
        "node_modules/x/Dockerfile",
        ".venv/Dockerfile",
        "vendor/Dockerfile",
        "deep/a/b/Containerfile",
    ):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("FROM scratch\n")
    found = discover([str(tmp_path)], exclude=["vendor"])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "Dockerfile",
        "deep/a/b/Containerfile",
        "svc/api.Dockerfile",
    ]


def test_explicit_files_stdin_and_missing_pass_through(tmp_path: Path) -> None:
    odd = tmp_path / "build.txt"
    odd.write_text("FROM scratch\n")
    missing = str(tmp_path / "nope")
    assert discover([str(odd), "-", missing, str(odd)]) == [str(odd), "-", missing]
