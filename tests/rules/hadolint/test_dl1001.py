"""DL1001: inline ignore pragmas are flagged (when the rule is turned on)."""

from __future__ import annotations

from layerwise.lint.config import LintConfig
from layerwise.lint.runner import lint_text
from rules.helpers import lint


def test_flags_each_ignore_pragma_at_its_comment() -> None:
    text = (
        "# hadolint global ignore=DL3006\nFROM debian\n# hadolint ignore=DL3008\n"
        "RUN apt-get install -y curl\n# layerwise ignore=LW001 reason\nUSER app\n"
    )
    assert [(f.line, f.column) for f in lint(text, "DL1001")] == [(1, 1), (3, 1), (5, 1)]


def test_ordinary_comments_and_shell_pragmas_pass() -> None:
    text = "# build the app\nFROM debian\n# hadolint shell=bash\nRUN true\n"
    assert lint(text, "DL1001") == []


def test_off_by_default_and_on_when_named() -> None:
    text = "FROM debian\n# hadolint ignore=DL3008\nRUN true\n"
    assert [f for f in lint_text(text, config=LintConfig(shellcheck=False)) if f.code == "DL1001"] == []
    named = lint_text(text, config=LintConfig(shellcheck=False, extend_select=["DL1001"]))
    assert [(f.code, str(f.severity)) for f in named if f.code == "DL1001"] == [("DL1001", "info")]
