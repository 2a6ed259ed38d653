"""Shared helpers for rule tests: run one rule on a text, apply the fixes it proposes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from layerwise.dockerfile import parse
from layerwise.lint.config import LintConfig
from layerwise.lint.runner import finish
from layerwise.rules.base import Applicability, Edit, Finding, LintSettings, RuleContext
from layerwise.rules.registry import rule_for


def lint(text: str, code: str, path: str = "Dockerfile", **settings: Any) -> list[Finding]:
    """Parse `text` and run the single rule `code` (even if off by default), pragmas applied.

    `settings` are LintSettings fields (trusted_registries, label_schema, strict_labels).
    A crash in the rule propagates, so the test shows its traceback. For SC codes, ShellCheck
    runs and only that code is kept.
    """
    dockerfile = parse(text, path)
    config = LintConfig(select=[code], settings=LintSettings(**settings))
    if code.startswith("SC"):
        from layerwise.rules.shellcheck import shellcheck_findings

        raw = shellcheck_findings([dockerfile])[0]
    else:
        rule_class = rule_for(code)
        assert rule_class is not None, f"no rule with code {code}"
        rule = rule_class()
        raw = list(rule.check(RuleContext(dockerfile=dockerfile, settings=config.settings, rule=rule)))
    return [f for f in finish(dockerfile, raw, config) if f.code == code]


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False) -> str:
    """Apply the fixes of `findings` (safe ones; unsafe too if asked). A fix whose edits overlap
    an earlier accepted fix is skipped whole, as a fixer would leave it for the next pass."""
    accepted: list[Edit] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or (fix.applicability is Applicability.UNSAFE and not unsafe):
            continue
        if any(_overlaps(edit, other) for edit in fix.edits for other in accepted):
            continue
        accepted.extend(fix.edits)
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one point: order would be ambiguous
    return a.start < b.end and b.start < a.end


# A label schema with one label of every type, for the label rules' tests (DL3048-DL3058).
LABEL_SCHEMA = {
    "label_schema": {
        "version": "semver",
        "url": "url",
        "created": "rfc3339",
        "license": "spdx",
        "rev": "hash",
        "mail": "email",
        "title": "text",
    }
}
