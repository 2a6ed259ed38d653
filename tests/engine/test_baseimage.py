from __future__ import annotations

from pathlib import Path

import pytest

from layerwise.engine.baseimage import BaseSpec, check_suite, default_mirror
from layerwise.errors import LayerwiseError


@pytest.mark.parametrize(
    ("name", "suite", "slim"),
    [
        ("debian:bookworm", "bookworm", False),
        ("debian:bookworm-slim", "bookworm", True),
        ("debian:trixie", "trixie", False),
    ],
)
def test_base_names(name: str, suite: str, slim: bool) -> None:
    spec = BaseSpec.parse(name)
    assert (spec.suite, spec.slim) == (suite, slim)


@pytest.mark.parametrize(
    "name", ["ubuntu:16.04", "debian", "debian:", "debian:Bookworm", "alpine:3.7", "debian:bookworm:x"]
)
def test_bad_base_names_are_refused(name: str) -> None:
    with pytest.raises(LayerwiseError, match="not a Debian base name"):
        BaseSpec.parse(name)


def test_default_mirror_reads_deb822_and_one_line_sources(tmp_path: Path) -> None:
    deb822 = tmp_path / "debian.sources"
    deb822.write_text("Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n")
    assert default_mirror((deb822,)) == "http://mirror.example/debian"
    classic = tmp_path / "sources.list"
    classic.write_text(
        "deb http://security.example/debian-security bookworm-security main\n"
        "deb [arch=amd64] http://other.example/debian/ bookworm main\n"
    )
    assert default_mirror((classic,)) == "http://other.example/debian"


def test_unreachable_mirror_is_a_clear_error() -> None:
    with pytest.raises(LayerwiseError, match="unreachable"):
        check_suite("http://127.0.0.1:9/debian", "bookworm", timeout=2)


@pytest.mark.integration
def test_unknown_suite_is_a_clear_error(engine: object) -> None:
    with pytest.raises(LayerwiseError, match="unknown suite 'nosuchsuite'"):
        check_suite(default_mirror(), "nosuchsuite")


@pytest.mark.integration
def test_bases_are_within_ten_percent_of_the_official_sizes(engine) -> None:  # type: ignore[no-untyped-def]
    from layerwise.engine.baseimage import OFFICIAL_SIZES_MB, ROOTFS_LABEL

    for name, official in OFFICIAL_SIZES_MB.items():
        image = engine.images.get(name)
        size_mb = image.attrs["Size"] / 1e6
        assert abs(size_mb / official - 1) <= 0.10, (name, size_mb, official)
        assert len(image.labels[ROOTFS_LABEL]) == 64
        created_by = [h["CreatedBy"] for h in image.history()]
        assert any("ADD file:" in c and " in / " in c for c in created_by)
        assert any('CMD ["bash"]' in c for c in created_by)
