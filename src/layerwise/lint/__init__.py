"""Linting: run the rules over Dockerfiles with configuration, pragmas and ShellCheck."""

from layerwise.lint.config import LintConfig
from layerwise.lint.runner import FileResult, lint_dockerfile, lint_files, lint_text

__all__ = ["FileResult", "LintConfig", "lint_dockerfile", "lint_files", "lint_text"]
