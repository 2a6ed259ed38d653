"""Linting: run the rules over Dockerfiles with configuration, pragmas and ShellCheck.

Entry points: `layerwise.lint.runner.lint_text`, `lint_dockerfile`, `lint_files`;
configuration in `layerwise.lint.config` (LintConfig, ConfigResolver).
"""
