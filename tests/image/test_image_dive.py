"""dive's numbers, quirks included (reference §1.2-1.4), on synthetic layers."""

from __future__ import annotations

import io
import math

from synthetic import layer_tar

from layerwise.image.dive import DiveNode, build_tree, dive_metrics, has_whiteout_names, stack
from layerwise.image.tarscan import LayerScan, scan_layer


def scans(*specs: list) -> list[LayerScan]:
    return [scan_layer(io.BytesIO(layer_tar(spec))) for spec in specs]


def test_edge_image_numbers(edge) -> None:
    result = dive_metrics([scan_layer(io.BytesIO(t)) for t in edge.tars])
    assert result.wasted_bytes == 1_300_000  # /big 800k + /y 300k + /dup 200k (all copies)
    assert result.efficiency == 3_700_021 / 4_500_021  # deleted dir /x counted in both terms
    assert result.reclaimable_bytes == 800_000  # Σ(cumulative − min) over dive's rows
    assert result.user_wasted_percent == 1_300_000 / 3_000_010
    rows = {row.path: (row.count, row.cumulative) for row in result.inefficiencies}
    assert rows == {"/big": (2, 800_000), "/y": (2, 300_000), "/dup": (2, 200_000), "/tmp": (3, 0)}
    assert "/z/old" not in rows  # opaque markers are ignored by dive


def test_only_leaves_count() -> None:
    # /d is a leaf in neither layer (it has children): no row for it, only for the files
    result = dive_metrics(scans([("d/", None), ("d/f", b"1")], [("d/", None), ("d/g", b"22")]))
    assert [row.path for row in result.inefficiencies] == []
    assert result.efficiency == 1.0


def test_dangling_whiteout_aborts_the_rest_of_the_layer() -> None:
    base = [("a", b"x" * 100), ("b", b"y" * 50)]
    # sorted visit: ".wh.0missing" comes before "a" and "b", so their rewrites are never counted
    upper = [(".wh.0missing", b""), ("a", b"x" * 100), ("b", b"y" * 50)]
    result = dive_metrics(scans(base, upper))
    assert result.wasted_bytes == 0
    assert result.efficiency == 1.0


def test_whiteout_in_base_layer_aborts_base_visit() -> None:
    result = dive_metrics(scans([(".wh.a", b""), ("b", b"1" * 10)], [("b", b"2" * 10)]))
    assert [row.path for row in result.inefficiencies] == []  # base visit stopped before /b


def test_empty_user_layers_give_nan_or_inf() -> None:
    assert math.isnan(dive_metrics(scans([("a", b"1")])).user_wasted_percent)
    result = dive_metrics(scans([("a", b"1")], [("a", b"")]))
    assert math.isinf(result.user_wasted_percent) or result.wasted_bytes == 0


def test_hardlinks_are_size_zero() -> None:
    result = dive_metrics(scans([("f", b"x" * 10), ("h", "=>f")], [("h", "=>f")]))
    assert {row.path: row.cumulative for row in result.inefficiencies} == {"/h": 0}


def tree_shape(node: DiveNode) -> tuple:
    return (node.name, node.size, node.is_dir, sorted(tree_shape(child) for child in node.children.values()))


def test_stacking_by_adoption_makes_the_same_tree() -> None:
    lower_spec = [("usr/", None), ("usr/bin/", None), ("usr/bin/a", b"1"), ("etc/", None), ("etc/x", b"22")]
    upper_spec = [("usr/", None), ("usr/lib/", None), ("usr/lib/b", b"333"), ("usr/bin/a", b"4444"), ("new/", None)]
    upper_spec += [("new/deep/", None), ("new/deep/f", b"55555"), ("etc/x/", None)]
    lower, upper = scans(lower_spec, upper_spec)
    assert not has_whiteout_names(upper)
    copied, adopted = build_tree(lower), build_tree(lower)
    stack(copied, build_tree(upper))
    stack(adopted, build_tree(upper), adopt=True)
    assert tree_shape(adopted) == tree_shape(copied)


def test_whiteout_names_are_found_at_any_depth_but_opaque_markers_are_not() -> None:
    assert has_whiteout_names(scans([("a/", None), ("a/.wh.b", b"")])[0])
    assert has_whiteout_names(scans([(".wh.top", b"")])[0])
    assert not has_whiteout_names(scans([("a/", None), ("a/.wh..wh..opq", b""), ("a/x.wh.y", b"1")])[0])


def test_layers_without_whiteouts_count_as_their_trees_would() -> None:
    """With no whiteout node, leaves are listed without trees: same rows, in the same order, as
    building and visiting each layer's tree (implicit parents, repeats, `.wh..wh.` names)."""
    import random
    from dataclasses import astuple

    from layerwise.image import dive
    from layerwise.image.tarscan import Entry

    def rows(result: dive.DiveResult) -> tuple[float, int, list[tuple[str, int, int, int]]]:
        return result.efficiency, result.wasted_bytes, [astuple(r) for r in result.inefficiencies]

    def by_trees(layers: list[LayerScan]) -> tuple[float, int, list[tuple[str, int, int, int]]]:
        tally = dive.PathTally()
        lower = None
        for layer in layers:
            tree = build_tree(layer)
            dive._visit_leaves(tree, "", lower or tree, tally)
            if lower is None:
                lower = tree
            else:
                stack(lower, tree)
        return rows(dive._result(layers, tally))

    rng = random.Random(7)
    names = ["a", "b", "a-b", "a.b", "b0", "é", ".wh..wh..opq", ".wh..wh..plnk", "x y", "A"]
    for _ in range(500):
        layers = [
            LayerScan("", "", 0, 0, "tar", [
                Entry("/".join(rng.choice(names) for _ in range(rng.randint(1, 4))), kind,
                      rng.randint(0, 5) * 10 if kind == "file" else 0, 0o644, 0, 0)
                for kind in rng.choices(["file", "dir", "symlink"], k=rng.randint(0, 12))
            ])
            for _ in range(rng.randint(1, 4))
        ]  # fmt: skip
        assert not any(has_whiteout_names(layer) for layer in layers)
        assert rows(dive_metrics(layers)) == by_trees(layers)
