"""The Dockerfile model: lossless, with exact source spans for every part.

Pipeline position: Dockerfile text -> **model** -> findings -> edits -> new text.
Offsets are character offsets into `Dockerfile.text`; lines and columns are 1-based.
Joining the spans of the whole file reproduces the text byte for byte, so fixes can edit
exact positions and leave everything else untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import ShellScript
    from layerwise.dockerfile.variables import Scopes


@dataclass(frozen=True)
class Span:
    start: int  # offset of the first character
    end: int  # offset just past the last character
    line: int
    column: int
    end_line: int
    end_column: int  # column just past the last character on end_line


def line_start(text: str, offset: int) -> int:
    """Where the line holding `offset` starts. On the first line that is after a byte-order mark:
    BuildKit strips one only as the file's first character, so nothing may be put before it."""
    start = text.rfind("\n", 0, offset) + 1
    return 1 if start == 0 and text.startswith("\ufeff") else start


@dataclass(frozen=True)
class Comment:
    text: str  # including the leading '#'
    span: Span


@dataclass(frozen=True)
class Directive:
    """A parser directive at the top of the file: `# syntax=`, `# escape=`, `# check=`."""

    name: str  # lower case
    value: str
    span: Span


class _Located:
    """Something with a span, given as is or as a function that works it out on first use: the
    parser makes a span for every flag and argument, and rules ask for few of them."""

    __slots__ = ("_locate", "_span")

    def __init__(self, span: Span | Callable[[], Span]) -> None:
        self._span: Span | None = span if isinstance(span, Span) else None
        self._locate: Callable[[], Span] | None = None if isinstance(span, Span) else span

    @property
    def span(self) -> Span:
        if self._span is None:
            assert self._locate is not None
            self._span, self._locate = self._locate(), None
        return self._span


class Flag(_Located):
    """`--name=value` or `--name` before an instruction's arguments. `span`: the whole flag as
    written."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str | None, span: Span | Callable[[], Span]) -> None:
        super().__init__(span)
        self.name = name  # without the dashes, e.g. "mount", "from", "chown", "link"
        self.value = value  # None for a bare boolean flag such as `--link`

    def __repr__(self) -> str:
        return f"Flag({self.name!r}, {self.value!r})"


class Argument(_Located):
    """One argument as BuildKit splits it (its `value` tuple): what BuildKit's parser yields for
    it. `span`: the text it came from (for JSON form: the quoted string)."""

    __slots__ = ("value",)

    def __init__(self, value: str, span: Span | Callable[[], Span]) -> None:
        super().__init__(span)
        self.value = value

    def __repr__(self) -> str:
        return f"Argument({self.value!r})"


@dataclass(frozen=True)
class Heredoc:
    name: str  # the delimiter word, e.g. "EOF"
    content: str  # the body as BuildKit gives it (tabs stripped for <<-)
    strip_tabs: bool  # `<<-`
    expand: bool  # False when the delimiter was quoted (no variable expansion)
    span: Span  # from the first body line through the terminator line
    file_descriptor: int = 0  # `3<<EOF` feeds fd 3


@dataclass
class Instruction:
    keyword: str  # upper case: "RUN", "COPY", ...
    span: Span  # whole instruction: keyword, continuations, heredoc bodies, final newline excluded
    keyword_span: Span
    flags: list[Flag]
    arguments: list[Argument]
    args_span: Span | None  # raw text after the flags, continuations included (None if empty)
    is_json: bool  # exec (JSON) form
    heredocs: list[Heredoc] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)  # comment lines inside continuations
    onbuild: Instruction | None = None  # for ONBUILD: the instruction it triggers
    stage_index: int = -1  # -1 for ARGs before the first FROM
    source: str = ""  # the instruction's exact text (span slice)
    legacy_name_value: bool = False  # ENV/LABEL in the old `KEY value` form (no '=')
    escape: str = "\\"  # the file's escape character (`# escape=`), needed to read continuations
    run_shell: tuple[str, ...] | None = None  # the SHELL in effect here; None: the default /bin/sh -c
    empty_continuation_lines: list[int] = field(default_factory=list)  # BuildKit warns about these

    @property
    def line(self) -> int:
        return self.span.line

    def flag(self, name: str) -> Flag | None:
        return next((f for f in self.flags if f.name == name), None)

    def flag_values(self, name: str) -> list[str]:
        return [f.value or "" for f in self.flags if f.name == name]

    @property
    def values(self) -> list[str]:
        return [a.value for a in self.arguments]

    @cached_property
    def shell(self) -> ShellScript | None:
        """The shell script of a shell-form RUN (or of its heredocs), parsed with tree-sitter-bash."""
        from layerwise.dockerfile.shell import script_for

        return script_for(self)


@dataclass
class Stage:
    index: int
    name: str | None  # the `AS name`, lower-cased as BuildKit does
    base: str  # the FROM image after ARG expansion (may still hold unresolved `$VAR`)
    base_raw: str  # as written
    platform: str | None
    from_instruction: Instruction
    instructions: list[Instruction]  # FROM included, in order
    reaches_final: bool = False  # shipped: the final stage or something it copies or builds from


@dataclass
class Dockerfile:
    path: str
    text: str
    escape: str = "\\"
    directives: list[Directive] = field(default_factory=list)
    instructions: list[Instruction] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)  # every comment line, directives excluded
    global_args: dict[str, str | None] = field(default_factory=dict)  # ARGs before the first FROM
    scopes: Scopes | None = field(default=None, repr=False, compare=False)  # filled by the parser
    # Facts the rules derive from the whole file (instruction lists by keyword, variables of a
    # RUN, ...), worked out once and shared by every rule: the model does not change after parsing.
    memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def env_at(self, ins: Instruction) -> dict[str, str | None]:
        """ARG/ENV variables in scope at `ins`, before it runs (FROM sees the global ARGs).

        A value of None means declared but unknown here (no default, or it depends on the
        base image or a --build-arg). An ONBUILD's inner instruction sees its ONBUILD's scope.
        """
        if self.scopes is None:
            return {}
        before = self.scopes.before
        if id(ins) not in before:  # an ONBUILD trigger: the scope at its ONBUILD line
            ins = next((candidate for candidate in self.instructions if candidate.onbuild is ins), ins)
        return dict(before.get(id(ins), {}))

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_by_name(self, name: str) -> Stage | None:
        """The first stage of this name (`stages` is complete once the parser has filled it)."""
        by_name: dict[str | None, Stage] | None = self.memo.get("stage_names")
        if by_name is None:
            by_name = self.memo["stage_names"] = {}
            for stage in self.stages:
                by_name.setdefault(stage.name, stage)  # the first of a name, as a scan finds it
        return by_name.get(name.lower())

    def parent_of(self, stage: Stage) -> Stage | None:
        """The earlier stage `stage` is built FROM, or None when it is built from an image."""
        parent = self.stage_by_name(stage.base) or self.stage_by_name(stage.base_raw)
        return parent if parent is not None and parent.index < stage.index else None
