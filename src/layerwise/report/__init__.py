"""Rendering: data from the core turned into tty, JSON, SARIF, markdown or HTML."""

# The formats of `layerwise lint` (rendered by report.findings); here so the CLI can name them
# without loading the linter.
FINDING_FORMATS = ("tty", "json", "sarif", "checkstyle", "gitlab_codeclimate", "github", "junit")
