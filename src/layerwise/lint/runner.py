"""The lint runner: parse, run the enabled rules and ShellCheck, apply pragmas and severities.

Pipeline position: model -> **findings**. Returns data only; report/findings.py renders it.
Many files are linted in one process: each is parsed once, the rules run in turn (sharing what
they work out about a file through `Dockerfile.memo`), and the ShellCheck scripts of every file
go to a few batched `shellcheck` processes at the end. Without ShellCheck, a large set of files
is shared with helper processes (workers.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile
from layerwise.errors import LayerwiseError
from layerwise.lint.config import LintConfig
from layerwise.lint.pragmas import Suppressions
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.registry import all_rules

if TYPE_CHECKING:
    from layerwise.rules.shellcheck import ShellCheckRun

INTERNAL_ERROR = "LW000"  # a rule crashed: reported, never fatal to the run
PARSE_ERROR = "DL1000"  # hadolint's pseudo-code for a file that does not parse

STDIN = "-"
PARALLEL_MIN_FILES = 64  # below this, starting workers costs more than it saves


@dataclass
class FileResult:
    """The outcome of linting one file: findings, or the error that stopped it."""

    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    error: LayerwiseError | None = None  # unreadable or unparseable file
    config: LintConfig = field(default_factory=LintConfig)

    @property
    def failed(self) -> bool:
        """Whether this file makes the run fail (an error always does)."""
        return self.error is not None or any(self.config.fails_on(f.severity) for f in self.findings)


def enabled_rules(config: LintConfig) -> list[type[Rule]]:
    return [r for r in all_rules() if config.is_enabled(r.code, r.enabled_by_default)]


def sort_key(finding: Finding) -> tuple[int, int, str]:
    return (finding.line, finding.column, finding.code)


def run_rules(dockerfile: Dockerfile, config: LintConfig, rules: Iterable[type[Rule]]) -> list[Finding]:
    """Every finding of these rules, raw (no pragmas or overrides). A crash becomes a finding."""
    findings: list[Finding] = []
    for rule_class in rules:
        rule = rule_class()
        context = RuleContext(dockerfile=dockerfile, settings=config.settings, rule=rule)
        try:
            findings.extend(rule.check(context))
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            findings.append(internal_error(dockerfile, rule_class, exc))
    return findings


def internal_error(dockerfile: Dockerfile, rule: type[Rule], exc: BaseException) -> Finding:
    import traceback  # only on a crash

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Finding(
        code=INTERNAL_ERROR,
        severity=Severity.ERROR,
        message=f"internal error in rule {rule.code}: {type(exc).__name__}: {exc}{where}",
        path=dockerfile.path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
    )


def finish(dockerfile: Dockerfile, findings: Iterable[Finding], config: LintConfig) -> list[Finding]:
    """Apply enablement (for ShellCheck codes), pragmas and severity overrides; sort."""
    kept = [f for f in findings if f.code == INTERNAL_ERROR or config.is_enabled(f.code)]
    if not config.disable_ignore_pragma:
        kept = Suppressions(dockerfile).filter(kept)
    result = []
    for finding in kept:
        # A default-off rule written with hadolint's "ignore" level reports at info once enabled.
        native = Severity.INFO if finding.severity is Severity.IGNORE else finding.severity
        severity = config.severity_for(finding.code, native)
        if severity is Severity.IGNORE:
            continue
        result.append(finding if severity is finding.severity else finding.with_severity(severity))
    result.sort(key=sort_key)
    return result


def lint_dockerfile(dockerfile: Dockerfile, config: LintConfig | None = None) -> list[Finding]:
    """All findings for one parsed Dockerfile, sorted by (line, column, code)."""
    config = config or LintConfig()
    shellcheck = _start_shellcheck([dockerfile] if config.shellcheck else [])
    try:
        findings = run_rules(dockerfile, config, enabled_rules(config))
        if shellcheck is not None:
            findings.extend(shellcheck.results()[0])
    finally:
        if shellcheck is not None:
            shellcheck.close()
    return finish(dockerfile, findings, config)


def lint_text(text: str, path: str = "Dockerfile", config: LintConfig | None = None) -> list[Finding]:
    """Parse and lint a Dockerfile's text. A parse error raises ParseError."""
    return lint_dockerfile(parse(text, path), config)


def read_source(path: str, stdin: Callable[[], str] | None = None) -> str:
    """A Dockerfile's text; `-` reads stdin. An unreadable file is a LayerwiseError."""
    if path == STDIN:
        if stdin is None:
            import sys

            return sys.stdin.read()
        return stdin()
    from layerwise.textfile import read_source as read_file

    return read_file(path).text


def lint_files(
    paths: Sequence[str],
    config_for: Callable[[str], LintConfig] | None = None,
    stdin: Callable[[], str] | None = None,
) -> list[FileResult]:
    """Lint many files. `config_for(path)` gives each file its configuration (default:
    LintConfig()). Files that cannot be read or parsed get `error` set; the others are still
    linted. ShellCheck runs once, batched, over the RUNs of all files, in background processes
    while the rules run; without ShellCheck, a large set of files is split over the cores."""
    configs = [config_for(path) if config_for else LintConfig() for path in paths]
    with fewer_collections():
        if _worth_splitting(paths, configs):
            return _lint_in_workers(paths, configs)
        return _lint_here(paths, configs, stdin)


@contextmanager
def fewer_collections(every: int = 50_000) -> Iterator[None]:
    """Run the cyclic garbage collector every `every` allocations instead of every 700: linting
    makes many small objects that live until their file is done, and the default pace spends a
    sixth of the time scanning them again and again. Garbage is still collected, memory stays
    bounded. Helpers forked meanwhile inherit the setting."""
    import gc

    old = gc.get_threshold()
    gc.set_threshold(max(old[0], every), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _worth_splitting(paths: Sequence[str], configs: list[LintConfig]) -> bool:
    return (
        (os.cpu_count() or 1) > 1
        and len(paths) >= PARALLEL_MIN_FILES
        and STDIN not in paths
        and not any(c.shellcheck for c in configs)
    )


def _lint_in_workers(paths: Sequence[str], configs: list[LintConfig]) -> list[FileResult]:
    """This process and one helper process per other core share the files (see workers.py).
    Every rule is imported first, so a helper forked from here starts with them (BuildKit's Go
    library is loaded, if at all, only by a parse after the fork)."""
    from layerwise.lint.workers import lint_shared

    all_rules()  # imports every rule family
    import gc

    gc.freeze()  # the modules just imported: not walked by every collection, here or in a fork
    try:
        jobs = min(os.cpu_count() or 1, len(paths) // (PARALLEL_MIN_FILES // 2))
        return lint_shared(paths, configs, jobs - 1, _lint_here, fork=True)
    finally:
        gc.unfreeze()


def _lint_here(
    paths: Sequence[str], configs: list[LintConfig], stdin: Callable[[], str] | None = None
) -> list[FileResult]:
    results: list[FileResult] = []
    parsed: list[tuple[FileResult, Dockerfile]] = []
    for path, config in zip(paths, configs, strict=True):
        result = FileResult(path=path, config=config)
        results.append(result)
        try:
            result.text = read_source(path, stdin)
            parsed.append((result, parse(result.text, path)))
        except LayerwiseError as exc:
            result.error = exc
    checked = [(r, d) for r, d in parsed if r.config.shellcheck]
    shellcheck = _start_shellcheck([d for _, d in checked])
    try:
        rules_cache: dict[int, list[type[Rule]]] = {}
        raw: dict[int, list[Finding]] = {}
        for result, dockerfile in parsed:
            rules = rules_cache.get(id(result.config))
            if rules is None:
                rules = rules_cache[id(result.config)] = enabled_rules(result.config)
            raw[id(result)] = run_rules(dockerfile, result.config, rules)
        shell_findings = shellcheck.results() if shellcheck is not None else []
    finally:
        if shellcheck is not None:
            shellcheck.close()
    for (result, _), found in zip(checked, shell_findings, strict=True):
        raw[id(result)].extend(found)
    for result, dockerfile in parsed:
        result.findings = finish(dockerfile, raw[id(result)], result.config)
    return results


def _start_shellcheck(dockerfiles: list[Dockerfile]) -> ShellCheckRun | None:
    """Start ShellCheck in the background (None when no file wants it)."""
    if not dockerfiles:
        return None
    from layerwise.rules.shellcheck import ShellCheckRun

    return ShellCheckRun(dockerfiles)
