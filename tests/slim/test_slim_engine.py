"""`layerwise slim` end to end with the real engine."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import docker
import pytest

REPO = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"


def _slim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "layerwise", "slim", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "COLUMNS": "160"},
    )  # fmt: skip


def _cleanup(engine: docker.DockerClient, *image_ids: str) -> None:
    for image_id in image_ids:
        with contextlib.suppress(docker.errors.APIError):
            engine.images.remove(image_id, force=True)


@pytest.mark.integration
def test_seed_example_is_slimmed_below_45_mb_non_root_and_working(engine: docker.DockerClient, tmp_path: Path) -> None:
    context = tmp_path / "youtube-dl"
    shutil.copytree(REPO / "examples" / "youtube-dl", context, ignore=shutil.ignore_patterns("*.optimized"))
    html = tmp_path / "report.html"
    result = _slim(str(context), "--format", "json", "--html", str(html))
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    try:
        optimized, original = report["optimized"], report["original"]
        assert report["smoke"]["passed"]
        assert optimized["added_bytes"] <= 45e6, optimized["added_bytes"]
        assert optimized["size_bytes"] < original["size_bytes"]
        assert optimized["layers"] < original["layers"]
        assert original["user"] == "root" and optimized["user"] not in ("", "root", "0")
        checks = {c["name"]: c for c in report["smoke"]["checks"]}
        assert checks["ca-certificates"]["optimized"] and checks["TLS context (python3)"]["optimized"]
        assert checks["starts: --version"]["optimized"]
        final_stage = (context / "Dockerfile.optimized").read_text().rsplit("\nFROM ", 1)[-1]
        assert final_stage.count("\nRUN ") == 1
        # purging curl and downloading in a builder stage were both built and smoke-tested
        assert [a["name"] for a in report["alternatives"]] == ["download in a builder stage"]
        assert report["alternatives"][0]["size_bytes"] is not None
        assert "<svg" in html.read_text() or 'class="bar"' in html.read_text()
        for key in ("base_size_bytes", "fixes_applied", "fixes_dropped"):
            assert key in report
    finally:
        _cleanup(engine, report["original"]["image_id"], report["optimized"]["image_id"])


@pytest.mark.integration
def test_a_fix_that_breaks_tls_is_found_and_dropped(engine: docker.DockerClient, tmp_path: Path) -> None:
    """The seed's CERTIFICATE_VERIFY_FAILED: --no-install-recommends drops ca-certificates.

    The LW rules that would add ca-certificates back are ignored, so only bisection can save it."""
    context = tmp_path / "tls-client"
    shutil.copytree(CASES / "tls-client", context)
    result = _slim(str(context), "--format", "json", "--ignore", "LW002,LW004")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    try:
        assert report["smoke"]["passed"]
        dropped = {d["code"] for d in report["fixes_dropped"]}
        assert "DL3015" in dropped, report["fixes_dropped"]
        assert "--no-install-recommends" not in (context / "Dockerfile.optimized").read_text()
        checks = {c["name"]: c for c in report["smoke"]["checks"]}
        assert checks["ca-certificates"]["optimized"]
    finally:
        _cleanup(engine, report["original"]["image_id"], report["optimized"]["image_id"])


@pytest.mark.integration
def test_original_build_failure_is_the_users_error(engine: docker.DockerClient, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\nRUN echo building && exit 3\n")
    result = _slim(str(tmp_path))
    assert result.returncode == 2
    assert "the original Dockerfile does not build" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_dockerfile_is_a_clear_error(tmp_path: Path) -> None:
    result = _slim(str(tmp_path))
    assert result.returncode == 2 and "no such Dockerfile" in result.stderr and "Traceback" not in result.stderr


def test_latest_needs_a_tag(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\n")
    result = _slim(str(tmp_path), "--latest")
    assert result.returncode == 2 and "--latest needs --tag" in result.stderr


@pytest.mark.integration
def test_an_image_that_is_not_in_the_engine_is_never_pulled(engine: docker.DockerClient, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\nCOPY --from=nonexistent.invalid/x:1 /a /a\n")
    result = _slim(str(tmp_path))
    assert result.returncode == 2
    assert "'nonexistent.invalid/x:1' is not in the engine and layerwise never pulls" in result.stderr


@pytest.mark.integration
def test_ctrl_c_removes_the_images_of_the_interrupted_run(engine: docker.DockerClient, tmp_path: Path) -> None:
    import signal
    import time

    marker = uuid.uuid4().hex
    (tmp_path / "Dockerfile").write_text(
        f'FROM debian:bookworm-slim\nRUN echo {marker} > /marker\nRUN sleep 20\nCMD ["cat", "/marker"]\n'
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "layerwise", "slim", str(tmp_path), "--builder", "classic"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    for line in process.stdout:  # wait until the original is built and the optimized build runs
        if "build:optimized" in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    process.wait(timeout=120)
    assert process.returncode != 0
    leftovers = [
        image.id
        for image in engine.images.list(filters={"label": "org.layerwise.slim"})
        if any(marker in (h.get("CreatedBy") or "") for h in image.history())
    ]
    assert not leftovers, leftovers


@pytest.mark.integration
@pytest.mark.registry
def test_variants_are_built_beside_the_optimized_image_and_tagged(
    engine: docker.DockerClient, registry: str, tmp_path: Path
) -> None:
    """As the seed publishes youtube-dl:alpine-3.7 beside latest: NAME:TAG-slim is built,
    smoke-tested and pushed; Alpine cannot be built here and says why."""
    context = tmp_path / "jq-tool"
    shutil.copytree(REPO / "tests" / "fix_builds" / "cases" / "jq-tool", context)
    name = f"layerwise-test-variant-{uuid.uuid4().hex[:8]}"
    result = _slim(
        str(context), "--smoke", "--version", "--variant", "slim", "--variant", "alpine",
        "--tag", f"{name}:1.0", "--push", registry, "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    variants = {v["kind"]: v for v in report["variants"]}
    try:
        assert variants["slim"]["passed"] and variants["slim"]["size_bytes"] < report["original"]["size_bytes"]
        assert "debian:bookworm-slim" in (context / "Dockerfile.slim").read_text()
        assert not variants["alpine"]["passed"] and "cannot be pulled here" in variants["alpine"]["skipped"]
        assert "apk add --no-cache" in (context / "Dockerfile.alpine").read_text()
        assert set(report["tags"]) == {f"{registry}/{name}:1.0", f"{registry}/{name}:1.0-slim"}
        assert all(digest.startswith("sha256:") for digest in report["tags"].values())
    finally:
        for reference in report["tags"]:
            with contextlib.suppress(docker.errors.APIError):
                engine.images.remove(reference, force=True)
        _cleanup(engine, report["original"]["image_id"], report["optimized"]["image_id"], variants["slim"]["image_id"])
