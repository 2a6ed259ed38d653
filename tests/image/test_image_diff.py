"""Comparing two images."""

from __future__ import annotations

from pathlib import Path

from synthetic import Built, build, config_for, layer_tar, write_oci_tar

from layerwise.image.diff import diff_images
from layerwise.image.sources import open_image

BASE = [("etc/", None), ("etc/os", b"debian"), ("usr/", None), ("usr/bin/", None), ("usr/bin/tool", b"t" * 100)]


def test_files_dirs_layers_and_config(tmp_path: Path) -> None:
    a = build([BASE, [("app/", None), ("app/old.py", b"o" * 50), ("app/main.py", b"v1")]])
    b_tars = [layer_tar(BASE), layer_tar([("app/", None), ("app/main.py", b"v2!"), ("app/new.py", b"n" * 500)])]
    b = Built(config_for(b_tars, user="app"), b_tars)
    image_a = open_image(str(write_oci_tar(a, tmp_path / "a.tar")))
    image_b = open_image(str(write_oci_tar(b, tmp_path / "b.tar")))
    diff = diff_images(image_a, image_b)
    assert [c.path for c in diff.added] == ["/app/new.py"]
    assert [c.path for c in diff.removed] == ["/app/old.py"]
    assert [(c.path, c.what) for c in diff.changed] == [("/app/main.py", ["content"])]
    assert diff.size_delta == 500 - 50 + 1
    assert [(d.path, d.delta) for d in diff.directories] == [("/app", 451)]
    assert diff.shared_prefix_layers == 1
    assert diff.config_changes["User"] == ("", "app")


def test_identical_images_have_no_changes(edge: Built, tmp_path: Path) -> None:
    path = write_oci_tar(edge, tmp_path / "e.tar")
    diff = diff_images(open_image(str(path)), open_image(str(path)))
    assert not (diff.added or diff.removed or diff.changed or diff.directories or diff.config_changes)
    assert diff.shared_prefix_layers == 3
