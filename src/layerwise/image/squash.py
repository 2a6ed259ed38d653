"""The union filesystem the layers make, applied with OCI semantics (whiteouts, opaque dirs).

Layers are applied one by one; each step reports what it added, changed and hid, so analysis
can count per-layer changes and the bytes a later layer made unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from layerwise.image.tarscan import Entry, LayerScan


@dataclass(eq=False, slots=True)
class Node:
    """A path of the squashed filesystem and the layer its current version comes from."""

    entry: Entry | None  # None for a directory only implied by its children
    layer: int
    children: dict[str, Node] | None = None  # None for non-directories

    @property
    def is_dir(self) -> bool:
        return self.children is not None


@dataclass
class Hidden:
    """Bytes some layer stored that a later layer made unreachable."""

    path: str
    size: int
    files: int
    added_in: int
    hidden_in: int
    reason: str  # "overwritten", "deleted", "deleted-dir", "opaque-dir"


@dataclass
class LayerChanges:
    """What applying one layer added, changed, removed and hid."""

    files_added: int = 0
    files_changed: int = 0
    files_removed: int = 0
    bytes_added: int = 0
    bytes_changed: int = 0
    bytes_removed: int = 0
    dirs_removed: int = 0
    hidden: list[Hidden] = field(default_factory=list)
    dangling_whiteouts: list[str] = field(default_factory=list)


def walk(node: Node) -> list[tuple[str, Node]]:
    """Every node under `node` (not itself), parents before children. A list built by one
    recursion: nested generators cost a frame per level for every node of a 20k-node tree."""
    found: list[tuple[str, Node]] = []

    def visit(parent: Node, prefix: str) -> None:
        for name, child in (parent.children or {}).items():
            child_path = prefix + name
            found.append((child_path, child))
            if child.children:
                visit(child, child_path + "/")

    visit(node, "")
    return found


def subtree_totals(node: Node) -> tuple[int, int]:
    """(file bytes, non-directory count) under and including `node`."""
    if not node.is_dir:
        return (node.entry.size if node.entry else 0), 1
    size = files = 0
    for child in (node.children or {}).values():
        child_size, child_files = subtree_totals(child)
        size += child_size
        files += child_files
    return size, files


class SquashTree:
    def __init__(self) -> None:
        self.root = Node(None, -1, {})
        self._nodes: list[tuple[str, Node]] | None = None  # cached walk, reset by apply()
        self._files: list[tuple[str, Node]] = []  # the non-directories of _nodes
        self._dirs: dict[str, Node] = {}  # directory nodes by path, valid during one apply()

    def get(self, path: str) -> Node | None:
        node: Node | None = self.root
        for name in path.split("/"):
            if node is None or node.children is None:
                return None
            node = node.children.get(name)
        return node

    def _parent(self, parent_path: str, layer: int) -> Node:
        """The directory node at `parent_path` (made when missing)."""
        cached = self._dirs.get(parent_path)
        if cached is not None:
            return cached
        node = self.root
        for name in parent_path.split("/"):  # "" is the root, which is always cached
            assert node.children is not None
            child = node.children.get(name)
            if child is None or child.children is None:
                child = node.children[name] = Node(None, layer, {})
            node = child
        self._dirs[parent_path] = node
        return node

    def apply(self, scan: LayerScan, layer: int) -> LayerChanges:
        self._nodes = None
        self._dirs = {"": self.root}
        changes = LayerChanges()
        for entry in scan.entries:  # opaque markers apply before siblings, wherever they stand
            if entry.kind == "opaque":
                self._clear_dir(entry.target, layer, changes)
        for entry in scan.entries:  # whiteouts hide lower layers only: apply before this layer's adds
            if entry.kind == "whiteout":
                self._remove(entry.target, layer, changes)
        for entry in scan.entries:
            if entry.kind not in ("whiteout", "opaque"):
                self._add(entry, layer, changes)
        return changes

    def _hide(self, path: str, node: Node, layer: int, reason: str, changes: LayerChanges) -> None:
        size, files = subtree_totals(node)
        changes.files_removed += files
        changes.bytes_removed += size
        if node.is_dir and reason == "deleted":
            reason = "deleted-dir"
            changes.dirs_removed += 1
        if size or reason != "overwritten":
            changes.hidden.append(Hidden(path, size, files, node.layer, layer, reason))

    def _clear_dir(self, path: str, layer: int, changes: LayerChanges) -> None:
        node = self.get(path) if path else self.root
        if node is None or not node.children:
            return
        for name, child in list(node.children.items()):
            if child.layer < layer:
                self._hide(f"{path}/{name}" if path else name, child, layer, "opaque-dir", changes)
                del node.children[name]

    def _remove(self, path: str, layer: int, changes: LayerChanges) -> None:
        parent = self.get(path.rpartition("/")[0]) if "/" in path else self.root
        name = path.rpartition("/")[2]
        node = parent.children.get(name) if parent and parent.children else None
        if node is None or node.layer >= layer:
            changes.dangling_whiteouts.append(path)
            return
        assert parent is not None and parent.children is not None
        self._hide(path, node, layer, "deleted", changes)
        del parent.children[name]

    def _add(self, entry: Entry, layer: int, changes: LayerChanges) -> None:
        parent_path, _, name = entry.path.rpartition("/")
        parent = self._parent(parent_path, layer)
        assert parent.children is not None
        old = parent.children.get(name)
        is_dir = entry.kind == "dir"
        if old is not None and old.is_dir and is_dir:
            old.entry, old.layer = entry, layer  # metadata update; children stay
            return
        if old is not None and old.is_dir:
            self._dirs = {"": self.root}  # a directory is being replaced: cached paths under it are stale
        if old is not None and old.layer < layer:
            self._hide(entry.path, old, layer, "overwritten", changes)
            changes.files_removed -= 0 if old.is_dir else 1  # a rewrite is a change, not a removal
            changes.bytes_removed -= (old.entry.size if old.entry else 0) if not old.is_dir else 0
        if not is_dir:
            if old is not None and old.layer < layer and not old.is_dir:
                changes.files_changed += 1
                changes.bytes_changed += entry.size
            elif old is None or old.layer < layer:
                changes.files_added += 1
                changes.bytes_added += entry.size
            else:
                changes.bytes_added += entry.size - (old.entry.size if old.entry else 0)  # same layer rewrite
        parent.children[name] = Node(entry, layer, {} if is_dir else None)

    def nodes(self) -> list[tuple[str, Node]]:
        """Every node of the squashed tree, parents before children (computed once)."""
        if self._nodes is None:
            self._nodes = walk(self.root)
            self._files = [(path, node) for path, node in self._nodes if node.children is None]
        return self._nodes

    def files(self) -> Iterator[tuple[str, Node]]:
        """Every non-directory in the squashed tree."""
        self.nodes()
        return iter(self._files)
