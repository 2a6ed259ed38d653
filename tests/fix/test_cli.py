"""`layerwise fix` through the real entry point: diff, --write, formats and exit codes."""

import json
import os
import sys
from pathlib import Path

import pytest

from layerwise.cli import main

BROKEN = "FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\n"
FIXED = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n"


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["layerwise", "fix", "--no-shellcheck", "--select", "DL3059,DL3014", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().out


@pytest.fixture
def dockerfile(tmp_path: Path) -> Path:
    path = tmp_path / "Dockerfile"
    path.write_text(BROKEN)
    return path


def test_default_shows_a_diff_and_writes_nothing(monkeypatch, capsys, dockerfile: Path) -> None:
    code, out = run(monkeypatch, capsys, str(dockerfile))
    assert dockerfile.read_text() == BROKEN
    assert "+    apt-get install -y curl" in out and "-RUN apt-get update" in out
    assert "Fixed 2 findings" in out and "would change" in out
    assert code == 0  # nothing selected remains after fixing


def test_write_applies_atomically_keeping_crlf_and_mode(monkeypatch, capsys, dockerfile: Path) -> None:
    dockerfile.write_bytes(BROKEN.replace("\n", "\r\n").encode())
    os.chmod(dockerfile, 0o600)
    code, out = run(monkeypatch, capsys, "--write", str(dockerfile.parent))
    assert code == 0
    assert dockerfile.read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert dockerfile.stat().st_mode & 0o777 == 0o600
    assert "---" not in out and "1 file written" in out
    code, out = run(monkeypatch, capsys, "--write", str(dockerfile))
    assert dockerfile.read_bytes() == FIXED.replace("\n", "\r\n").encode() and "Fixed 0" in out


def test_exit_1_when_findings_remain(monkeypatch, capsys, tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text('FROM debian:12\nRUN ["a"]\nRUN ["b"]\n')
    code, out = run(monkeypatch, capsys, str(path))
    assert code == 1
    assert "DL3059" in out and "[no fix available]" in out and "1 remaining" in out


def test_json_format(monkeypatch, capsys, dockerfile: Path) -> None:
    code, out = run(monkeypatch, capsys, "--format", "json", str(dockerfile))
    assert code == 0
    [entry] = json.loads(out)
    assert entry["changed"] and not entry["written"] and entry["remaining"] == []
    assert {f["code"] for f in entry["fixed"]} == {"DL3059", "DL3014"}
    assert entry["diff"].startswith("--- ")


def test_unparseable_file_exits_2(monkeypatch, capsys, tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM a\nRUN <<EOF\nnever ends\n")
    code, out = run(monkeypatch, capsys, str(path))
    assert code == 2 and "error" in out


def test_bad_option_exits_2(monkeypatch, capsys, dockerfile: Path) -> None:
    code, _ = run(monkeypatch, capsys, "--format", "xml", str(dockerfile))
    assert code == 2
