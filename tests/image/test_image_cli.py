"""The inspect, verify and diff commands end to end on archives (no engine needed)."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from synthetic import Built, build, config_for, layer_tar, write_legacy_save, write_oci_tar

from layerwise.cli import main


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the real entry point in-process (its error handling included); return code and output."""

    def invoke(*args: str) -> Done:
        monkeypatch.setattr(sys, "argv", ["layerwise", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return invoke


def test_inspect_json_and_gates(run, edge: Built, tmp_path: Path) -> None:
    path = write_legacy_save(edge, tmp_path / "edge.tar")
    done = run("inspect", str(path), "--format", "json", "--fail-on", "reclaimable>2MB")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["wasted_bytes"] == 1_300_000 and report["reclaimable_bytes"] == 2_500_000
    assert {"size_bytes", "layers", "efficiency", "user", "findings"} <= report.keys()
    assert {"digest", "diff_id", "created_by", "size_bytes"} <= report["layers"][0].keys()
    assert report["gates"] == [{"rule": "reclaimable>2MB", "metric": "reclaimable", "value": 2500000.0, "failed": True}]


def test_inspect_dive_compatible_json_and_ci_config(run, edge: Built, tmp_path: Path) -> None:
    path = write_legacy_save(edge, tmp_path / "edge.tar")
    ci = tmp_path / ".dive-ci"
    ci.write_text("rules:\n  lowestEfficiency: 0.5\n  highestUserWastedPercent: disabled\n")
    done = run("inspect", str(path), "-f", "json", "--dive-compatible", "--ci-config", str(ci))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["image"]["inefficientBytes"] == 1_300_000
    assert report["layer"][2]["fileList"][0]["path"] == ".wh.y"


def test_inspect_tty_and_markdown(run, edge: Built, tmp_path: Path) -> None:
    path = write_oci_tar(edge, tmp_path / "edge.tar", "gzip")
    tty = run("inspect", str(path))
    assert tty.returncode == 0 and "reclaimable" in tty.stdout
    markdown = run("inspect", str(path), "-f", "markdown")
    assert markdown.stdout.startswith("# Image") and "| 2 |" in markdown.stdout


def test_errors_exit_2_without_traceback(run, tmp_path: Path) -> None:
    done = run("inspect", str(tmp_path / "missing.tar"))
    assert done.returncode == 2 and "Traceback" not in done.stderr and "does not exist" in done.stderr
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"junk")
    done = run("verify", str(junk))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = run("inspect", str(junk), "--fail-on", "nonsense")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_verify_and_diff(run, edge: Built, tmp_path: Path) -> None:
    path = write_legacy_save(edge, tmp_path / "edge.tar")
    done = run("verify", str(path), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True
    other = write_oci_tar(Built(edge.config, edge.tars), tmp_path / "same.tar")
    done = run("diff", str(path), str(other), "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["counts"] == {"added": 0, "removed": 0, "changed": 0}


def test_inspect_rejects_a_bad_format_and_reports_gates(run, edge: Built, tmp_path: Path) -> None:
    path = write_legacy_save(edge, tmp_path / "edge.tar")
    done = run("inspect", str(path), "-f", "xml")
    assert done.returncode == 2 and "is not one of" in done.stderr
    done = run("inspect", str(path), "-f", "markdown", "--fail-on", "efficiency<0.1", "--fail-on", "size>1")
    assert done.returncode == 1 and "PASS: `efficiency<0.1`" in done.stdout and "FAIL: `size>1`" in done.stdout


def odd_names(tmp_path: Path) -> Path:
    """An image whose paths, user and commands look like rich markup, emoji codes and Markdown."""
    image = build(
        [
            [("etc", None), ("etc/[/x]", b"a" * 10), ("etc/:fire:", b"b" * 10), ("etc/a|b`c", b"d" * 10)],
            [("etc/[/x]", b"c" * 10), ("etc/a|b`c", b"e" * 10), ("var/.wh.[link](x.y)", b"")],
        ],
        user="[/u]:fire:",
        history=[{"created_by": "/bin/sh -c echo [/y] :fire: | tr a b\necho"}, {"created_by": "/bin/sh -c step 1"}],
    )
    return write_legacy_save(image, tmp_path / "odd.tar")


def test_image_text_is_printed_as_it_is(run, tmp_path: Path) -> None:
    """Image text is data, not styling: a file named `[/x]` made rich raise, `:fire:` became an emoji."""
    path = odd_names(tmp_path)
    done = run("inspect", str(path))
    assert done.returncode == 0, done.stderr
    assert all(text in done.stdout for text in ("[/u]:fire:", "RUN echo [/y]", "/var/[link](x.y)"))
    done = run("inspect", str(path), "--dive-compatible")
    assert done.returncode == 0 and "/etc/[/x]" in done.stdout, done.stderr
    for command in ("verify", "diff"):
        done = run(command, str(path), *([str(path)] if command == "diff" else []))
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


def test_markdown_keeps_image_text_literal(run, tmp_path: Path) -> None:
    """In Markdown for a pull request, an image's names neither break a table nor make a link."""
    done = run("inspect", str(odd_names(tmp_path)), "-f", "markdown")
    assert done.returncode == 0, done.stderr
    tables = [block.splitlines() for block in done.stdout.split("\n\n") if block.startswith("|")]
    cells = [[len(re.split(r"(?<!\\)\|", row)) for row in table] for table in tables]
    assert len(tables) == 2 and all(len(set(counts)) == 1 for counts in cells)  # every row as wide as its header
    assert "| ``/etc/a\\|b`c`` |" in done.stdout  # one code span, fenced past its own backtick
    assert "| `/bin/sh -c echo [/y] :fire: \\| tr a b⏎echo` |" in done.stdout
    assert "whiteout for /var/\\[link\\](x.y)," in done.stdout


def test_the_terminal_shows_the_worst_findings_first(run, tmp_path: Path) -> None:
    """Twelve setuid files (info) must not push a secret (error) out of the table's ten rows."""
    names = [f"usr/bin/tool{index:02}" for index in range(12)]
    tar = layer_tar(
        [("usr", None), ("usr/bin", None), *((name, b"elf") for name in names)], dict.fromkeys(names, 0o4755)
    )
    path = write_legacy_save(Built(config_for([tar], env=["AWS_SECRET_ACCESS_KEY=x"]), [tar]), tmp_path / "s.tar")
    done = run("inspect", str(path))
    findings = done.stdout[done.stdout.index("Findings") :]
    assert findings.index("error") < findings.index("warning") < findings.index("info")
    assert "and 4 more: --format json lists them all" in findings  # 12 setuid + root + secret = 14
