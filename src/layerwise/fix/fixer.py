"""The fixer: lint, apply the non-conflicting fixes, re-lint, until nothing changes (as ruff).

Pipeline position: findings (with fixes as edits) -> **new text**. Nothing is written here:
the result says what changed, which findings were fixed and which remain and why; the CLI
decides whether to print a diff or write the file.

Every round's text must still be a valid Dockerfile before it is kept: BuildKit's parser (via
the project's parser) accepts it, no new unknown instruction appears (a dropped continuation
backslash turns `&& ...` into an "instruction"), and no RUN script stops parsing. A fix that
breaks this is dropped and reported; the others still apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from layerwise.dockerfile import parse
from layerwise.dockerfile.arguments import KNOWN_KEYWORDS
from layerwise.dockerfile.model import Dockerfile
from layerwise.errors import LayerwiseError
from layerwise.fix.apply import apply_edits, compatible
from layerwise.fix.script import script_shape
from layerwise.lint.config import LintConfig
from layerwise.lint.runner import lint_dockerfile
from layerwise.rules.base import Applicability, Edit, Finding, Fix

MAX_ROUNDS = 20

NO_FIX = "no fix available"
UNSAFE = "unsafe fix not enabled (use --unsafe-fixes)"
CONFLICT = "its fix conflicts with another fix"


@dataclass(frozen=True)
class AppliedFix:
    code: str
    title: str
    line: int  # in the text the fix was applied to
    message: str


@dataclass(frozen=True)
class Remaining:
    finding: Finding  # positions refer to the fixed text
    reason: str  # NO_FIX, UNSAFE, CONFLICT or "fix rejected: ..."


@dataclass
class FixResult:
    path: str
    original: str
    text: str
    fixed: list[AppliedFix] = field(default_factory=list)
    remaining: list[Remaining] = field(default_factory=list)
    rejected: list[AppliedFix] = field(default_factory=list)  # fixes dropped: they broke the file
    rounds: int = 0

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fix_config(
    config: LintConfig | None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    multi_stage: bool = False,
) -> LintConfig:
    """The lint configuration the fixer uses: `select` replaces the selection, `ignore` adds,
    `multi_stage` makes build-time downloads move to a builder stage instead of being purged."""
    config = config or LintConfig()
    return replace(
        config,
        select=list(select) if select else config.select,
        ignore=[*config.ignore, *ignore],
        settings=replace(config.settings, multi_stage=multi_stage or config.settings.multi_stage),
    )


def fix_text(
    text: str,
    path: str = "Dockerfile",
    config: LintConfig | None = None,
    unsafe: bool = False,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    multi_stage: bool = False,
) -> FixResult:
    """Fix `text` in rounds until no applicable fix remains. A parse error of the input raises
    ParseError; fixes that do not converge raise LayerwiseError."""
    config = fix_config(config, select, ignore, multi_stage)
    rounds_config = replace(config, shellcheck=False)  # ShellCheck offers no fixes
    dockerfile = parse(text, path)
    result = FixResult(path=path, original=text, text=text)
    rejected: dict[tuple[object, ...], str] = {}
    for round_number in range(1, MAX_ROUNDS + 1):
        findings = lint_dockerfile(dockerfile, rounds_config)
        chosen = choose(findings, unsafe, rejected, result.text)
        if not chosen:
            break
        applied, new_text, new_dockerfile = apply_valid(dockerfile, chosen, rejected, result)
        if new_text == result.text:
            break
        result.fixed.extend(applied)
        result.text, dockerfile, result.rounds = new_text, new_dockerfile, round_number
    else:
        raise LayerwiseError(f"fixes did not converge after {MAX_ROUNDS} rounds", where=path)
    # The last round linted the final text already, unless ShellCheck must be added.
    final = lint_dockerfile(dockerfile, config) if config.shellcheck else findings
    result.remaining = [Remaining(f, reason(f, unsafe, rejected, result.text)) for f in final]
    return result


def fix_key(finding: Finding, text: str) -> tuple[object, ...]:
    """Identifies a fix across rounds: what it replaces with what (offsets shift, text does not)."""
    assert finding.fix is not None
    edits = tuple((text[e.start : e.end], e.replacement) for e in finding.fix.edits)
    return (finding.code, finding.fix.title, finding.line, edits)


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def choose(findings: list[Finding], unsafe: bool, rejected: dict[tuple[object, ...], str], text: str) -> list[Finding]:
    """The findings whose fixes apply this round: applicable, not rejected before, and not
    overlapping a fix chosen earlier in the file (several findings may share one fix)."""
    chosen: list[Finding] = []
    taken: list[Edit] = []
    seen: list[tuple[Edit, ...]] = []
    for finding in sorted(findings, key=first_edit):
        fix = finding.fix
        if fix is None or not applicable(fix, unsafe) or not fix.edits or fix_key(finding, text) in rejected:
            continue
        if fix.edits in seen:
            chosen.append(finding)  # the same fix, already taken for another finding
        elif compatible(taken, fix.edits):
            chosen.append(finding)
            taken.extend(fix.edits)
            seen.append(fix.edits)
    return chosen


def first_edit(finding: Finding) -> int:
    return min((e.start for e in finding.fix.edits), default=0) if finding.fix else 0


def apply_valid(
    dockerfile: Dockerfile,
    chosen: list[Finding],
    rejected: dict[tuple[object, ...], str],
    result: FixResult,
) -> tuple[list[AppliedFix], str, Dockerfile]:
    """Apply the chosen fixes; if the result is invalid, add them one by one and drop those
    that break the file."""
    text = dockerfile.text
    everything = _edits(chosen)
    new_text = apply_edits(text, everything)
    checked = validate(dockerfile, new_text)
    if isinstance(checked, Dockerfile):
        return [_applied(f) for f in chosen], new_text, checked
    kept: list[Finding] = []
    current: Dockerfile = dockerfile
    for finding in chosen:
        trial_text = apply_edits(text, _edits([*kept, finding]))
        trial = validate(dockerfile, trial_text)
        if isinstance(trial, Dockerfile):
            kept.append(finding)
            current = trial
        else:
            rejected[fix_key(finding, text)] = trial
            result.rejected.append(replace(_applied(finding), message=trial))
    return [_applied(f) for f in kept], current.text, current


def _edits(findings: list[Finding]) -> list[Edit]:
    unique: list[Edit] = []
    for finding in findings:
        assert finding.fix is not None
        unique.extend(e for e in finding.fix.edits if e not in unique)
    return unique


def _applied(finding: Finding) -> AppliedFix:
    assert finding.fix is not None
    return AppliedFix(finding.code, finding.fix.title, finding.line, finding.message)


def validate(before: Dockerfile, text: str) -> Dockerfile | str:
    """The parsed new text, or why it is not an acceptable Dockerfile."""
    try:
        after = parse(text, before.path, with_buildkit=True)
    except LayerwiseError as exc:
        return f"the result does not parse: {exc.message}"
    if unknown_instructions(after) > unknown_instructions(before):
        return "the result has an unknown instruction (a lost line continuation?)"
    if broken_scripts(after) > broken_scripts(before):
        return "a RUN script no longer parses as shell"
    return after


def unknown_instructions(dockerfile: Dockerfile) -> int:
    return sum(1 for ins in dockerfile.instructions if ins.keyword.lower() not in KNOWN_KEYWORDS)


def broken_scripts(dockerfile: Dockerfile) -> int:
    count = 0
    for ins in dockerfile.instructions:
        shape = script_shape(dockerfile, ins)
        count += shape is not None and shape.error
    return count


def reason(finding: Finding, unsafe: bool, rejected: dict[tuple[object, ...], str], text: str) -> str:
    if finding.fix is None:
        return NO_FIX
    if not applicable(finding.fix, unsafe):
        return UNSAFE
    why = rejected.get(fix_key(finding, text))
    return f"fix rejected: {why}" if why else CONFLICT
