"""The fixer over every Dockerfile of the shared dev corpus (ShellCheck off, to stay fast).

Every output must parse, fixing it again must change nothing, it must not lint worse than the
input (also with the multi-stage rewrite of downloads), and with --unsafe-fixes at least 95% of the size findings must be gone.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from layerwise.dockerfile import parse
from layerwise.errors import LayerwiseError
from layerwise.fix.fixer import fix_text
from layerwise.lint.config import LintConfig
from layerwise.lint.runner import lint_text

SIZE_CODES = frozenset({"DL3009", "DL3015", "DL3059", "DL3042", "DL3019", "DL3032", "DL3036", "DL3040", "DL3060"})
CONFIG = LintConfig(shellcheck=False)


def corpus(shared: Path) -> list[Path]:
    folder = shared / "corpus" / "dev"
    if not folder.is_dir():
        pytest.skip(f"no corpus at {folder}")
    return sorted(p for p in folder.iterdir() if p.name != "manifest.tsv")


def test_fixer_over_the_corpus(shared: Path) -> None:
    size_before: Counter[str] = Counter()
    size_after: Counter[str] = Counter()
    problems: list[str] = []
    fixed_files = 0
    splits: Counter[str] = Counter()
    for path in corpus(shared):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            before = lint_text(text, path.name, CONFIG)
        except LayerwiseError:
            continue  # the parser rejects it: nothing to fix
        size_before.update(f.code for f in before if f.code in SIZE_CODES)
        for unsafe, multi_stage in ((False, False), (True, False), (True, True)):
            result = fix_text(text, path.name, CONFIG, unsafe=unsafe, multi_stage=multi_stage)
            parse(result.text, path.name)
            again = fix_text(result.text, path.name, CONFIG, unsafe=unsafe, multi_stage=multi_stage)
            if again.changed:
                problems.append(f"{path.name}: not idempotent (unsafe={unsafe}, multi_stage={multi_stage})")
            if multi_stage:  # downloads moved to a builder stage happen in this mode only
                splits.update(f.title for f in result.fixed if f.title.startswith("Download with"))
            if len(result.remaining) > len(before):
                problems.append(f"{path.name}: {len(before)} -> {len(result.remaining)} findings")
            problems.extend(f"{path.name}: fix {r.code} rejected: {r.message}" for r in result.rejected)
            if unsafe and not multi_stage:
                size_after.update(r.finding.code for r in result.remaining if r.finding.code in SIZE_CODES)
                fixed_files += result.changed
    total, left = sum(size_before.values()), sum(size_after.values())
    print(f"\nsize findings before: {total} {dict(sorted(size_before.items()))}")
    print(f"size findings after --unsafe-fixes: {left} {dict(sorted(size_after.items()))}")
    print(f"gone: {total - left}/{total} = {(total - left) / max(total, 1):.1%}; files changed: {fixed_files}")
    print(f"multi-stage rewrites: {dict(splits)}")
    assert problems == []
    assert sum(splits.values()) > 0  # the corpus has a download the builder-stage rewrite takes
    assert total > 0 and (total - left) / total >= 0.95
