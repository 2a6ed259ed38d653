"""ARG/ENV values where BuildKit resolves them, and `$VAR` expansion like BuildKit's shell lexer.

Scope rules (BuildKit): ARGs before the first FROM are global and expand only in FROM lines;
inside a stage an `ARG NAME` without a value takes the global default; ENV and ARG values
expand the variables declared before them (all pairs of one instruction see the same, earlier
environment); a stage built `FROM` another stage inherits its ENV, not its ARGs.
A value of None means declared but unknown here (no default: it comes from --build-arg).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layerwise.dockerfile.model import Dockerfile, Instruction

Environment = dict[str, str | None]

# BuildKit's automatic platform ARGs: usable in FROM without a declaration, values unknown here.
PLATFORM_ARGS = (
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
)
_SPECIAL_PARAMS = set("@*#?-$!0")


@dataclass(frozen=True)
class Expanded:
    value: str
    unresolved: set[str] = field(default_factory=set)  # names without a known value

    @property
    def is_static(self) -> bool:
        return not self.unresolved


class _Lexer:
    """A port of the rules of BuildKit's shell.Lex.ProcessWord (quotes removed, $ expanded)."""

    def __init__(self, text: str, env: Mapping[str, str | None], escape: str, keep_unresolved: bool) -> None:
        self.text = text
        self.pos = 0
        self.env = env
        self.escape = escape
        self.keep_unresolved = keep_unresolved
        self.unresolved: set[str] = set()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        ch = self.peek()
        self.pos += 1
        return ch

    def word(self, stop: str = "") -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.peek()
            if stop and ch == stop:
                self.pos += 1
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
            elif ch == "'":
                out.append(self.single_quoted())
            elif ch == '"':
                out.append(self.double_quoted())
            else:
                self.pos += 1
                if ch == self.escape:
                    if self.pos >= len(self.text):
                        break
                    ch = self.next()
                out.append(ch)
        return "".join(out)

    def single_quoted(self) -> str:
        self.pos += 1
        end = self.text.find("'", self.pos)
        if end < 0:
            end = len(self.text)
        value = self.text[self.pos : end]
        self.pos = end + 1
        return value

    def double_quoted(self) -> str:
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.peek()
            if ch == '"':
                self.pos += 1
                break
            if ch == "$":
                out.append(self.dollar())
                continue
            self.pos += 1
            if ch == self.escape and self.peek() in ('"', "$", self.escape) and self.peek():
                ch = self.next()
            elif ch == self.escape and not self.peek():
                continue
            out.append(ch)
        return "".join(out)

    def name(self) -> str:
        start = self.pos
        ch = self.peek()
        if ch.isdigit():
            while self.peek().isdigit():
                self.pos += 1
            return self.text[start : self.pos]
        if ch and ch in _SPECIAL_PARAMS:
            self.pos += 1
            return ch
        while self.peek() and (self.peek().isalnum() or self.peek() == "_"):
            self.pos += 1
        return self.text[start : self.pos]

    def lookup(self, name: str) -> str | None:
        value = self.env.get(name)
        if value is None:
            self.unresolved.add(name)
        return value

    def dollar(self) -> str:
        start = self.pos
        self.pos += 1
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$"
            value = self.lookup(name)
            return self._unknown(start) if value is None else value
        self.pos += 1
        name = self.name()
        op = self.next()
        if op == "}":
            value = self.lookup(name)
            return self._unknown(start) if value is None else value
        null_is_unset = op == ":"
        if null_is_unset:
            op = self.next()
        if op not in "+-?#%" or not op:
            self._skip_to_brace()
            self.unresolved.add(name)
            return self._unknown(start)
        word = self.word(stop="}")
        value = self.lookup(name)
        is_set = value is not None and not (null_is_unset and value == "")
        if op == "-":
            return value if is_set and value is not None else word
        if op == "+":
            return word if is_set else ""
        if value is None:
            return self._unknown(start)
        if op == "?":
            return value
        return self._trim(value, word, op)

    @staticmethod
    def _trim(value: str, pattern: str, op: str) -> str:
        """${VAR#pat} / ${VAR%pat} for literal patterns (globs are kept as the value)."""
        greedy = pattern.startswith(op)
        pattern = pattern[1:] if greedy else pattern
        if any(c in pattern for c in "*?["):
            return value
        if op == "#":
            return value[len(pattern) :] if value.startswith(pattern) else value
        return value[: -len(pattern)] if pattern and value.endswith(pattern) else value

    def _skip_to_brace(self) -> None:
        end = self.text.find("}", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def _unknown(self, start: int) -> str:
        return self.text[start : self.pos] if self.keep_unresolved else ""


def expand(
    text: str,
    env: Mapping[str, str | None],
    escape: str = "\\",
    keep_unresolved: bool = True,
) -> Expanded:
    """Expand `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:+a}`, `${VAR+a}` and remove quotes.

    Unknown variables (undeclared, or declared without a value) are listed in `unresolved`;
    with keep_unresolved they stay as written, otherwise they expand to "" as in a build.
    """
    lexer = _Lexer(text, env, escape, keep_unresolved)
    value = lexer.word()
    return Expanded(value, lexer.unresolved)


def _assignments(ins: Instruction) -> list[tuple[str, str | None]]:
    """(name, raw value or None) pairs of an ARG or ENV instruction."""
    values = ins.values
    if ins.keyword == "ENV":
        return [(values[i], values[i + 1]) for i in range(0, len(values) - 1, 2)]
    pairs: list[tuple[str, str | None]] = []
    for word in values:
        name, has_value, value = word.partition("=")
        pairs.append((name, value if has_value else None))
    return pairs


@dataclass
class Scopes:
    """Environments computed once per Dockerfile."""

    global_args: Environment
    before: dict[int, Environment]  # id(instruction) -> environment in scope at it
    stage_end: list[Environment]  # per stage: its environment after the last instruction
    stage_env_only: list[Environment]  # per stage: ENV values only (what a child stage inherits)


def compute_scopes(dockerfile: Dockerfile) -> Scopes:
    global_args: Environment = dict.fromkeys(PLATFORM_ARGS)
    scopes = Scopes(global_args, {}, [], [])
    env: Environment = global_args  # before the first FROM, ARGs go to the global scope
    env_only: Environment = {}
    for ins in dockerfile.instructions:
        if ins.keyword == "FROM":
            if ins.stage_index > 0:
                scopes.stage_end.append(env)
                scopes.stage_env_only.append(env_only)
            scopes.before[id(ins)] = dict(global_args)
            env_only = _inherited_env(dockerfile, ins, scopes.stage_env_only)
            env = dict(env_only)
            continue
        scopes.before[id(ins)] = dict(env)
        if ins.keyword in ("ARG", "ENV"):
            updates = _updates(ins, env, env_only, global_args, dockerfile.escape)
            env.update(updates)
            if ins.keyword == "ENV":
                env_only.update(updates)
    if dockerfile.stages:
        scopes.stage_end.append(env)
        scopes.stage_env_only.append(env_only)
    return scopes


def _updates(
    ins: Instruction, env: Environment, env_only: Environment, global_args: Environment, escape: str
) -> Environment:
    """New values of one ARG/ENV; all its pairs expand against the environment before it."""
    updates: Environment = {}
    in_stage = ins.stage_index >= 0
    for name, raw in _assignments(ins):
        if ins.keyword == "ARG" and name in env_only:
            continue  # an ENV of the same name wins over an ARG
        if raw is None:
            updates[name] = global_args.get(name) if in_stage else None
            continue
        expanded = expand(raw, env, escape)
        updates[name] = expanded.value if expanded.is_static else None
    return updates


def _inherited_env(dockerfile: Dockerfile, from_ins: Instruction, done: list[Environment]) -> Environment:
    """A stage built FROM an earlier stage starts with that stage's ENV values."""
    stage = next((s for s in dockerfile.stages if s.from_instruction is from_ins), None)
    if stage is None:
        return {}
    parent = dockerfile.stage_by_name(stage.base)
    if parent is None or parent.index >= stage.index or parent.index >= len(done):
        return {}
    return dict(done[parent.index])
