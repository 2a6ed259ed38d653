"""The truth beside dive's numbers: reclaimable bytes, per-layer changes, leftovers, security facts."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from synthetic import Built, build, config_for, layer_tar, write_oci_tar

from layerwise.image.analysis import analyze_image
from layerwise.image.sources import open_image
from layerwise.report.image import history_rows


def analyse(tmp_path: Path, built: Built):
    return analyze_image(open_image(str(write_oci_tar(built, tmp_path / "img.tar"))))


def test_reclaimable_counts_deleted_dirs_and_opaque_dirs(edge: Built, tmp_path: Path) -> None:
    analysis = analyse(tmp_path, edge)
    hidden = {item.path: (item.size, item.reason) for item in analysis.hidden}
    assert hidden == {
        "x": (1_500_000, "deleted-dir"),
        "big": (400_000, "overwritten"),
        "y": (300_000, "deleted"),
        "z/old": (200_000, "opaque-dir"),
        "dup": (100_000, "overwritten"),
    }
    assert analysis.reclaimable_bytes == 2_500_000
    assert analysis.deleted_dirs == 1
    change = analysis.layers[2]
    assert (change.files_added, change.files_changed, change.files_removed) == (1, 2, 4)
    assert analysis.layers[1].reclaimable_bytes == 2_500_000


def test_history_is_matched_to_layers(tmp_path: Path) -> None:
    tars = [layer_tar([("a", b"1")]), layer_tar([("b", b"2")])]
    history = [
        {"created_by": "ADD rootfs"},
        {"created_by": "ENV X=1", "empty_layer": True},
        {"created_by": "RUN make"},
    ]
    built = Built(config_for(tars, history=history), tars)
    analysis = analyse(tmp_path, built)
    assert [layer.created_by for layer in analysis.layers] == ["ADD rootfs", "RUN make"]
    assert [h["layer"] for h in analysis.history] == [0, None, 1]
    assert [h["size_bytes"] for h in analysis.history] == [1, 0, 1]
    rows = [(layer and layer.index, created_by) for layer, created_by in history_rows(analysis)]
    assert rows == [(0, "ADD rootfs"), (None, "ENV X=1"), (1, "RUN make")]


def test_every_layer_has_a_history_row_even_without_history(tmp_path: Path) -> None:
    tars = [layer_tar([("a", b"1")]), layer_tar([("b", b"2")]), layer_tar([("c", b"3")])]
    for history, expected in (
        ([], [(0, ""), (1, ""), (2, "")]),
        ([{"created_by": "CMD x", "empty_layer": True}], [(None, "CMD x"), (0, ""), (1, ""), (2, "")]),
    ):
        config = json.loads(config_for(tars))
        config["history"] = history
        analysis = analyse(tmp_path, Built(json.dumps(config).encode(), tars))
        assert [(layer and layer.index, created_by) for layer, created_by in history_rows(analysis)] == expected


def test_leftovers_and_duplicates(tmp_path: Path) -> None:
    built = build(
        [
            [
                ("var/lib/apt/lists/deb.debian.org_Packages", b"p" * 5000),
                ("var/lib/apt/lists/lock", b""),
                ("var/cache/apt/pkgcache.bin", b"c" * 700),
                ("var/cache/apt/archives/lock", b""),  # apt's own, kept by `apt-get clean`: not a leftover
                ("root/.cache/pip/http/ab", b"w" * 300),
                ("tmp/app.tar.gz", b"t" * 200),
                ("opt/pkg.deb", b"d" * 100),
                ("usr/lib/python3/x.zip", b"z" * 50),
                ("a/one", b"same" * 1500),
                ("b/two", b"same" * 1500),
            ]
        ]
    )
    analysis = analyse(tmp_path, built)
    leftovers = {item.category: (item.files, item.bytes) for item in analysis.leftovers}
    assert leftovers == {
        "apt-lists": (1, 5000),
        "apt-cache": (1, 700),
        "pip-cache": (1, 300),
        "downloaded-archives": (1, 200),
        "downloaded-packages": (1, 100),
    }
    assert [(d.paths, d.wasted) for d in analysis.duplicates] == [(["/a/one", "/b/two"], 6000)]


def test_security_facts(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, mode, data in [
            ("usr/bin/su", 0o4755, b"elf"),
            ("usr/bin/wall", 0o2755, b"elf"),
            ("data/open", 0o666, b"x"),
            ("tmp", 0o1777, None),
            ("tmp/scratch", 0o666, b"x"),
            ("root/.ssh/id_rsa", 0o600, b"key"),
            ("srv/tls.pem", 0o600, b"-----BEGIN RSA PRIVATE KEY-----\nabc\n"),
            ("srv/chain.pem", 0o644, b"-----BEGIN CERTIFICATE-----\n"),
            ("app/.env", 0o644, b"A=1"),
            ("usr/lib/python3/test/keycert.pem", 0o644, b"-----BEGIN PRIVATE KEY-----"),
            ("shared", 0o777, None),
        ]:
            info = tarfile.TarInfo(name)
            info.mode = mode
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    tars = [buffer.getvalue()]
    env = ["PATH=/bin", "DB_PASSWORD=hunter2", "TOKEN_FILE=/run/secret", "AWS=AKIAABCDEFGHIJKLMNOP"]
    analysis = analyse(tmp_path, Built(config_for(tars, user="1000:1000", env=env), tars))
    facts = analysis.security
    assert not facts.runs_as_root and facts.user == "1000:1000"
    assert facts.setuid_files == ["/usr/bin/su"]
    assert facts.setgid_files == ["/usr/bin/wall"]
    assert facts.world_writable == ["/data/open", "/shared"]  # /tmp is sticky, and so is what it holds
    assert sorted(facts.secret_files) == ["/app/.env", "/root/.ssh/id_rsa", "/srv/tls.pem"]
    assert facts.secret_env == ["DB_PASSWORD", "AWS"]
    assert facts.exposed_ports == ["8080/tcp"]
    ids = {finding.id for finding in analysis.findings}
    assert {"image.setuid", "image.world-writable", "image.secret-file", "image.secret-env"} <= ids
    assert "image.runs-as-root" not in ids


def test_root_user_is_reported(edge: Built, tmp_path: Path) -> None:
    analysis = analyse(tmp_path, edge)
    assert analysis.security.runs_as_root
    assert any(f.id == "image.runs-as-root" for f in analysis.findings)


@pytest.mark.parametrize("compression", ["none", "gzip", "zstd"])
def test_duplicates_and_keys_found_by_the_two_pass_hashing(compression: str, tmp_path: Path) -> None:
    key = b"-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n"
    built = build(
        [
            [("a/one", b"same" * 1500), ("unique", b"u" * 12345), ("srv/id.key", key)],
            [("b/two", b"same" * 1500), ("c/other", b"diff" * 1500), ("d/late", b"same" * 1024 + b"X" * 1904)],
        ]
    )
    image = open_image(str(write_oci_tar(built, tmp_path / "img.tar", compression)))
    analysis = analyze_image(image)
    assert [(d.paths, d.wasted) for d in analysis.duplicates] == [(["/a/one", "/b/two"], 6000)]
    assert analysis.security.secret_files == ["/srv/id.key"]
    entries = {e.path: e for scan in analysis.scans for e in scan.entries}
    assert entries["unique"].sha256 is None  # a size no other file has: never read
    # The same size and another start: read in place, never hashed whole (a compressed layer
    # cannot be read in place, so there it is hashed). The same start differing later: hashed.
    assert (entries["c/other"].sha256 is None) == (compression == "none")
    assert entries["d/late"].sha256 is not None


def test_awkward_tar_names_are_cleaned() -> None:
    from layerwise.image.tarscan import scan_layer

    spec: list[tuple[str, bytes | None]] = [
        ("./a/", None), ("a//b", b"1"), ("a/./c", b"1"), ("/abs", b"1"), ("dir/", None), (".wh.x", b""),
        ("a/.wh..wh..opq", b""), ("x.wh.y", b"1"), ("a/../d", b"1"), ("../up", b"1"), ("./", None), ("f", b"1"),
    ]  # fmt: skip
    scan = scan_layer(io.BytesIO(layer_tar(spec)))
    assert [(entry.path, entry.kind) for entry in scan.entries] == [
        ("a", "dir"), ("a/b", "file"), ("a/c", "file"), ("abs", "file"), ("dir", "dir"), (".wh.x", "whiteout"),
        ("a/.wh..wh..opq", "opaque"), ("x.wh.y", "file"), ("d", "file"), ("f", "file"),
    ]  # fmt: skip
    assert scan.problems == [
        "absolute path '/abs' in layer",
        "path 'a/../d' contains '..'",
        "path '../up' escapes the root; entry skipped",
    ]


def test_squashed_nodes_come_parents_first_in_layer_order(edge: Built) -> None:
    from layerwise.image.squash import SquashTree
    from layerwise.image.tarscan import scan_layer

    tree = SquashTree()
    for index, data in enumerate(edge.tars):
        tree.apply(scan_layer(io.BytesIO(data)), index)
    nodes = tree.nodes()
    seen: set[str] = set()
    for path, _ in nodes:  # every node after its parent
        parent = path.rpartition("/")[0]
        assert not parent or parent in seen, path
        seen.add(path)
    assert len(seen) == len(nodes)
    assert list(tree.files()) == [(path, node) for path, node in nodes if node.children is None]
    assert {path for path, _ in tree.files()} >= {"big", "dup", "z/new"}


def test_analysis_leaves_the_cycle_collector_as_it_found_it(edge: Built, tmp_path: Path) -> None:
    import gc

    assert gc.isenabled()
    analyse(tmp_path, edge)
    assert gc.isenabled()
