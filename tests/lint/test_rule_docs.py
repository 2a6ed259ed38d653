"""docs/rules.md is generated from the rule classes and must be kept up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_rules_md_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gen_rule_docs", REPO / "scripts" / "gen_rule_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render_rules_md()
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is out of date: run .venv/bin/python scripts/gen_rule_docs.py"
