"""`layerwise lint`: exit codes, discovery, formats, options and errors as one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from layerwise.cli import main

CLEAN = 'FROM debian:bookworm\nCMD ["true"]\n'
NOISY = "FROM debian:bookworm\nRUN echo $x\n"  # SC2086 (info), SC2154 (warning)


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    # Only ShellCheck's codes unless a test says otherwise, so other rules' growth cannot break these.
    select = [] if any(a.startswith("--select") for a in args) else ["--select", "SC"]
    monkeypatch.setattr(sys, "argv", ["layerwise", "lint", *select, *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("HADOLINT_NOFAIL", "HADOLINT_IGNORE", "HADOLINT_FAILURE_THRESHOLD"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "Dockerfile").write_text(CLEAN)
    (tmp_path / "noisy").mkdir()
    (tmp_path / "noisy" / "app.Dockerfile").write_text(NOISY)
    return tmp_path


def test_clean_file_exits_0(tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(monkeypatch, capsys, "clean/Dockerfile")
    assert code == 0
    assert "No problems found in 1 file." in out


def test_directory_discovery_and_exit_1(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, ".", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert {(d["file"], d["code"]) for d in data} == {("noisy/app.Dockerfile", c) for c in ("SC2086", "SC2154")}


def test_threshold_no_fail_ignore_select_no_shellcheck(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, capsys, "noisy", "-t", "error")[0] == 0
    assert run(monkeypatch, capsys, "noisy", "--no-fail")[0] == 0
    assert run(monkeypatch, capsys, "noisy", "--ignore", "SC2154", "-t", "warning")[0] == 0
    assert run(monkeypatch, capsys, "noisy", "--no-shellcheck")[0] == 0
    _, out, _ = run(monkeypatch, capsys, "noisy", "--select", "SC2086", "-f", "json")
    assert [d["code"] for d in json.loads(out)] == ["SC2086"]
    _, out, _ = run(monkeypatch, capsys, "noisy", "--error", "SC2086", "-f", "json")
    assert {d["code"]: d["severity"] for d in json.loads(out)}["SC2086"] == "error"


def test_config_file_found_upward(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / ".hadolint.yaml").write_text("ignored: [SC2154, SC2086]\n")
    assert run(monkeypatch, capsys, "noisy/app.Dockerfile")[0] == 0


def test_malformed_config_exits_2_with_one_line(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / ".layerwise.toml").write_text("[lint]\nignore = 3\n")
    code, _, err = run(monkeypatch, capsys, "clean")
    assert code == 2
    assert err.count("\n") == 1 and ".layerwise.toml" in err and "lint.ignore" in err


def test_parse_error_exits_2_and_other_files_are_linted(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "broken.Dockerfile").write_text("FROM a\nRUN <<EOF\necho\n")
    code, out, _ = run(monkeypatch, capsys, ".")
    assert code == 2
    assert "broken.Dockerfile:2:1" in out
    assert "noisy/app.Dockerfile:2:10 SC2086" in out


def test_missing_file_and_bad_options_exit_2(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "nope/Dockerfile")
    assert code == 2 and "no such file" in out
    assert run(monkeypatch, capsys, "clean", "--format", "yaml")[0] == 2
    assert run(monkeypatch, capsys, "clean", "-t", "loud")[0] == 2
    assert run(monkeypatch, capsys, "clean", "--ignore", "3008")[0] == 2
    code, _, err = run(monkeypatch, capsys, "clean", "-c", "missing.toml")
    assert code == 2 and "not found" in err


def test_stdin_and_output_file(tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(NOISY))
    code, out, _ = run(monkeypatch, capsys, "-", "-f", "sarif", "-o", "report.sarif")
    assert code == 1 and out == ""
    log = json.loads((tree / "report.sarif").read_text())
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "-"


def test_exclude_glob(tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, capsys, ".", "--exclude", "noisy")[0] == 0
    assert run(monkeypatch, capsys, "noisy", "--exclude", "*.Dockerfile")[0] == 2  # nothing left to lint
