"""Benchmark: layerwise lint against hadolint 2.15.1 on a corpus of real Dockerfiles.

    .venv/bin/python bench/lint_vs_hadolint.py [--corpus DIR] [--json OUT] [--examples N]

Prints (a) the files each tool fails to parse, (b) agreement on (file, line, DL code) triples,
recall and precision against hadolint, per code, over the files both parse (hadolint reports the
line where an instruction starts, so each layerwise finding is moved to the start line of the
instruction that holds it), (c) wall time of each tool and the ratio, with ShellCheck off and on,
and layerwise's peak memory (RSS of its largest process: it lints in a helper process too, and
runs shellcheck). hadolint always runs ShellCheck (in process); its time is the same for both
comparisons.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HADOLINT_BATCH = 100
Triple = tuple[str, int, str]


def shared_dir() -> Path:
    return Path(os.environ.get("LAYERWISE_SHARED", REPO.parent / "shared")).resolve()


def corpus_files(corpus: Path) -> list[str]:
    return sorted(str(p) for p in corpus.iterdir() if p.is_file() and p.suffix not in (".tsv", ".md"))


# ---------------------------------------------------------------------------------------------
# hadolint


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_hadolint(files: list[str]) -> tuple[float, list[dict[str, Any]]]:
    """All of hadolint's findings (JSON), in batches, from an empty folder (no config found)."""
    hadolint = str(BIN / "hadolint") if (BIN / "hadolint").exists() else "hadolint"
    findings: list[dict[str, Any]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as empty:
        for i in range(0, len(files), HADOLINT_BATCH):
            batch = files[i : i + HADOLINT_BATCH]
            done = subprocess.run(
                [hadolint, "--no-fail", "-f", "json", *batch], cwd=empty, capture_output=True, text=True
            )
            findings.extend(json.loads(done.stdout or "[]"))
    return time.perf_counter() - started, findings


# ---------------------------------------------------------------------------------------------
# layerwise, in a child process so its wall time and peak RSS are its own


def child(list_file: str, shellcheck: bool) -> None:
    from layerwise.lint.config import LintConfig
    from layerwise.lint.runner import lint_files

    files = Path(list_file).read_text().split("\n")
    config = LintConfig(shellcheck=shellcheck)
    results = lint_files(files, lambda _: config)
    out: dict[str, Any] = {"errors": {}, "findings": []}
    for result in results:
        if result.error is not None:
            out["errors"][result.path] = str(result.error)
            continue
        out["findings"].extend([f.path, f.line, f.code] for f in result.findings)
    # The largest process: this one, its helper process (ShellCheck off) or a shellcheck batch.
    out["maxrss_kib"] = max(
        resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    json.dump(out, sys.stdout)


def instruction_starts(path: str) -> dict[int, int]:
    """Line -> the line where the instruction holding it starts (computed outside the timing)."""
    from layerwise.dockerfile import parse

    starts: dict[int, int] = {}
    for instruction in parse(Path(path).read_text(encoding="utf-8"), path).instructions:
        for line in range(instruction.span.line, instruction.span.end_line + 1):
            starts[line] = instruction.span.line
    return starts


def run_layerwise(files: list[str], shellcheck: bool) -> tuple[float, dict[str, Any]]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(files))
    try:
        started = time.perf_counter()
        command = [sys.executable, __file__, "--child", handle.name, "--shellcheck", "on" if shellcheck else "off"]
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        elapsed = time.perf_counter() - started
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        raise SystemExit(f"layerwise child failed:\n{done.stderr[-3000:]}")
    return elapsed, json.loads(done.stdout)


def run_cli(files: list[str]) -> float:
    """`layerwise lint FILES --no-shellcheck -f json` as a user runs it: the command's own
    start-up, argument parsing, configuration lookup and output included."""
    started = time.perf_counter()
    command = [str(BIN / "layerwise"), "lint", *files, "--no-shellcheck", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if done.returncode not in (0, 1):
        raise SystemExit(f"layerwise lint failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Comparison


def agreement(hadolint: set[Triple], layerwise: set[Triple], prefix: str) -> list[tuple[str, int, int, int]]:
    """Per code: (code, hadolint count, layerwise count, both)."""
    codes = sorted({c for _, _, c in hadolint | layerwise if c.startswith(prefix)})
    rows = []
    for code in codes:
        h = {t for t in hadolint if t[2] == code}
        w = {t for t in layerwise if t[2] == code}
        rows.append((code, len(h), len(w), len(h & w)))
    return rows


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_agreement(title: str, rows: list[tuple[str, int, int, int]]) -> dict[str, float]:
    print(f"\n{title}")
    print(f"  {'code':8} {'hadolint':>8} {'layerwise':>9} {'both':>6} {'recall':>7} {'precision':>9}")
    for code, h, w, both in rows:
        print(f"  {code:8} {h:8d} {w:9d} {both:6d} {_pct(both, h):>7} {_pct(both, w):>9}")
    total_h = sum(r[1] for r in rows)
    total_w = sum(r[2] for r in rows)
    total_both = sum(r[3] for r in rows)
    print(
        f"  {'total':8} {total_h:8d} {total_w:9d} {total_both:6d} {_pct(total_both, total_h):>7} "
        f"{_pct(total_both, total_w):>9}"
    )
    return {
        "recall": total_both / total_h if total_h else 1.0,
        "precision": total_both / total_w if total_w else 1.0,
    }


def print_examples(hadolint: set[Triple], layerwise: set[Triple], limit: int) -> None:
    missed = Counter(c for _, _, c in hadolint - layerwise)
    extra = Counter(c for _, _, c in layerwise - hadolint)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kind, triples in (("missed", hadolint - layerwise), ("extra", layerwise - hadolint)):
        for path, line, code in sorted(triples):
            examples[(kind, code)].append(f"{Path(path).name}:{line}")
    print("\nDisagreements (most frequent codes first; examples):")
    for kind, counter in (("missed", missed), ("extra", extra)):
        for code, count in counter.most_common(12):
            sample = ", ".join(examples[(kind, code)][:limit])
            print(f"  {kind:6} {code} x{count}: {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "dev")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--sc-examples", action="store_true", help="also list SC disagreements")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool; medians are reported")
    parser.add_argument("--no-bytecode", action="store_true", help="do not byte-compile layerwise first")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--shellcheck", default="on", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.shellcheck == "on")
        return
    files = corpus_files(args.corpus)
    print(f"corpus: {args.corpus} ({len(files)} files)")

    if not args.no_bytecode:
        from precompile import compile_bytecode

        compile_bytecode()
    # Each tool in turn, --runs times: the medians of wall and CPU time (the machine is noisy).
    walls: list[list[float]] = [[], [], []]
    cpus: list[list[float]] = [[], [], []]
    cli_walls: list[float] = []
    for _ in range(args.runs):
        before = children_cpu()
        h_time, h_findings = run_hadolint(files)
        after_h = children_cpu()
        w_off_time, w_off = run_layerwise(files, shellcheck=False)
        after_off = children_cpu()
        w_on_time, w_on = run_layerwise(files, shellcheck=True)
        after_on = children_cpu()
        for i, (wall, cpu) in enumerate(
            ((h_time, after_h - before), (w_off_time, after_off - after_h), (w_on_time, after_on - after_off))
        ):
            walls[i].append(wall)
            cpus[i].append(cpu)
        cli_walls.append(run_cli(files))
    h_time, w_off_time, w_on_time = (statistics.median(w) for w in walls)
    h_cpu, w_off_cpu, w_on_cpu = (statistics.median(c) for c in cpus)

    h_failed = {f["file"] for f in h_findings if f["code"] == "DL1000"}
    w_failed = set(w_on["errors"])
    print(f"\n(a) parse failures: hadolint {len(h_failed)}, layerwise {len(w_failed)}")
    for path in sorted(h_failed):
        print(f"  hadolint  {Path(path).name}")
    for path in sorted(w_failed):
        print(f"  layerwise {Path(path).name}: {w_on['errors'][path].split(': ', 1)[-1]}")

    both_parse = set(files) - h_failed - w_failed
    hadolint_triples = {(f["file"], f["line"], f["code"]) for f in h_findings if f["file"] in both_parse}
    starts = {path: instruction_starts(path) for path in both_parse}
    layerwise_triples = {(p, starts[p].get(line, line), c) for p, line, c in w_on["findings"] if p in both_parse}
    dl_h = {t for t in hadolint_triples if t[2].startswith("DL") and t[2] != "DL1000"}
    dl_w = {t for t in layerwise_triples if t[2].startswith("DL")}
    dl = print_agreement(
        f"(b) DL agreement on (file, line, code) over {len(both_parse)} files both parse", agreement(dl_h, dl_w, "DL")
    )
    sc_h = {t for t in hadolint_triples if t[2].startswith("SC")}
    sc_w = {t for t in layerwise_triples if t[2].startswith("SC")}
    sc_rows = agreement(sc_h, sc_w, "SC")
    sc_total = (sum(r[1] for r in sc_rows), sum(r[2] for r in sc_rows), sum(r[3] for r in sc_rows))
    print(
        f"\n    SC agreement (instruction start line): hadolint {sc_total[0]}, layerwise {sc_total[1]}, "
        f"both {sc_total[2]}: recall {_pct(sc_total[2], sc_total[0])}, precision {_pct(sc_total[2], sc_total[1])}"
    )
    print_examples(dl_h, dl_w, args.examples)
    if args.sc_examples:
        print_examples(sc_h, sc_w, args.examples)

    rss_mib = max(w_off["maxrss_kib"], w_on["maxrss_kib"]) / 1024
    print(f"\n(c) wall time (whole corpus, process start to exit); load average {os.getloadavg()[0]:.1f}")
    print(
        f"  medians of {args.runs} runs; spread: "
        + ", ".join(
            f"{name} {min(w):.2f}-{max(w):.2f} s" for name, w in zip(("hadolint", "off", "on"), walls, strict=True)
        )
    )
    print(f"  hadolint (always with ShellCheck): {h_time:7.2f} s")
    print(
        f"  layerwise, ShellCheck off:         {w_off_time:7.2f} s  ratio {w_off_time / h_time:.3f}x (target <= 0.1x)"
    )
    cli_time = statistics.median(cli_walls)
    print(
        f"  the same as a command (`layerwise lint FILES --no-shellcheck -f json`): {cli_time:.2f} s  ratio "
        f"{cli_time / h_time:.3f}x"
    )
    print(f"  layerwise, ShellCheck on:          {w_on_time:7.2f} s  ratio {w_on_time / h_time:.3f}x (target <= 0.5x)")
    print(
        f"  CPU time (user+sys, all processes): hadolint {h_cpu:.2f} s, layerwise off {w_off_cpu:.2f} s "
        f"({w_off_cpu / h_cpu:.3f}x), on {w_on_cpu:.2f} s ({w_on_cpu / h_cpu:.3f}x)"
    )
    print(f"  layerwise peak RSS (largest process): {rss_mib:5.1f} MiB (target < 300 MB)")
    print(f"\nDL recall {dl['recall']:.1%} (target >= 95%), precision {dl['precision']:.1%}")
    if args.json:
        figures = {
            "files": len(files),
            "parse_failures": {"hadolint": sorted(h_failed), "layerwise": sorted(w_failed)},
            "dl_recall": dl["recall"],
            "dl_precision": dl["precision"],
            "per_code": agreement(dl_h, dl_w, "DL"),
            "seconds": {"hadolint": h_time, "layerwise_no_shellcheck": w_off_time, "layerwise_shellcheck": w_on_time},
            "cpu_seconds": {"hadolint": h_cpu, "layerwise_no_shellcheck": w_off_cpu, "layerwise_shellcheck": w_on_cpu},
            "peak_rss_mib": rss_mib,
        }
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
