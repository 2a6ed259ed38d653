"""Rendering: data from the core turned into tty, JSON, SARIF, markdown or HTML."""

# The formats of `layerwise lint` (rendered by report.findings); here so the CLI can name them
# without loading the linter.
FINDING_FORMATS = ("tty", "json", "sarif", "checkstyle", "gitlab_codeclimate", "github", "junit")


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
