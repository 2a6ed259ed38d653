"""The Dockerfile model: parse like BuildKit, keep every position.

    from layerwise.dockerfile import parse, parse_file
    df = parse(text, "Dockerfile")      # raises layerwise.errors.ParseError
    for ins in df.instructions: ins.keyword, ins.span, ins.flags, ins.arguments, ins.shell
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
