"""Inline pragmas: comments that silence codes or declare the shell.

hadolint's forms (`src/Hadolint/Pragma.hs`, README "Ignoring Rules"):
  `# hadolint ignore=DL3008,SC2086`       the next instruction (trailing `# reason` allowed)
  `# hadolint global ignore=DL3003`       the whole file, wherever it stands
  `# hadolint stage ignore=DL3011`        the stage whose FROM follows it
  `# hadolint shell=powershell`           the shell of the following RUNs (ShellCheck skips non-POSIX)
(any code is accepted, LW ones included), and layerwise's, which take a free-text reason:
  `# layerwise ignore=LW001,DL3008 pinned by the base image`   (also `# layerwise: ignore=...`,
  and `global ignore=` / `stage ignore=` as above).
Where hadolint needs the pragma on the line right above the instruction, a block of consecutive
comment lines right above it counts, so several pragmas can be stacked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from layerwise.dockerfile.model import Comment, Dockerfile, Instruction
from layerwise.rules.base import Finding


class Scope(Enum):
    NEXT = "next"  # the next instruction
    STAGE = "stage"
    GLOBAL = "global"


@dataclass(frozen=True)
class IgnorePragma:
    tool: str  # "hadolint" or "layerwise"
    scope: Scope
    codes: frozenset[str]
    reason: str | None
    comment: Comment


@dataclass(frozen=True)
class ShellPragma:
    shell: str
    comment: Comment


_HADOLINT_IGNORE = re.compile(
    r"^#[ \t]*hadolint[ \t]+(?:(?P<scope>global|stage)[ \t]+)?ignore[ \t]*=[ \t]*"
    r"(?P<codes>[A-Za-z]+[0-9]*(?:[ \t]*,[ \t]*[A-Za-z]+[0-9]*)*)[ \t]*(?:#(?P<reason>.*))?$"
)
_LAYERWISE_IGNORE = re.compile(
    r"^#[ \t]*layerwise:?[ \t]+(?:(?P<scope>global|stage)[ \t]+)?ignore[ \t]*=[ \t]*"
    r"(?P<codes>[A-Za-z]+[0-9]*(?:[ \t]*,[ \t]*[A-Za-z]+[0-9]*)*)(?:[ \t]+(?P<reason>.*))?$"
)
_SHELL = re.compile(r"^#[ \t]*(?:hadolint|layerwise:?)[ \t]+shell[ \t]*=[ \t]*(?P<shell>[^\s#]+)[ \t]*(?:#.*)?$")


def parse_ignore(comment: Comment) -> IgnorePragma | None:
    text = comment.text.rstrip("\r\n")
    for tool, pattern in (("hadolint", _HADOLINT_IGNORE), ("layerwise", _LAYERWISE_IGNORE)):
        match = pattern.match(text.strip())
        if match:
            codes = frozenset(c.strip().upper() for c in match["codes"].split(","))
            scope = Scope(match["scope"]) if match["scope"] else Scope.NEXT
            reason = (match["reason"] or "").strip().lstrip("#").strip() or None
            return IgnorePragma(tool, scope, codes, reason, comment)
    return None


def parse_shell(comment: Comment) -> ShellPragma | None:
    match = _SHELL.match(comment.text.strip())
    return ShellPragma(match["shell"], comment) if match else None


def ignore_pragmas(dockerfile: Dockerfile) -> list[IgnorePragma]:
    return [p for c in dockerfile.comments if (p := parse_ignore(c)) is not None]


def shell_pragmas(dockerfile: Dockerfile) -> list[ShellPragma]:
    return [p for c in dockerfile.comments if (p := parse_shell(c)) is not None]


def comments_above(dockerfile: Dockerfile, instruction: Instruction) -> list[Comment]:
    """The block of comment lines directly above an instruction (no blank line in between)."""
    return _block_above({c.span.line: c for c in dockerfile.comments}, instruction)


def _block_above(by_line: dict[int, Comment], instruction: Instruction) -> list[Comment]:
    block = []
    line = instruction.span.line - 1
    while line in by_line:
        block.append(by_line[line])
        line -= 1
    return block


class Suppressions:
    """Which codes are silenced on which lines of one Dockerfile."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.pragmas = ignore_pragmas(dockerfile)
        self._global: set[str] = set()
        self._ranges: list[tuple[int, int, frozenset[str]]] = []  # (first line, last line, codes)
        by_comment = {id(p.comment): p for p in self.pragmas}
        by_line = {c.span.line: c for c in dockerfile.comments}
        for pragma in self.pragmas:
            if pragma.scope is Scope.GLOBAL:
                self._global |= pragma.codes
        for instruction in dockerfile.instructions:
            if not self.pragmas:
                break
            above = [by_comment[id(c)] for c in _block_above(by_line, instruction) if id(c) in by_comment]
            last_line = instruction.span.end_line
            for pragma in above:
                if pragma.scope is Scope.NEXT:
                    self._ranges.append((instruction.span.line, last_line, pragma.codes))
                elif pragma.scope is Scope.STAGE and instruction.keyword == "FROM":
                    end = _stage_end_line(dockerfile, instruction)
                    self._ranges.append((instruction.span.line, end, pragma.codes))

    def suppresses(self, finding: Finding) -> bool:
        if finding.code in self._global:
            return True
        return any(first <= finding.line <= last and finding.code in codes for first, last, codes in self._ranges)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if not self.suppresses(f)]


def _stage_end_line(dockerfile: Dockerfile, from_instruction: Instruction) -> int:
    for stage in dockerfile.stages:
        if stage.from_instruction is from_instruction:
            return stage.instructions[-1].span.end_line
    return from_instruction.span.end_line
