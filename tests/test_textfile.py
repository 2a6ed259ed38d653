import os
import stat
from pathlib import Path

import pytest

from layerwise.errors import LayerwiseError
from layerwise.textfile import read_source, unified_diff, write_atomic


def test_crlf_is_read_as_lf_and_written_back_as_crlf(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM a\r\nRUN b\r\n")
    source = read_source(str(path))
    assert source.crlf and source.text == "FROM a\nRUN b\n"
    write_atomic(source, "FROM a\nRUN b && c\n")
    assert path.read_bytes() == b"FROM a\r\nRUN b && c\r\n"


def test_lf_stays_lf_and_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM a\n")
    os.chmod(path, 0o640)
    source = read_source(str(path))
    write_atomic(source, "FROM b\n")
    assert path.read_bytes() == b"FROM b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]  # no temporary file left


def test_write_failure_is_a_clear_error(tmp_path: Path) -> None:
    source = read_source(str(_file(tmp_path)))
    missing = type(source)(str(tmp_path / "gone" / "Dockerfile"), source.text, False)
    with pytest.raises(LayerwiseError, match="cannot write"):
        write_atomic(missing, "x")


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(LayerwiseError, match="no such file"):
        read_source(str(tmp_path / "nope"))
    bad = tmp_path / "bin"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(LayerwiseError, match="UTF-8"):
        read_source(str(bad))


def test_unified_diff() -> None:
    diff = unified_diff("Dockerfile", "FROM a\nRUN b\n", "FROM a\nRUN b && c\n")
    assert diff.splitlines() == [
        "--- Dockerfile",
        "+++ Dockerfile",
        "@@ -1,2 +1,2 @@",
        " FROM a",
        "-RUN b",
        "+RUN b && c",
    ]
    assert unified_diff("D", "x", "x") == ""
    assert "No newline at end of file" in unified_diff("D", "x", "y")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM a\n")
    return path
