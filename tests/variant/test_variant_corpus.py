"""The Alpine and slim variants over the real-world corpus (/work/shared/corpus/dev).

For every Dockerfile that uses apt-get, the Alpine translation parses, has no apt-get left (or
says where it could not rewrite one), keeps every USER, and accounts for every package: mapped,
dropped with a reason, or reported as unmapped. Run with `-s` to see the counts.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from variant_helpers import shared_dir

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile
from layerwise.errors import ParseError
from layerwise.variant import alpine_variant, slim_variant
from layerwise.variant.apt import APT_TOOLS, apt_commands, package_word
from layerwise.variant.tables import package_table

_APT_GET = re.compile(r"\bapt-get\b")


@cache
def corpus() -> list[Dockerfile]:
    root = shared_dir() / "corpus" / "dev"
    if not root.is_dir():
        pytest.skip(f"the dev corpus is not at {root} (set LAYERWISE_SHARED)")
    parsed = []
    for path in sorted(root.iterdir()):
        if path.name == "manifest.tsv":
            continue
        try:
            parsed.append(parse(path.read_text(encoding="utf-8"), path.name))
        except ParseError:
            continue  # BuildKit rejects it: not a Dockerfile to translate
    return parsed


def _installs(dockerfile: Dockerfile) -> list[str]:
    return [
        package_word(word).name
        for ins in dockerfile.instructions
        if ins.keyword == "RUN"
        for apt in apt_commands(ins)
        if apt.action == "install"
        for word in apt.packages
    ]


def _uses_apt(dockerfile: Dockerfile) -> bool:
    return any(ins.keyword == "RUN" and apt_commands(ins) for ins in dockerfile.instructions)


def _code(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


def _apt_left(dockerfile: Dockerfile) -> list[int]:
    lines = []
    for ins in dockerfile.instructions:
        if ins.keyword != "RUN":
            continue
        named = ins.shell is not None and any(
            c.effective().name.rsplit("/", 1)[-1] in APT_TOOLS for c in ins.shell.commands
        )
        if named or _APT_GET.search(_code(ins.source)):
            lines.append(ins.line)
    return lines


def test_alpine_translation_of_every_apt_dockerfile() -> None:
    counts: Counter[str] = Counter()
    risks: Counter[str] = Counter()
    for original in corpus():
        if not _uses_apt(original):
            continue
        variant = alpine_variant(original)
        result = parse(variant.text, original.path)  # the builder re-parses too; be explicit
        counts["files translated"] += 1
        reported_left = {r.line for r in variant.risks if r.code == "apt-left"}
        left = _apt_left(result)
        assert len(left) <= len(reported_left), f"{original.path}: apt-get left at {left}, unreported"
        users = [i.values for i in original.instructions if i.keyword == "USER"]
        assert [i.values for i in result.instructions if i.keyword == "USER"] == users, original.path
        installed = Counter(_installs(original))
        accounted = Counter(p.debian for p in variant.packages)
        assert installed - accounted == Counter(), f"{original.path}: packages neither mapped nor reported"
        for mapping in variant.packages:
            counts[f"packages {mapping.status}"] += 1
        counts["files with apt left (reported)"] += bool(left)
        risks.update(r.code for r in variant.risks)
    print(f"\nalpine corpus: {dict(counts)}\nrisks flagged: {dict(risks.most_common())}")
    assert counts["files translated"] >= 150


def test_package_table_covers_the_corpus() -> None:
    """Every package name the corpus installs (466 distinct) is in the table, not just the top 300."""
    names = Counter(name for dockerfile in corpus() for name in _installs(dockerfile))
    literal = [n for n in names if not any(ch in n for ch in "$*?[`") and not n.endswith(".deb") and "/" not in n]
    missing = [n for n in literal if package_table().lookup(n) is None]
    top = [n for n, _ in names.most_common(300)]
    print(f"\ncorpus package names: {len(literal)} distinct; not in the table: {missing}")
    assert not [n for n in top if n in missing]
    assert len(missing) <= len(literal) // 20


def test_slim_variant_of_the_whole_corpus() -> None:
    swapped = added = files = 0
    for original in corpus():
        variant = slim_variant(original)
        parse(variant.text, original.path)
        files += 1
        swapped += sum(1 for s in variant.swaps if s.replacement)
        added += len(variant.added)
    print(f"\nslim corpus: {files} files, {swapped} bases swapped, {added} packages added")
    assert files >= 500


def test_untouched_lines_survive(tmp_path: Path) -> None:
    """Lines no edit touches come out byte for byte: every line of the original that has no
    apt, FROM or user command in it is in the variant."""
    touched = re.compile(r"apt|FROM|useradd|groupadd|usermod|adduser|addgroup|rm |locale|/etc/apt|dpkg|gpg|curl|key")
    for original in corpus()[:120]:
        if not _uses_apt(original):
            continue
        generated = alpine_variant(original).text.splitlines()
        kept = set(generated)
        for line in original.text.splitlines():
            if line.strip() and not touched.search(line) and not line.rstrip().endswith(("\\", ";")):
                assert line in kept, f"{original.path}: {line!r}"
