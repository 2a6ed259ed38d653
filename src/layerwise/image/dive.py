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
from collections.abc import Callable
from dataclasses import dataclass

from layerwise.image.tarscan import OPAQUE_MARKER, WHITEOUT_PREFIX, LayerScan


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
            if name.startswith(OPAQUE_MARKER[:9]):  # ".wh..wh.." names are never added
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
        parent_path, _, name = entry.path.rpartition("/")
        parent = nodes.get(parent_path)
        if parent is None or name.startswith(OPAQUE_MARKER[:9]):
            add_path(root, entry.path, entry.size, entry.kind == "dir")
            continue
        node = parent.children.get(name)
        if node is None:
            node = parent.children[name] = DiveNode(name)
        node.size, node.is_dir = entry.size, entry.kind == "dir"
        nodes[entry.path] = node
    return root


def visit_child_first(node: DiveNode, prefix: str, visitor: Callable[[DiveNode, str], None], leaves_only: bool) -> None:
    for name in sorted(node.children):
        child = node.children[name]
        visit_child_first(child, f"{prefix}/{name}", visitor, leaves_only)
    if prefix and (not leaves_only or not node.children):
        visitor(node, prefix)


def node_path(node: DiveNode, raw_path: str) -> str:
    """dive's Path(): the whiteout prefix of the node's own name is stripped."""
    if node.is_whiteout:
        parent, _, name = raw_path.rpartition("/")
        return f"{parent}/{name[len(WHITEOUT_PREFIX) :]}"
    return raw_path


def stack(lower: DiveNode, upper: DiveNode) -> None:
    """dive's Stack: upper's whiteouts remove paths, its other nodes are added or update data.

    Merged directory by directory, in dive's visit order (sorted names, children first).
    """
    for name in sorted(upper.children):
        child = upper.children[name]
        if child.is_whiteout:
            lower.children.pop(name[len(WHITEOUT_PREFIX) :], None)
            continue
        target = lower.children.get(name)
        if target is None:
            target = lower.children[name] = DiveNode(name)
        stack(target, child)
        target.size, target.is_dir = child.size, child.is_dir


@dataclass
class PathWaste:
    path: str
    count: int
    cumulative: int
    minimum: int = -1


@dataclass
class DiveResult:
    size_bytes: int
    user_size_bytes: int
    efficiency: float
    wasted_bytes: int
    user_wasted_percent: float
    inefficiencies: list[PathWaste]  # largest first, count >= 2
    reclaimable_bytes: int  # Σ(cumulative − min) over the same rows (dive issue #684's fix)


def dive_metrics(scans: list[LayerScan]) -> DiveResult:
    trees = [build_tree(scan) for scan in scans]
    paths: dict[str, PathWaste] = {}
    matches: list[PathWaste] = []
    lower: DiveNode | None = None
    for index, tree in enumerate(trees):
        stacked = tree if index == 0 or lower is None else lower

        def visit(node: DiveNode, raw_path: str, stacked: DiveNode = stacked) -> None:
            path = node_path(node, raw_path)
            if node.is_whiteout:
                previous = get_node(stacked, path)
                if previous is None:
                    raise DanglingWhiteout(path)
                size = previous.subtree_size() if previous.is_dir else 0
            else:
                size = node.size
            data = paths.setdefault(path, PathWaste(path, 0, 0))
            data.cumulative += size
            if data.minimum < 0 or size < data.minimum:
                data.minimum = size
            data.count += 1
            if data.count == 2:
                matches.append(data)

        with contextlib.suppress(DanglingWhiteout):  # dive logs it and skips the rest of this layer
            visit_child_first(tree, "", visit, leaves_only=True)
        if index == 0:
            lower = tree  # tree 0 is not visited again: it can become the stack
        else:
            assert lower is not None
            stack(lower, tree)
    return _result(scans, paths, matches)


def _result(scans: list[LayerScan], paths: dict[str, PathWaste], matches: list[PathWaste]) -> DiveResult:
    minimum = sum(max(data.minimum, 0) for data in paths.values())
    discovered = sum(data.cumulative for data in paths.values())
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
