"""Benchmark: `layerwise slim` over every corpus Dockerfile that builds on this machine as it is.

    .venv/bin/python bench/slim_corpus.py [--build-bases] [--limit N] [--timeout-per-file S]
                                          [--jobs 1] [--builder classic|buildkit] [--json OUT]

Steps: (1) a static screen, cheap and before any build: every stage's base must be in the engine
(Debian bases can be built from the archive with --build-bases), no COPY/ADD of local files (the
corpus has no build contexts), no download from hosts other than the Debian mirror (this machine
reaches nothing else, and the builds must not even try); (2) `slim` on each remaining file, one
child process per file so a timeout can stop it cleanly; (3) the counts, the fixes that were
dropped, and the median and mean size reduction, per image and per byte added to the base. The
per-file table goes to the JSON file, each file's build log and optimized Dockerfile next to it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import docker.errors

from layerwise.dockerfile import Dockerfile, Instruction, parse
from layerwise.dockerfile.stages import external_images
from layerwise.engine.baseimage import NAME_PATTERN, build_bases
from layerwise.engine.build import Builder, BuildFailed
from layerwise.engine.client import connect
from layerwise.errors import LayerwiseError
from layerwise.slim.compare import compare
from layerwise.slim.loop import SlimOutcome, SlimRequest, slim

REPO = Path(__file__).resolve().parents[1]
DEBIAN_HOSTS = ("deb.debian.org", "security.debian.org")  # the only hosts this machine reaches
BUILT_LABEL = "org.layerwise.built"
PRUNE_EVERY = 10  # files between prunes of layerwise's own dangling images
PARFUM_MEAN_PCT = 4.6  # Parfum's published average reduction per image
BEST_PUBLISHED_PCT = 32.0  # the best published refactoring result

# ---------------------------------------------------------------------------------------------
# The static screen: what cannot build here, decided from the text alone


@dataclass
class Row:
    """One corpus file: where it got to and what slim made of it."""

    file: str
    bases: list[str] = field(default_factory=list)
    status: str = "candidate"  # skipped | original-failed | timeout | error | slimmed
    reason: str = ""  # the skip or failure category
    detail: str = ""
    seconds: float = 0.0
    builder: str = ""
    fixes_applied: list[str] = field(default_factory=list)
    fixes_dropped: list[dict[str, str]] = field(default_factory=list)
    first_attempt: str = ""  # built | broke (bisected) | unchanged (nothing to fix)
    kept_original: bool = False  # no single fix could be blamed: the original was handed back
    smoke_passed: bool | None = None
    checks: int = 0
    regressions: list[str] = field(default_factory=list)
    base_size: int | None = None
    original_size: int | None = None
    optimized_size: int | None = None
    reduction_pct: float | None = None
    added_reduction_pct: float | None = None


# Tools and commands that fetch from registries or arbitrary hosts; the name says which.
NETWORK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("https URL", r"https://"),
        ("git clone/fetch", r"\bgit\s+(?:clone|fetch|pull|submodule|ls-remote)\b"),
        ("pip install", r"\b(?:pip3?|pipx|easy_install|poetry|uv)\b[^\n;&|]*\binstall\b|\bpython3?\s+-m\s+pip\b"),
        ("npm/yarn install", r"\b(?:npm|yarn|pnpm)\s+(?:install|i|add|ci)\b|\bnpx\b"),
        ("go get/install", r"\bgo\s+(?:get|install|mod\s+download|build)\b"),
        ("gem/bundle install", r"\b(?:gem|bundle)\s+install\b"),
        ("cargo/rustup", r"\bcargo\s+(?:install|build|fetch)\b|\brustup\b"),
        ("other registry", r"\b(?:cpanm?|luarocks|composer|conda|mamba|dotnet\s+restore|mvn|gradle)\b"),
        ("R packages", r"install\.packages|\bRscript\b"),
        ("keyserver", r"--recv-keys?\b|--keyserver\b|\bapt-key\s+adv\b"),
        ("PPA", r"\badd-apt-repository\b"),
        ("docker pull", r"\bdocker\s+(?:pull|run)\b"),
        ("svn/hg checkout", r"\b(?:svn\s+(?:co|checkout|export)|hg\s+clone)\b"),
        # Packages whose maintainer scripts download from vendors' sites.
        ("downloading package", r"\b[a-z0-9.+-]+-installer\b|\bmscorefonts\b|\bflashplugin\b"),
        ("database update", r"\b(?:freshclam|geoipupdate|update-pciids|update-usbids)\b"),
    )
)
FETCHERS = ("curl", "wget", "aria2c")
FETCH_IN_SUBSTITUTION = re.compile(r"(?:\$\(|`)\s*(?:curl|wget|aria2c)\b")
HTTP_URL = re.compile(r"http://([^/\s\"'`$:;]+)")


def screen(path: Path, available: Callable[[str], bool]) -> Row:
    """A Row that is either `skipped` with its reason or still a `candidate` to build."""

    row = Row(file=path.name)
    try:
        dockerfile = parse(path.read_text(), str(path))
    except LayerwiseError as exc:
        return _skip(row, "does not parse", str(exc))
    row.bases = external_images(dockerfile)
    missing = [b for b in row.bases if not available(b)]
    checks: tuple[tuple[str, list[str]], ...] = (
        ("base image not available here", missing),
        ("COPY/ADD of local files", local_sources(dockerfile)),
        ("needs the network", network_uses(dockerfile)),
    )
    for reason, found in checks:
        if found:
            return _skip(row, reason, ", ".join(dict.fromkeys(found)))
    return row


def _skip(row: Row, reason: str, detail: str) -> Row:
    row.status, row.reason, row.detail = "skipped", reason, detail
    return row


def local_sources(dockerfile: Dockerfile) -> list[str]:
    """Sources of COPY/ADD that would come from the build context (not a stage, URL or heredoc)."""
    found = []
    for ins in dockerfile.instructions:
        if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
            continue
        for source in ins.values[:-1]:
            if not source.startswith(("<<", "http://", "https://", "git@")):
                found.append(f"line {ins.line}: {ins.keyword} {source}")
    return found


def network_uses(dockerfile: Dockerfile) -> list[str]:
    """What in the file would reach a host other than the Debian mirror (empty: nothing)."""
    found = [f"syntax directive ({d.value})" for d in dockerfile.directives if d.name == "syntax"]
    for ins in dockerfile.instructions:
        if ins.keyword == "ADD":
            found += [f"line {ins.line}: ADD {s}" for s in ins.values[:-1] if "://" in s or s.startswith("git@")]
        if ins.keyword == "RUN":
            found += [f"line {ins.line}: {reason}" for reason in run_network_uses(ins)]
    return found


def run_network_uses(ins: Instruction) -> list[str]:
    script = _without_comments(ins.source)
    found = [name for name, pattern in NETWORK_PATTERNS if pattern.search(script)]
    hosts = HTTP_URL.findall(script)
    foreign = sorted({h for h in hosts if h not in DEBIAN_HOSTS})
    found += [f"http host {host}" for host in foreign]
    # A fetcher with no literal Debian URL may reach anything through a variable. Commands, not
    # words: `apt-get install curl` installs curl without running it.
    fetches = bool(ins.shell and ins.shell.commands_named(*FETCHERS)) or FETCH_IN_SUBSTITUTION.search(script)
    if fetches and (foreign or not hosts):
        found.append("curl/wget of a host that is not the Debian mirror")
    return found


def _without_comments(source: str) -> str:
    """Comment lines inside continuations often hold URLs that are never fetched."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


# ---------------------------------------------------------------------------------------------
# Base images: the ones in the engine, and Debian ones built from the archive on request


def base_availability(names: Iterable[str], build: bool, say: Callable[[str], None]) -> dict[str, bool]:
    """Which bases exist in the engine; with `build`, Debian ones are built first (one try each)."""

    wanted = sorted(set(names))
    result = {name: _in_engine(name) for name in wanted}
    if build:
        for name in [n for n in wanted if not result[n] and NAME_PATTERN.match(n)]:
            say(f"building base {name} from the Debian archive")
            started = time.monotonic()
            try:
                build_bases([name])
                result[name] = True
                say(f"built {name} in {time.monotonic() - started:.0f} s")
            except LayerwiseError as exc:
                say(f"{name} is not available: {str(exc).splitlines()[0]}")
    return result


@functools.cache
def _in_engine(name: str) -> bool:

    try:
        connect().images.get(name)
    except docker.errors.APIError:  # not found, or not even a valid reference (`REPLACE-ME`)
        return False
    return True


# ---------------------------------------------------------------------------------------------
# One file, in a child process (`--one FILE`): slim, compare, clean up, print the row as JSON

# Build failures of the original, told apart by what the log tail says.
FAILURE_REASONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "network: name resolution",
        re.compile(r"Could not resolve|Temporary failure resolving|Name or service not known"),
    ),
    ("network: download failed", re.compile(r"Failed to fetch|404\s+Not Found|Connection (?:refused|timed out)")),
    ("suite gone from the mirror", re.compile(r"does not have a Release file|no longer has a Release file")),
    # The mirror's sid/testing Release is older than its Valid-Until window allows today.
    ("Release file expired", re.compile(r"Release file for \S+ is expired")),
    ("package not available", re.compile(r"Unable to locate package|has no installation candidate|is not available")),
    ("base image pull", re.compile(r"pull access denied|failed to resolve source metadata|manifest unknown")),
    ("dependency conflict", re.compile(r"unmet dependencies|Depends:|held broken packages")),
    ("command not found", re.compile(r"command not found|: not found")),
)


def failure_reason(log: str) -> str:
    return next((name for name, pattern in FAILURE_REASONS if pattern.search(log)), "other")


def failure_detail(log: list[str]) -> str:
    """apt's `E:` lines say why far better than the tail; fall back to the last lines."""
    errors = [line for line in log if re.search(r"\bE: |ERROR|error:", line)]
    return "\n".join((errors or log)[-6:])[-600:]


def run_one(dockerfile: Path, builder: str | None, safe_only: bool, logs: Path) -> Row:
    """Slim one corpus file in an empty context; every image it built is removed before returning."""

    row = Row(file=dockerfile.name)
    started = time.monotonic()
    log_path = logs / f"{dockerfile.name}.log"
    with tempfile.TemporaryDirectory(prefix="slim-corpus-") as tmp, log_path.open("w") as log:
        context = Path(tmp) / "context"
        context.mkdir()
        copy = Path(tmp) / "Dockerfile"
        copy.write_text(dockerfile.read_text())
        events = _Events(log)
        request = SlimRequest(context=context, dockerfile=copy, safe_only=safe_only, builder=_builder(builder))
        try:
            outcome = slim(request, events=events)
        except BuildFailed as exc:
            log_text = "\n".join(exc.log[-200:])
            row.status, row.reason, row.detail = "original-failed", failure_reason(log_text), failure_detail(exc.log)
        except LayerwiseError as exc:
            row.status, row.reason, row.detail = "error", type(exc).__name__, str(exc)[-600:]
        else:
            try:
                _record(row, outcome, events)
                (logs / f"{dockerfile.name}.optimized").write_text(outcome.fix.text)
            finally:
                _remove_images([outcome.original.image_id, outcome.optimized.image_id])
    row.seconds = round(time.monotonic() - started, 1)
    return row


class _Events:
    """slim's progress events: all go to the file's log; bisect news is kept for the row."""

    def __init__(self, log: TextIO) -> None:
        self.log = log
        self.started = time.monotonic()
        self.bisected = False
        self.kept_original = False

    def __call__(self, stage: str, message: str) -> None:
        self.log.write(f"{time.monotonic() - self.started:7.1f} [{stage}] {message.rstrip()}\n")
        if stage == "bisect" and message.startswith("the optimized image broke"):
            self.bisected = True
        if message.startswith("no single fix could be blamed"):
            self.kept_original = True


def _record(row: Row, outcome: SlimOutcome, events: _Events) -> None:

    comparison = compare(outcome)
    row.status = "slimmed"
    row.builder = outcome.builder
    row.fixes_applied = sorted(set(outcome.fixes_applied))
    row.fixes_dropped = [{"code": d.code, "reason": d.reason[:300]} for d in outcome.dropped]
    row.first_attempt = "broke (bisected)" if events.bisected else "built" if outcome.fix.fixed else "unchanged"
    row.kept_original = events.kept_original
    row.smoke_passed = comparison.smoke_passed
    row.checks = len(comparison.checks)
    row.regressions = [r.describe()[:300] for r in outcome.regressions]
    row.base_size = comparison.base_size_bytes
    row.original_size = comparison.original.size_bytes
    row.optimized_size = comparison.optimized.size_bytes
    row.reduction_pct = _pct(row.original_size, row.optimized_size)
    if comparison.original.added_bytes is not None and comparison.optimized.added_bytes is not None:
        row.added_reduction_pct = _pct(comparison.original.added_bytes, comparison.optimized.added_bytes)


def _pct(before: int, after: int) -> float | None:
    return round(100 * (before - after) / before, 2) + 0.0 if before > 0 else None  # + 0.0: no "-0.0"


def _builder(value: str | None) -> Builder | None:
    return "classic" if value == "classic" else "buildkit" if value == "buildkit" else None


def _remove_images(image_ids: list[str]) -> None:

    for image_id in dict.fromkeys(image_ids):
        with contextlib.suppress(docker.errors.APIError):  # already gone
            connect().images.remove(image_id, force=True)


def _child_main(args: argparse.Namespace) -> int:
    # A timeout sends SIGTERM: turn it into KeyboardInterrupt so slim removes its images.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    row = run_one(Path(args.one), args.builder, args.safe_only, Path(args.logs))
    sys.stdout.write(json.dumps(asdict(row)) + "\n")
    return 0


# ---------------------------------------------------------------------------------------------
# The parent: screen, run the children one (or --jobs) at a time, prune, summarize


_STOPPING = threading.Event()


def _interrupt(_signum: int, _frame: object) -> None:
    _STOPPING.set()  # each worker stops its child (which removes its images) within seconds
    raise KeyboardInterrupt


def run_child(path: Path, args: argparse.Namespace, logs: Path) -> Row:
    argv = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), "--logs", str(logs)]
    argv += ["--builder", args.builder] if args.builder else []
    argv += ["--safe-only"] if args.safe_only else []
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    out, err = _wait(proc, started + args.timeout_per_file)
    seconds = round(time.monotonic() - started, 1)
    if out is None:
        _remove_images(built_image_ids(logs / f"{path.name}.log"))  # a killed child could not clean up
        return Row(file=path.name, status="timeout", reason="timeout", seconds=seconds)
    lines = out.strip().splitlines()
    if proc.returncode != 0 or not lines:
        _remove_images(built_image_ids(logs / f"{path.name}.log"))
        tail = "\n".join((err or "").strip().splitlines()[-8:])
        return Row(file=path.name, status="error", reason="crash", detail=tail, seconds=seconds)
    return Row(**json.loads(lines[-1]))


def _wait(proc: subprocess.Popen[str], deadline: float) -> tuple[str | None, str | None]:
    """The child's stdout and stderr; (None, None) when it was stopped (timeout or interrupt)."""
    while True:
        try:
            return proc.communicate(timeout=max(0.1, min(5.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            if _STOPPING.is_set() or time.monotonic() >= deadline:
                _stop(proc)
                return None, None


def _stop(proc: subprocess.Popen[str]) -> None:
    """SIGTERM the child's process group (the child removes its images), SIGKILL it if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


IMAGE_ID_IN_LOG = re.compile(r"writing image (sha256:[0-9a-f]{64})|Successfully built ([0-9a-f]{12,64})")


def built_image_ids(log: Path) -> list[str]:
    """The images a child's builds wrote (BuildKit's and the classic builder's log lines)."""
    if not log.is_file():
        return []
    return [a or b for a, b in IMAGE_ID_IN_LOG.findall(log.read_text(errors="replace"))]


def prune_dangling() -> None:
    """Dangling images that layerwise built, old enough not to be another run's work in progress."""

    connect().images.prune(filters={"dangling": True, "label": BUILT_LABEL, "until": "30m"})


def shared_dir() -> Path:
    return Path(os.environ.get("LAYERWISE_SHARED", REPO.parent / "shared")).resolve()


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix not in (".tsv", ".md"))


def benchmark(args: argparse.Namespace, say: Callable[[str], None]) -> list[Row]:

    files = corpus_files(args.corpus)
    bases: set[str] = set()
    for path in files:
        try:
            bases.update(external_images(parse(path.read_text(), str(path))))
        except Exception:
            continue
    debian = [b for b in bases if b.startswith("debian:")]
    available = base_availability(debian, args.build_bases, say)
    rows = [screen(p, lambda b: available.get(b, False) or _in_engine(b)) for p in files]
    todo = [r for r in rows if r.status == "candidate"]
    say(f"{len(files)} files; {len(todo)} candidates after the static screen")
    if args.limit is not None:
        todo = todo[: args.limit]
    _run_all(todo, rows, args, say)
    return rows


def write_table(path: Path, rows: list[Row]) -> dict[str, Any]:
    """The summary and the per-file table; written after every file, so a stopped run keeps its data."""
    summary = summarize(rows)
    path.write_text(json.dumps({"summary": summary, "files": [asdict(r) for r in rows]}, indent=2) + "\n")
    return summary


def _run_all(todo: list[Row], rows: list[Row], args: argparse.Namespace, say: Callable[[str], None]) -> None:
    logs = args.json.with_suffix(".logs")
    logs.mkdir(parents=True, exist_ok=True)
    index = {r.file: i for i, r in enumerate(rows)}
    done = 0
    lock = threading.Lock()
    deadline = time.monotonic() + args.time_budget if args.time_budget else None

    def one(row: Row) -> None:
        nonlocal done
        if _STOPPING.is_set() or (deadline is not None and time.monotonic() > deadline):
            return  # stays a candidate: counted as not run
        result = run_child(args.corpus / row.file, args, logs)
        result.bases = row.bases
        if _STOPPING.is_set() and result.status in ("error", "timeout"):
            return  # stopped by the user, not a finding
        with lock:
            rows[index[row.file]] = result
            done += 1
            say(f"[{done}/{len(todo)}] {_progress_line(result)}")
            write_table(args.json, rows)
            if done % PRUNE_EVERY == 0:
                prune_dangling()

    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        for future in [pool.submit(one, row) for row in todo]:
            future.result()
    except KeyboardInterrupt:
        say("interrupted: the running files are stopped; the table keeps what finished")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    prune_dangling()


def _progress_line(row: Row) -> str:
    head = f"{row.file}: {row.status} in {row.seconds:.0f} s"
    if row.status != "slimmed":
        return f"{head} ({row.reason})"
    sizes = f"{_mb(row.original_size)} -> {_mb(row.optimized_size)} MB ({row.reduction_pct or 0:+.1f}%)"
    dropped = f", dropped {','.join(d['code'] for d in row.fixes_dropped)}" if row.fixes_dropped else ""
    smoke = "smoke ok" if row.smoke_passed else "SMOKE FAILED"
    return f"{head}: {sizes}, fixes {','.join(row.fixes_applied) or '-'}{dropped}, {smoke}"


def _mb(size: int | None) -> str:
    return f"{(size or 0) / 1e6:.1f}"


# ---------------------------------------------------------------------------------------------
# Summary


def summarize(rows: list[Row]) -> dict[str, Any]:
    attempted = [r for r in rows if r.status not in ("skipped", "candidate")]
    slimmed = [r for r in rows if r.status == "slimmed"]
    changed = [r for r in slimmed if r.fixes_applied and r.optimized_size != r.original_size]
    return {
        "files": len(rows),
        "skipped": dict(Counter(r.reason for r in rows if r.status == "skipped").most_common()),
        "candidates": len([r for r in rows if r.status != "skipped"]),
        "attempted": len(attempted),
        "original_failed": dict(Counter(r.reason for r in rows if r.status == "original-failed").most_common()),
        "timeouts": len([r for r in rows if r.status == "timeout"]),
        "errors": [f"{r.file}: {r.reason}: {r.detail[-200:]}" for r in rows if r.status == "error"],
        "originals_built": len(slimmed),
        "optimized_first_attempt": dict(Counter(r.first_attempt for r in slimmed)),
        "optimized_handed_over": len(slimmed),
        "kept_original_no_culprit": len([r for r in slimmed if r.kept_original]),
        "smoke_passed": len([r for r in slimmed if r.smoke_passed]),
        "fixes_applied": dict(Counter(c for r in slimmed for c in r.fixes_applied).most_common()),
        "fixes_dropped": dict(Counter(d["code"] for r in slimmed for d in r.fixes_dropped).most_common()),
        "reduction_pct": _stats([r.reduction_pct for r in slimmed]),
        "added_reduction_pct": _stats([r.added_reduction_pct for r in slimmed]),
        "reduction_pct_changed_only": _stats([r.reduction_pct for r in changed]),
        "seconds": _stats([r.seconds for r in attempted]),
        "total_seconds": round(sum(r.seconds for r in attempted)),
    }


def _stats(values: Iterable[float | None]) -> dict[str, float | int]:
    present = [v for v in values if v is not None]
    if not present:
        return {"n": 0}
    return {
        "n": len(present),
        "median": round(statistics.median(present), 2) + 0.0,
        "mean": round(statistics.fmean(present), 2) + 0.0,
        "min": round(min(present), 2) + 0.0,
        "max": round(max(present), 2) + 0.0,
    }


def render(summary: dict[str, Any], pending: int) -> str:
    red, added = summary["reduction_pct"], summary["added_reduction_pct"]
    lines = [
        f"files: {summary['files']}, candidates after the static screen: {summary['candidates']}"
        + (f" ({pending} not run: --limit or --time-budget)" if pending else ""),
        "skipped: " + _counts(summary["skipped"]),
        f"originals: {summary['attempted']} tried, {summary['originals_built']} built; failed: "
        + _counts(summary["original_failed"])
        + f"; timeouts {summary['timeouts']}; errors {len(summary['errors'])}",
        f"optimized: first attempt {_counts(summary['optimized_first_attempt'])}; handed over "
        f"{summary['optimized_handed_over']} (original kept, no single culprit: {summary['kept_original_no_culprit']})",
        f"smoke checks passed: {summary['smoke_passed']}/{summary['optimized_handed_over']}",
        "fixes applied: " + _counts(summary["fixes_applied"]),
        "fixes dropped: " + _counts(summary["fixes_dropped"]),
        f"size reduction per image: median {red.get('median', '-')}%, mean {red.get('mean', '-')}% "
        f"(n={red['n']}; Parfum's average {PARFUM_MEAN_PCT}%, best published {BEST_PUBLISHED_PCT}%)",
        f"reduction of the bytes added to the base: median {added.get('median', '-')}%, mean {added.get('mean', '-')}%",
        f"time: {summary['total_seconds']} s for {summary['attempted']} files "
        f"(median {summary['seconds'].get('median', '-')} s per file)",
    ]
    lines += [f"error: {e}" for e in summary["errors"]]
    return "\n".join(lines)


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.items()) or "none"


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "dev")
    parser.add_argument("--json", type=Path, default=Path("slim_corpus.json"), help="per-file table (logs beside it)")
    parser.add_argument("--build-bases", action="store_true", help="build missing Debian bases from the archive")
    parser.add_argument("--limit", type=int, default=None, help="run at most N candidates")
    parser.add_argument("--timeout-per-file", type=float, default=900.0, help="seconds before a file is stopped")
    parser.add_argument("--time-budget", type=float, default=None, help="seconds after which no new file starts")
    parser.add_argument("--jobs", type=int, default=1, help="files at a time (the machine has 2 cores)")
    parser.add_argument("--builder", choices=("classic", "buildkit"), default=None)
    parser.add_argument("--safe-only", action="store_true", help="apply only safe fixes")
    parser.add_argument("--screen-only", action="store_true", help="print the static screen and stop")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child mode: one file, row as JSON
    parser.add_argument("--logs", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.one:
        return _child_main(args)

    def say(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        if args.screen_only:
            args.limit = 0
        rows = benchmark(args, say)
    except LayerwiseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = write_table(args.json, rows)
    pending = len([r for r in rows if r.status == "candidate"])
    print(render(summary, pending))
    print(f"per-file table: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
