"""Reading a Dockerfile for fixing and writing the fixed text back, atomically.

The text is handled with `\\n` newlines; a file that used CRLF gets CRLF back, and the file keeps
its permission bits. The new content goes to a temporary file in the same directory, then
`os.replace` swaps it in, so a crash never leaves a half-written Dockerfile.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from layerwise.errors import LayerwiseError

NO_NEWLINE = "\n\\ No newline at end of file\n"


@dataclass(frozen=True)
class Source:
    path: str
    text: str  # with "\n" newlines
    crlf: bool  # the file used CRLF line endings


def read_source(path: str) -> Source:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise LayerwiseError("no such file", where=path) from None
    except IsADirectoryError:
        raise LayerwiseError("is a directory", where=path) from None
    except OSError as exc:
        raise LayerwiseError(f"cannot read: {exc.strerror or exc}", where=path) from None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LayerwiseError("not UTF-8 text", where=path) from None
    crlf = decoded.count("\r\n") > decoded.count("\n") / 2
    return Source(path, decoded.replace("\r\n", "\n"), crlf)


def write_atomic(source: Source, text: str) -> None:
    """Replace the file with `text`, in its original line-ending style and mode."""
    try:
        mode = stat.S_IMODE(Path(source.path).stat().st_mode)
    except OSError as exc:
        raise LayerwiseError(f"cannot write: {exc.strerror or exc}", where=source.path) from None
    write_text_atomic(Path(source.path), text, mode, crlf=source.crlf)


def write_text_atomic(target: Path, text: str, mode: int | None = None, crlf: bool = False) -> None:
    """Write through a temporary file in the same directory and `os.replace`: never half a file.
    `mode` defaults to the existing file's, or 0666 less the umask for a new one."""
    data = (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    if mode is None:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise LayerwiseError(f"cannot write: {exc.strerror or exc}", where=str(target)) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of the change, `--- PATH` / `+++ PATH` (empty when nothing changed)."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), path, path)
    return "".join(line if line.endswith("\n") else line + NO_NEWLINE for line in lines)
