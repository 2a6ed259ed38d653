"""The rule registry: every rule found once, sorted, and documented."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from layerwise.errors import LayerwiseError
from layerwise.rules import registry
from layerwise.rules.base import Applicability, Rule, Severity


def test_rules_sorted_unique_and_complete() -> None:
    rules = registry.all_rules()
    codes = [r.code for r in rules]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))
    assert "DL1001" in codes
    assert registry.rule_for("dl1001") is registry.rules_by_code()["DL1001"]


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_declares_what_docs_and_runner_need(rule: type[Rule]) -> None:
    assert re.fullmatch(r"(DL|LW)\d{4}|LW\d{3}", rule.code), rule.code
    assert isinstance(rule.severity, Severity)
    assert rule.message and "\n" not in rule.message
    assert rule.fix_applicability is None or isinstance(rule.fix_applicability, Applicability)
    assert rule.__doc__ and "What it does" in rule.__doc__, f"{rule.code}: docstring lacks 'What it does'"


def test_duplicate_codes_are_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "dupfamily"
    package.mkdir()
    (package / "__init__.py").write_text("")
    body = (
        "from layerwise.rules.base import Rule, Severity\n"
        "class {name}(Rule):\n    code = 'LW999'\n    severity = Severity.INFO\n    message = 'x'\n"
    )
    (package / "a.py").write_text(body.format(name="A"))
    (package / "b.py").write_text(body.format(name="B"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "FAMILY_PACKAGES", ("dupfamily",))
    registry._collect.cache_clear()
    try:
        with pytest.raises(LayerwiseError, match="duplicate rule code LW999"):
            registry.all_rules()
    finally:
        registry._collect.cache_clear()
        registry.rules_by_code.cache_clear()
        sys.modules.pop("dupfamily", None)
