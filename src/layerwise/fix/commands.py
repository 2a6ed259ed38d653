"""Editing the command list of a shell-form RUN: which commands are siblings in one list, what
separates them, and edits that delete commands, words or whole instructions while keeping the
author's layout (operators, continuation lines, indentation).

Used by fixes that move commands (the stage split) and by variants that translate them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Instruction
from layerwise.fix.edits import delete_word
from layerwise.fix.script import shell_view
from layerwise.rules.base import Edit

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command, Word

# What may stand between two sibling commands of one list, once continuations are blanked:
# the first one's redirections (outside its span), then one operator.
_REDIRECTS = r"(?P<redirects>(?:\s*\d*(?:>>|>\||>&|&>>|&>|>|<&|<<<|<)\s*(?:\"[^\"]*\"|'[^']*'|[^\s;&|<>]+))*)"
_SEPARATOR = re.compile(_REDIRECTS + r"\s*(?P<operator>&&|\|\||;|\||&)?\s*")


def drop_word(text: str, words: Sequence[Word], word: Word, escape: str = "\\") -> Edit:
    """Delete `word` of a command as `delete_word` does, except that the last word of a command
    takes what separates it from the word before, so the deletion never reaches into the next
    command."""
    index = next(i for i, w in enumerate(words) if w.span.start == word.span.start)
    if index == len(words) - 1 and index > 0:
        return Edit(words[index - 1].span.end, word.span.end, "")
    return delete_word(text, word, escape)


def instruction_removal(text: str, ins: Instruction) -> Edit:
    """Delete a whole instruction with its line break (and a blank line after it, if any)."""
    start = text.rfind("\n", 0, ins.span.start) + 1
    end = ins.span.end
    if text.startswith("\n", end):
        end += 1
    return Edit(start, end, "")


@dataclass(frozen=True)
class CommandList:
    """The commands of one RUN in source order, and what separates them."""

    text: str
    commands: Sequence[Command]

    def gap(self, start: int, end: int) -> str | None:
        """The operator between two offsets if only redirections, blanks and one operator stand
        there ("" for a newline)."""
        match = self._gap(start, end)
        return (match.group("operator") or "") if match else None

    def end_of(self, index: int) -> int:
        """Where a command really ends: after the redirections that follow its span."""
        command = self.commands[index]
        following = self.next_sibling(index)
        if following is None:
            match = _SEPARATOR.match(shell_view(self.text[command.span.end :]))
        else:
            match = self._gap(command.span.end, self.commands[following].span.start)
        return command.span.end + (match.end("redirects") if match else 0)

    def _gap(self, start: int, end: int) -> re.Match[str] | None:
        if end < start:
            return None
        return _SEPARATOR.fullmatch(shell_view(self.text[start:end]))

    def next_sibling(self, index: int) -> int | None:
        current = self.commands[index]
        for later in range(index + 1, len(self.commands)):
            if self.commands[later].span.start >= current.span.end:
                gap = self.gap(current.span.end, self.commands[later].span.start)
                return later if gap is not None else None
        return None

    def previous_sibling(self, index: int) -> int | None:
        current = self.commands[index]
        for earlier in range(index - 1, -1, -1):
            if self.commands[earlier].span.end <= current.span.start:
                gap = self.gap(self.commands[earlier].span.end, current.span.start)
                return earlier if gap is not None else None
        return None

    def operator_after(self, index: int) -> str | None:
        following = self.next_sibling(index)
        if following is None:
            return None
        return self.gap(self.commands[index].span.end, self.commands[following].span.start)

    def pipeline(self, index: int) -> tuple[int, int]:
        """The first and last index of the pipeline `index` belongs to."""
        first = last = index
        while (prev := self.previous_sibling(first)) is not None and self.operator_after(prev) == "|":
            first = prev
        while self.operator_after(last) == "|":
            following = self.next_sibling(last)
            assert following is not None
            last = following
        return first, last


def command_removals(ins: Instruction, listing: CommandList, doomed: set[int]) -> tuple[list[Edit], bool]:
    """Edits that delete the commands at `doomed` (whole pipelines) from a RUN's list, keeping
    the operators of the rest intact. Returns (edits, True) when nothing would be left: the caller
    deletes the instruction instead. A command that is not a plain list member (inside `if`, a
    subshell, ...) becomes `true`."""
    expanded: set[int] = set()
    for index in doomed:
        head, tail = listing.pipeline(index)
        expanded.update(range(head, tail + 1))
    edits: list[Edit] = []
    handled: set[int] = set()
    for index in sorted(expanded):
        if index in handled:
            continue
        run = [index]
        while (nxt := listing.next_sibling(run[-1])) is not None and nxt in expanded:
            run.append(nxt)
        handled.update(run)
        first = listing.commands[run[0]]
        following = listing.next_sibling(run[-1])
        previous = listing.previous_sibling(run[0])
        if following is not None:
            edits.append(Edit(first.span.start, listing.commands[following].span.start, ""))
        elif previous is not None:
            edits.append(Edit(listing.end_of(previous), listing.end_of(run[-1]), ""))
        elif _is_whole_script(ins, listing.text, first.span.start, listing.end_of(run[-1])):
            return [], True
        else:
            edits.append(Edit(first.span.start, listing.end_of(run[-1]), "true"))
    return edits, False


def _is_whole_script(ins: Instruction, text: str, start: int, end: int) -> bool:
    if ins.args_span is None or ins.heredocs:
        return False
    before = text[ins.args_span.start : start]
    after = text[end : ins.args_span.end]
    return not shell_view(before).strip(" ;") and not shell_view(after).strip(" ;")
