"""What a rule is: a code, a severity, a one-line message, its check and, where it has one, its fix.

Pipeline position: model -> **findings** (with fixes as edits) -> new text.
A rule is a subclass of `Rule` in its own module under `layerwise.rules.<family>`; the registry
finds it by importing the family packages, so adding a rule touches one file and its test.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum, IntEnum
from typing import TYPE_CHECKING, Any, ClassVar

from layerwise.dockerfile.model import Dockerfile, Instruction, Span

if TYPE_CHECKING:
    from layerwise.dockerfile.model import Stage


class Severity(IntEnum):
    """hadolint's levels, ordered so that a higher value is more severe. IGNORE means off."""

    IGNORE = 0
    STYLE = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of {names})") from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(Enum):
    """As in ruff: safe fixes keep behaviour; unsafe ones change what is installed or who runs."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace text[start:end] with `replacement` (offsets into the Dockerfile text)."""

    start: int
    end: int
    replacement: str

    @classmethod
    def insert(cls, at: int, text: str) -> Edit:
        return cls(at, at, text)

    @classmethod
    def delete(cls, span: Span) -> Edit:
        return cls(span.start, span.end, "")

    @classmethod
    def replace_span(cls, span: Span, text: str) -> Edit:
        return cls(span.start, span.end, text)


@dataclass(frozen=True)
class Fix:
    title: str  # imperative one-liner: "Add --no-install-recommends"
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)


@dataclass
class LintSettings:
    """The parts of configuration that rules read (the rest is applied by the runner)."""

    trusted_registries: list[str] = field(default_factory=list)
    label_schema: dict[str, str] = field(default_factory=dict)
    strict_labels: bool = False
    # Fixes for a build-time download: purge the tool in place (False) or fetch in a builder stage.
    multi_stage: bool = False


@dataclass
class RuleContext:
    dockerfile: Dockerfile
    settings: LintSettings
    rule: Rule

    def instructions(self, *keywords: str, stage: Stage | None = None) -> Iterator[Instruction]:
        """Instructions with these keywords (all when none), ONBUILD triggers included for
        rules that apply to them, as hadolint's `onbuild` combinator does."""
        key = ("instructions", keywords, self.rule.onbuild, None if stage is None else stage.index)
        found: tuple[Instruction, ...] | None = self.dockerfile.memo.get(key)
        if found is None:  # many rules ask the same of each file: select once
            found = self.dockerfile.memo[key] = tuple(self._select(keywords, stage))
        return iter(found)

    def _select(self, keywords: tuple[str, ...], stage: Stage | None) -> Iterator[Instruction]:
        wanted = {k.upper() for k in keywords}
        source = stage.instructions if stage is not None else self.dockerfile.instructions
        for ins in source:
            if not wanted or ins.keyword in wanted:
                yield ins
            if self.rule.onbuild and ins.onbuild is not None and (not wanted or ins.onbuild.keyword in wanted):
                yield ins.onbuild

    def finding(
        self,
        at: Instruction | Span,
        message: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        span = at.span if isinstance(at, Instruction) else at
        return Finding(
            code=self.rule.code,
            severity=self.rule.severity,
            message=message or self.rule.message,
            path=self.dockerfile.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            fix=fix,
        )


class Rule:
    """Base class of every rule. The class docstring is the rule's documentation
    ("What it does / Why / Example"), from which docs/rules.md is generated."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    message: ClassVar[str]  # one line, shown when the check gives no more specific text
    enabled_by_default: ClassVar[bool] = True
    fix_applicability: ClassVar[Applicability | None] = None  # None: the rule has no fix
    onbuild: ClassVar[bool] = False  # also check the instruction inside ONBUILD
    # Where layerwise deliberately differs from hadolint, one line saying how and why.
    differs_from_hadolint: ClassVar[str | None] = None

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def info(cls) -> dict[str, Any]:
        return {
            "code": cls.code,
            "severity": str(cls.severity),
            "message": cls.message,
            "enabled": cls.enabled_by_default,
            "fix": cls.fix_applicability.value if cls.fix_applicability else None,
        }
