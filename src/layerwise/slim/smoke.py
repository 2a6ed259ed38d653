"""Smoke checks: run the same checks in the original and the optimized image, and say what the
optimized one broke.

The automatic checks are the seed chapter's failures made mechanical: the program no longer
starts, CERTIFICATE_VERIFY_FAILED once `--auto-remove` took ca-certificates, Permission denied
once the program ran as a user who cannot write its WORKDIR, and a library gone missing.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from layerwise.engine.client import connect
from layerwise.engine.run import RunResult, run

Runner = Callable[..., RunResult]

# One shell probe gathers the facts that need a look inside; each fact is a `key=value` line.
PROBE = r"""
exe="$1"; shift
if [ -n "$exe" ]; then
  path=$(command -v "$exe" 2>/dev/null || true)
  echo "entrypoint_resolves=$([ -n "$path" ] && echo yes || echo no)"
  if [ -n "$path" ] && command -v ldd >/dev/null 2>&1 && ldd "$path" >/dev/null 2>&1; then
    echo "missing_libraries=$(ldd "$path" 2>/dev/null | grep 'not found' | awk '{print $1}' | tr '\n' ' ')"
  fi
  if [ -n "$path" ] && head -c 2 "$path" 2>/dev/null | grep -q '#!'; then
    interp=$(head -n 1 "$path" | sed 's/^#! *//' | awk '{print $1}')
    [ "$interp" = /usr/bin/env ] && interp=$(command -v "$(head -n 1 "$path" | awk '{print $2}')" || echo missing)
    echo "interpreter_resolves=$([ -x "$interp" ] && echo yes || echo no)"
  fi
fi
echo "ca_bundle=$([ -s /etc/ssl/certs/ca-certificates.crt ] || [ -s /etc/ssl/cert.pem ] && echo yes || echo no)"
if command -v python3 >/dev/null 2>&1; then
  echo "python_tls=$(python3 -c 'import ssl; print("yes" if ssl.create_default_context().cert_store_stats()["x509_ca"] else "no")' 2>/dev/null || echo no)"
fi
for dir in "$@"; do
  [ -d "$dir" ] || continue
  find "$dir" -maxdepth 2 -type d 2>/dev/null | while read -r d; do
    if touch "$d/.layerwise-probe" 2>/dev/null; then rm -f "$d/.layerwise-probe"; echo "writable=$d"; fi
  done
done
"""


@dataclass(frozen=True)
class CheckResult:
    name: str  # e.g. "smoke: --version", "ca-certificates", "writable /mydir"
    passed: bool
    detail: str = ""


@dataclass
class ImageFacts:
    """What a smoke run learned of one image."""

    results: dict[str, CheckResult] = field(default_factory=dict)

    def add(self, result: CheckResult) -> None:
        self.results[result.name] = result


@dataclass(frozen=True)
class Regression:
    check: str
    original: CheckResult
    optimized: CheckResult | None

    def describe(self) -> str:
        got = self.optimized.detail if self.optimized else "check missing"
        return f"{self.check}: passed in the original, fails in the optimized image ({got})"


def image_config(image: str) -> dict[str, Any]:
    return dict(connect().images.get(image).attrs.get("Config") or {})


def run_checks(image: str, smoke: list[str], runner: Runner = run, timeout: float = 120) -> ImageFacts:
    """Run the user's smoke commands and the automatic checks in `image`."""
    facts = ImageFacts()
    config = image_config(image)
    for command in smoke:
        result = runner(image, shlex.split(command), timeout=timeout)
        facts.add(CheckResult(f"smoke: {command}", result.ok, _summary(result)))
        facts.add(CheckResult(f"output: {command}", result.ok, result.output.strip()))
    entrypoint = list(config.get("Entrypoint") or [])
    if entrypoint and not smoke:
        for flag in ("--version", "--help"):
            started = runner(image, [flag], timeout=timeout)
            if started.ok:
                facts.add(CheckResult(f"starts: {flag}", True, _summary(started)))
                break
        else:
            facts.add(CheckResult("starts: --version", False, _summary(started)))
    _probe(image, config, facts, runner, timeout)
    return facts


def _probe(image: str, config: dict[str, Any], facts: ImageFacts, runner: Runner, timeout: float) -> None:
    program = list(config.get("Entrypoint") or config.get("Cmd") or [])
    exe = program[0] if program and program[0] not in ("/bin/sh", "sh", "bash", "/bin/bash") else ""
    workdir = config.get("WorkingDir") or ""
    dirs = [d for d in (workdir, "/tmp") if d]
    result = runner(image, ["-c", PROBE, "probe", exe, *dirs], entrypoint=["/bin/sh"], timeout=timeout)
    if not result.ok and "=" not in result.output:
        facts.add(CheckResult("shell probe", False, "no /bin/sh in the image: automatic checks skipped"))
        return
    found: dict[str, list[str]] = {}
    for line in result.output.splitlines():
        key, _, value = line.partition("=")
        found.setdefault(key.strip(), []).append(value.strip())
    if exe:
        facts.add(CheckResult(f"resolves: {exe}", found.get("entrypoint_resolves") == ["yes"]))
        if "interpreter_resolves" in found:
            facts.add(CheckResult(f"interpreter of {exe}", found["interpreter_resolves"] == ["yes"]))
        missing = " ".join(found.get("missing_libraries", [])).split()
        facts.add(CheckResult(f"libraries of {exe}", not missing, ", ".join(missing)))
    facts.add(CheckResult("ca-certificates", found.get("ca_bundle") == ["yes"], "CA bundle in /etc/ssl/certs"))
    if "python_tls" in found:
        facts.add(CheckResult("TLS context (python3)", found["python_tls"] == ["yes"], "ssl.create_default_context()"))
    for directory in found.get("writable", []):
        facts.add(CheckResult(f"writable: {directory}", True))


def regressions(original: ImageFacts, optimized: ImageFacts) -> list[Regression]:
    """Checks the original passed that the optimized image fails (or no longer has)."""
    broken = []
    for name, before in original.results.items():
        if not before.passed or name.startswith("output: "):
            continue
        after = optimized.results.get(name)
        if after is None and name.startswith("writable: "):
            after = CheckResult(name, False, f"{optimized_user_note(name)}")
        if after is None or not after.passed:
            broken.append(Regression(name, before, after))
        elif name.startswith("smoke: "):
            output = "output: " + name.removeprefix("smoke: ")
            if original.results[output].detail != optimized.results[output].detail:
                broken.append(Regression(output, original.results[output], optimized.results[output]))
    return broken


def optimized_user_note(check: str) -> str:
    return f"the optimized image's user cannot write {check.removeprefix('writable: ')}"


def passed(facts: ImageFacts) -> bool:
    return all(r.passed for r in facts.results.values())


def _summary(result: RunResult) -> str:
    if result.timed_out:
        return "timed out"
    lines = result.output.strip().splitlines()
    return f"exit {result.exit_code}" + (f": {lines[-1][:120]}" if lines else "")
