"""The seed chapter's youtube-dl Dockerfile, fixed: the LW fixes (and the DL fixes) must reach
the chapter's hand-optimised form or better: one RUN, ca-certificates installed, curl purged
with --auto-remove, the apt lists removed, a non-root user with USER before ENTRYPOINT."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import docker
import pytest

from layerwise.dockerfile import parse
from layerwise.engine.build import BuildRequest, build
from layerwise.engine.run import run
from layerwise.fix.fixer import fix_text

URL = "https://yt-dl.org/downloads/latest/youtube-dl"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "youtube-dl"
LW_CODES = [f"LW{n:03d}" for n in range(1, 15)]

# The chapter's original seven instructions, on debian:bookworm-slim with python3.
SEED = f"""FROM debian:bookworm-slim

WORKDIR /mydir

RUN apt-get update
RUN apt-get install -y curl python3
RUN curl -L -o /usr/local/bin/youtube-dl {URL}
RUN chmod a+x /usr/local/bin/youtube-dl

ENTRYPOINT ["/usr/local/bin/youtube-dl"]
"""

# The chapter's own merged RUN (its third version), before it removes anything.
SEED_MERGED = f"""FROM debian:bookworm-slim

WORKDIR /mydir

RUN apt-get update && apt-get install -y \\
    curl python3 && \\
    curl -L -o /usr/local/bin/youtube-dl {URL} && \\
    chmod a+x /usr/local/bin/youtube-dl

ENTRYPOINT ["/usr/local/bin/youtube-dl"]
"""


def test_lw_fixes_alone_on_the_merged_seed() -> None:
    result = fix_text(SEED_MERGED, unsafe=True, select=LW_CODES)
    assert (
        result.text
        == f"""FROM debian:bookworm-slim

WORKDIR /mydir

RUN apt-get update && apt-get install -y \\
    curl python3 ca-certificates && \\
    curl -L -o /usr/local/bin/youtube-dl {URL} && \\
    chmod a+x /usr/local/bin/youtube-dl && \\
    apt-get purge -y --auto-remove curl && \\
    useradd --no-log-init --create-home --uid 10001 --user-group app && \\
    chown app:app /mydir && \\
    find /usr/lib/python3* -depth \\( -type d -a \\( -name test -o -name tests -o -name idle_test -o -name __pycache__ \\) \\) -exec rm -rf '{{}}' +

USER 10001
ENTRYPOINT ["/usr/local/bin/youtube-dl"]
"""
    )


def test_all_fixes_on_the_original_seed_reach_the_optimised_form() -> None:
    result = fix_text(SEED, unsafe=True)
    text = result.text
    dockerfile = parse(text, "Dockerfile")
    keywords = [ins.keyword for ins in dockerfile.instructions]
    assert keywords == ["FROM", "WORKDIR", "RUN", "USER", "ENTRYPOINT"], text
    run = dockerfile.instructions[2].source
    assert re.search(r"apt-get install[^&]*\bca-certificates\b", run), run
    assert "apt-get purge -y --auto-remove curl" in run
    assert "rm -rf /var/lib/apt/lists/*" in run
    assert run.index(URL) < run.index("apt-get purge") < run.index("rm -rf /var/lib/apt/lists/*")
    assert "useradd" in run and "chown app:app /mydir" in run
    assert dockerfile.instructions[3].source == "USER 10001"
    remaining = {r.finding.code for r in result.remaining}
    assert not remaining & set(LW_CODES), remaining


def test_all_fixes_on_the_original_seed_keep_one_command_per_line() -> None:
    """The exact result with the DL fixes of today: better than the chapter's (no recommends,
    no bytecode), in the style DL3059's merge writes."""
    assert (
        fix_text(SEED, unsafe=True).text
        == f"""FROM debian:bookworm-slim

WORKDIR /mydir

RUN apt-get update && \\
    apt-get install --no-install-recommends -y curl python3 ca-certificates && \\
    find /usr/lib/python3* -depth \\( -type d -a \\( -name test -o -name tests -o -name idle_test -o -name __pycache__ \\) \\) -exec rm -rf '{{}}' + && \\
    curl -L -o /usr/local/bin/youtube-dl {URL} && \\
    chmod a+x /usr/local/bin/youtube-dl && \\
    useradd --no-log-init --create-home --uid 10001 --user-group app && \\
    chown app:app /mydir && \\
    apt-get purge -y --auto-remove curl && \\
    rm -rf /var/lib/apt/lists/*

USER 10001
ENTRYPOINT ["/usr/local/bin/youtube-dl"]
"""
    )


@pytest.mark.integration
def test_fixed_example_builds_runs_as_app_trusts_tls_and_shrinks(engine: docker.DockerClient, tmp_path: Path) -> None:
    """The project's example (the seed, downloading from 127.0.0.1), fixed and built for real."""
    original = (EXAMPLE / "Dockerfile").read_text(encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(fix_text(original, unsafe=True).text, encoding="utf-8")
    suffix = uuid.uuid4().hex[:8]
    built = [
        build(BuildRequest(EXAMPLE, EXAMPLE / "Dockerfile", tag=f"layerwise-test-lwseed:orig-{suffix}")),
        build(BuildRequest(EXAMPLE, tmp_path / "Dockerfile", tag=f"layerwise-test-lwseed:fixed-{suffix}")),
    ]
    try:
        fixed_tag = f"layerwise-test-lwseed:fixed-{suffix}"
        version = run(fixed_tag, ["--version"])
        assert version.ok, version.output
        probe = run(
            fixed_tag,
            ["-c", "id -un && touch /mydir/video.part && ls /etc/ssl/certs | wc -l && ! command -v curl"],
            entrypoint="sh",
        )
        assert probe.ok, probe.output
        user, certificates = probe.output.split()[:2]
        assert user == "app" and int(certificates) > 100
        sizes = [int(engine.images.get(b.image_id).attrs["Size"]) for b in built]
        assert sizes[1] < sizes[0] * 0.85, sizes  # measured: 149.8 MB -> 112.2 MB
    finally:
        for result in built:
            engine.images.remove(result.image_id, force=True)
