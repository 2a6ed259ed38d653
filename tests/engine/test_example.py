"""The seed chapter's example, built and run for real with both builders."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from layerwise.engine.build import BuildRequest, build
from layerwise.engine.run import run

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "youtube-dl"


@pytest.mark.integration
@pytest.mark.parametrize("builder", ["classic", "buildkit"])
def test_example_builds_and_runs_version(engine, builder) -> None:  # type: ignore[no-untyped-def]
    tag = f"layerwise-test-example:{builder}-{uuid.uuid4().hex[:8]}"
    result = build(BuildRequest(EXAMPLE, EXAMPLE / "Dockerfile", tag=tag, builder=builder))
    try:
        version = run(tag, ["--version"])
        assert version.ok, version.output
        assert version.output.strip()[:4].isdigit()  # yt-dlp prints its release date, e.g. 2023.03.04
        history = [h["CreatedBy"] for h in engine.images.get(tag).history()]
        assert any("apt-get install -y curl python3" in h for h in history)
    finally:
        engine.images.remove(result.image_id, force=True)


@pytest.mark.integration
def test_a_failing_build_reports_the_log_tail(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from layerwise.engine.build import BuildFailed

    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\nRUN echo about to fail && false\n")
    with pytest.raises(BuildFailed) as failure:
        build(BuildRequest(tmp_path, tmp_path / "Dockerfile"))
    assert "returned a non-zero code" in str(failure.value) or "non-zero" in failure.value.log_tail
