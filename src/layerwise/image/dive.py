"""dive's efficiency score and wasted bytes, computed exactly as dive 0.13.1 does, quirks included.

Facts (not code) from the reference, §1.2-1.4: per layer, only leaves of that layer's tree count;
a path's identity is its string; whiteouts are sized from the stacked lower tree (a directory's
whole subtree, a file 0); opaque markers are dropped; a whiteout whose target is missing aborts
the rest of that layer's visit; "user" bytes are every layer but the first.
The stacked tree is kept incrementally instead of being rebuilt per whiteout: same result.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from operator import attrgetter, methodcaller

from layerwise.image.tarscan import OPAQUE_MARKER, WHITEOUT_PREFIX, LayerScan

NEVER_ADDED = OPAQUE_MARKER[:9]  # ".wh..wh.." names (opaque markers and the like) never become nodes


class DiveNode:
    __slots__ = ("children", "is_dir", "is_whiteout", "name", "size")

    def __init__(self, name: str, size: int = 0, is_dir: bool = False) -> None:
        self.name = name
        self.size = size
        self.is_dir = is_dir
        self.is_whiteout = name.startswith(WHITEOUT_PREFIX)
        self.children: dict[str, DiveNode] = {}

    def subtree_size(self) -> int:
        return self.size + sum(child.subtree_size() for child in self.children.values())


class DanglingWhiteout(Exception):
    pass


def add_path(root: DiveNode, path: str, size: int, is_dir: bool) -> None:
    node = root
    names = [name for name in path.split("/") if name]
    for position, name in enumerate(names):
        child = node.children.get(name)
        if child is None:
            if name.startswith(NEVER_ADDED):
                return
            child = node.children[name] = DiveNode(name)
        node = child
        if position == len(names) - 1:
            node.size, node.is_dir = size, is_dir


def get_node(root: DiveNode, path: str) -> DiveNode | None:
    node: DiveNode | None = root
    for name in (name for name in path.split("/") if name):
        node = node.children.get(name) if node else None
    return node


def build_tree(scan: LayerScan) -> DiveNode:
    root = DiveNode("")
    nodes: dict[str, DiveNode] = {"": root}  # tar order lists parents first: find them by path
    for entry in scan.entries:
        path = entry.path
        parent_path, _, name = path.rpartition("/")
        parent = nodes.get(parent_path)
        is_dir = entry.kind == "dir"
        if parent is None or name.startswith(NEVER_ADDED):
            add_path(root, path, entry.size, is_dir)
            continue
        node = parent.children.get(name)
        if node is None:
            node = parent.children[name] = DiveNode(name, entry.size, is_dir)
        else:
            node.size, node.is_dir = entry.size, is_dir
        nodes[path] = node
    return root


def has_whiteout_names(scan: LayerScan) -> bool:
    """Whether the layer's tree can hold a whiteout node: a path part named .wh.* (opaque
    markers, .wh..wh..*, never become nodes)."""
    for entry in scan.entries:
        if WHITEOUT_PREFIX in entry.path:
            for part in entry.path.split("/"):
                if part.startswith(WHITEOUT_PREFIX) and not part.startswith(NEVER_ADDED):
                    return True
    return False


def stack(lower: DiveNode, upper: DiveNode, adopt: bool = False) -> None:
    """dive's Stack: upper's whiteouts remove paths, its other nodes are added or update data.

    Merged directory by directory, in dive's visit order (sorted names, children first).
    adopt=True (only when upper holds no whiteout node): a subtree new to lower is moved over as
    it is instead of being copied node by node; upper is not used afterwards.
    """
    for name in sorted(upper.children):
        child = upper.children[name]
        if child.is_whiteout:
            lower.children.pop(name[len(WHITEOUT_PREFIX) :], None)
            continue
        target = lower.children.get(name)
        if target is None:
            if adopt:
                lower.children[name] = child
                continue
            target = lower.children[name] = DiveNode(name)
        stack(target, child, adopt)
        target.size, target.is_dir = child.size, child.is_dir


@dataclass(slots=True)
class PathWaste:
    """One path across the layers, as dive counts it."""

    path: str
    count: int
    cumulative: int
    minimum: int


@dataclass
class DiveResult:
    """dive's image metrics, and the truth about its wasted bytes beside them."""

    size_bytes: int
    user_size_bytes: int
    efficiency: float
    wasted_bytes: int
    user_wasted_percent: float
    inefficiencies: list[PathWaste]  # largest first, count >= 2
    reclaimable_bytes: int  # Σ(cumulative − min) over the same rows (dive issue #684's fix)


def dive_metrics(scans: list[LayerScan]) -> DiveResult:
    tally = PathTally()
    whiteouts = [has_whiteout_names(scan) for scan in scans]
    if not any(whiteouts):
        # No whiteout node anywhere: the stacked tree would never be consulted, and each layer's
        # leaves can be listed without building its tree.
        for scan in scans:
            for path, size in _leaves_in_visit_order(scan):
                tally.count(path, size)
        return _result(scans, tally)
    lower: DiveNode | None = None
    for scan, has_whiteouts in zip(scans, whiteouts, strict=True):
        tree = build_tree(scan)
        stacked = tree if lower is None else lower
        with contextlib.suppress(DanglingWhiteout):  # dive logs it and skips the rest of this layer
            _visit_leaves(tree, "", stacked, tally)
        if lower is None:
            lower = tree  # tree 0 is not visited again: it can become the stack
        else:
            stack(lower, tree, adopt=not has_whiteouts)
        del tree
    return _result(scans, tally)


class PathTally:
    """dive's per-path counts. Most paths are seen once and stay a bare size; a PathWaste is made
    for a path when it shows up again."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}  # every path: the size it was first seen with
        self.repeated: dict[str, PathWaste] = {}  # paths seen twice or more, in the order they got there

    def count(self, path: str, size: int) -> None:
        first = self.first.get(path)
        if first is None:
            self.first[path] = size
            return
        data = self.repeated.get(path)
        if data is None:
            data = self.repeated[path] = PathWaste(path, 1, first, first)
        data.count += 1
        data.cumulative += size
        data.minimum = min(data.minimum, size)


def _visit_leaves(node: DiveNode, prefix: str, stacked: DiveNode, tally: PathTally) -> None:
    """dive's visit of one layer's tree: leaves only, sorted names, children first; a whiteout
    counts the size of what it deletes in the stacked lower layers (a directory's whole subtree)."""
    children = node.children
    for name in sorted(children):
        child = children[name]
        if child.children:
            _visit_leaves(child, f"{prefix}/{name}", stacked, tally)
            continue
        if child.is_whiteout:
            path = f"{prefix}/{name[len(WHITEOUT_PREFIX) :]}"
            previous = get_node(stacked, path)
            if previous is None:
                raise DanglingWhiteout(path)
            size = previous.subtree_size() if previous.is_dir else 0
        else:
            path = f"{prefix}/{name}"
            size = child.size
        tally.count(path, size)


def _leaves_in_visit_order(scan: LayerScan) -> list[tuple[str, int]]:
    """The leaves `build_tree` + `_visit_leaves` would visit in a layer with no whiteout node:
    ("/path", size), in dive's order (sorted names, a directory's subtree at its name's place,
    which is the order of the paths with "/" read as the lowest character)."""
    sizes: dict[str, int] = {}  # every node of the layer's tree -> its size
    inner: set[str] = set()  # nodes with a child
    for entry in scan.entries:
        path = entry.path
        parent, _, name = path.rpartition("/")
        if (parent in sizes or not parent) and not name.startswith(NEVER_ADDED):
            sizes[path] = entry.size  # the usual case: the parent is already a node
            inner.add(parent)
            continue
        _add_with_parents(path, entry.size, sizes, inner)
    leaves = [path for path in sizes if path not in inner]
    leaves.sort(key=methodcaller("replace", "/", "\0"))
    return [("/" + path, sizes[path]) for path in leaves]


def _add_with_parents(path: str, size: int, sizes: dict[str, int], inner: set[str]) -> None:
    """add_path's way: missing parents become nodes of size 0; a `.wh..wh.*` part is never added,
    and neither is what lies below it."""
    names = path.split("/")
    for position, name in enumerate(names):
        if name.startswith(NEVER_ADDED):
            return
        here = "/".join(names[: position + 1])
        if position:
            inner.add("/".join(names[:position]))
        if position == len(names) - 1:
            sizes[here] = size
        else:
            sizes.setdefault(here, 0)


def _result(scans: list[LayerScan], tally: PathTally) -> DiveResult:
    matches = list(tally.repeated.values())
    once = sum(tally.first.values()) - sum(tally.first[data.path] for data in matches)  # paths seen once
    minimum = once + sum(map(attrgetter("minimum"), matches))
    discovered = once + sum(map(attrgetter("cumulative"), matches))
    efficiency = 1.0 if discovered == 0 else minimum / discovered
    sizes = [scan.file_bytes for scan in scans]
    user_size = sum(sizes[1:])
    wasted = sum(data.cumulative for data in matches)
    user_wasted = wasted / user_size if user_size else (math.inf if wasted else math.nan)
    return DiveResult(
        size_bytes=sum(sizes),
        user_size_bytes=user_size,
        efficiency=efficiency,
        wasted_bytes=wasted,
        user_wasted_percent=user_wasted,
        inefficiencies=sorted(matches, key=lambda data: data.cumulative, reverse=True),
        reclaimable_bytes=sum(data.cumulative - data.minimum for data in matches),
    )
