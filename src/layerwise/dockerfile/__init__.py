"""The Dockerfile model: parse like BuildKit, keep every position.

`parse(text, path)` / `parse_file(path)` return a `Dockerfile` (see model.py) or raise
`layerwise.errors.ParseError`; `Instruction.shell` gives a RUN's commands (shell.py);
`Dockerfile.env_at(ins)` and `expand()` resolve variables (variables.py).
"""

from __future__ import annotations

from layerwise.dockerfile.dump import dump
from layerwise.dockerfile.model import (
    Argument,
    Comment,
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    Span,
    Stage,
)
from layerwise.dockerfile.parser import parse, parse_file
from layerwise.dockerfile.variables import Expanded, expand

__all__ = [
    "Argument",
    "Comment",
    "Directive",
    "Dockerfile",
    "Expanded",
    "Flag",
    "Heredoc",
    "Instruction",
    "Span",
    "Stage",
    "dump",
    "expand",
    "parse",
    "parse_file",
]
