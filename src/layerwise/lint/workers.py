"""Linting a large set of files on several cores: the calling process lints too, helpers help.

A helper is forked when nothing has loaded BuildKit's Go library yet (the parser loads it on the
first parse; a Go runtime does not survive a fork): it starts at once with every rule imported.
Otherwise it is a fresh interpreter (`python -m layerwise.lint.workers`), started first so that
its start-up overlaps the caller's work. Files are handed out in small chunks from one counter,
whoever is free takes the next, so a slow start or a slow file never leaves a core idle at the
end. A helper that fails gives its chunks back to the caller.

Protocol on a helper's pipes: pickled `(paths, configs)` chunks in, one pickled list of
FileResult out per chunk, None to stop.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from layerwise.lint.config import LintConfig
    from layerwise.lint.runner import FileResult

CHUNK_FILES = 8  # small enough to even out the end, large enough that handing out is cheap
MIN_CHUNK_FILES = 2  # the last chunks: one file each would make handing out cost more than linting
IN_FLIGHT = 2  # chunks sent to a helper ahead, so it never waits for the next one

LintChunk = Callable[[Sequence[str], list["LintConfig"]], list["FileResult"]]


class _Chunks:
    """Hands out index ranges of the file list, to the caller's thread and the feeder threads."""

    def __init__(self, count: int, size: int = CHUNK_FILES) -> None:
        self._count = count
        self._size = size
        self._next = 0
        self._returned: list[range] = []
        self._lock = threading.Lock()

    def claim(self) -> range | None:
        with self._lock:
            if self._returned:
                return self._returned.pop()
            if self._next >= self._count:
                return None
            start = self._next
            # Smaller chunks towards the end, so that nobody is left with much to do alone.
            size = max(MIN_CHUNK_FILES, min(self._size, (self._count - start) // 8))
            self._next = min(start + size, self._count)
            return range(start, self._next)

    def give_back(self, chunks: Sequence[range]) -> None:
        with self._lock:
            self._returned.extend(chunks)


class _Helper:
    """One helper process, its pipes, and the thread that feeds it chunks and collects results."""

    def __init__(self, requests: IO[bytes], replies: IO[bytes]) -> None:
        self.requests = requests
        self.replies = replies
        self.thread: threading.Thread | None = None

    def feed(self, paths: Sequence[str], configs: list[LintConfig], chunks: _Chunks, results: list[Any]) -> None:
        self.thread = threading.Thread(target=self._run, args=(paths, configs, chunks, results), daemon=True)
        self.thread.start()

    def _run(self, paths: Sequence[str], configs: list[LintConfig], chunks: _Chunks, results: list[Any]) -> None:
        sent: deque[range] = deque()
        try:
            while True:
                while len(sent) < IN_FLIGHT and (chunk := chunks.claim()) is not None:
                    sent.append(chunk)  # before sending: if that fails, the chunk is given back
                    _send(self.requests, (paths[chunk.start : chunk.stop], configs[chunk.start : chunk.stop]))
                if not sent:
                    break
                part = pickle.load(self.replies)
                results[sent[0].start : sent[0].stop] = part
                sent.popleft()
            _send(self.requests, None)
        except Exception:  # the helper died or misbehaved: the caller lints what it had
            chunks.give_back(list(sent))
            self.kill()

    def finish(self) -> None:
        if self.thread is not None:
            self.thread.join()
        for stream in (self.requests, self.replies):
            with contextlib.suppress(OSError):  # a helper that died leaves a broken pipe
                stream.close()
        self.wait()

    def kill(self) -> None:
        raise NotImplementedError

    def wait(self) -> None:
        raise NotImplementedError


class _SpawnedHelper(_Helper):
    """A fresh interpreter running `python -m layerwise.lint.workers`."""

    def __init__(self) -> None:
        import subprocess  # here: a helper itself never starts one

        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "layerwise.lint.workers"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        super().__init__(self.process.stdin, self.process.stdout)

    def kill(self) -> None:
        self.process.kill()

    def wait(self) -> None:
        self.process.wait()


class _ForkedHelper(_Helper):
    """A fork of this process, made before the Go library is loaded, with every rule imported."""

    def __init__(self, lint_chunk: LintChunk, others: Sequence[_Helper] = ()) -> None:
        request_in, request_out = os.pipe()
        reply_in, reply_out = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the helper could write what the caller has buffered a second time
        self.pid = os.fork()
        if self.pid == 0:  # the helper: serve, then leave without running the caller's clean-up
            status = 1
            try:
                for stream in [s for other in others for s in (other.requests, other.replies)]:
                    os.close(stream.fileno())  # other helpers' pipes: theirs alone
                os.close(request_out)
                os.close(reply_in)
                with contextlib.suppress(OSError, ValueError):  # no real stdout (captured): nothing to guard
                    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not reach stdout
                serve(os.fdopen(request_in, "rb"), os.fdopen(reply_out, "wb"), lint_chunk)
                status = 0
            except KeyboardInterrupt:
                status = 130  # the caller got the same Ctrl-C and reports it
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                os._exit(status)
        os.close(request_in)
        os.close(reply_out)
        super().__init__(os.fdopen(request_out, "wb"), os.fdopen(reply_in, "rb"))

    def kill(self) -> None:
        import signal

        os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> None:
        os.waitpid(self.pid, 0)


def can_fork() -> bool:
    """Forking is safe (and saves a helper its start-up) only before the Go library is loaded,
    with no other thread running, on Linux (where fork is the usual way to start a process)."""
    return sys.platform == "linux" and "dockerfile" not in sys.modules and threading.active_count() == 1


def _send(stream: IO[bytes], message: object) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def lint_shared(
    paths: Sequence[str], configs: list[LintConfig], helpers: int, lint_chunk: LintChunk, fork: bool = False
) -> list[Any]:
    """Results of `lint_chunk` over all paths, in order, computed here and in `helpers` helpers
    (forked when `fork` and can_fork(), else spawned)."""
    forking = fork and can_fork()
    # First: their start-up overlaps ours.
    started: list[_Helper] = []
    for _ in range(helpers):
        started.append(_ForkedHelper(lint_chunk, started) if forking else _SpawnedHelper())
    chunks = _Chunks(len(paths))
    results: list[Any] = [None] * len(paths)
    for helper in started:
        helper.feed(paths, configs, chunks, results)

    def lint_here(chunk: range) -> None:
        results[chunk.start : chunk.stop] = lint_chunk(
            paths[chunk.start : chunk.stop], configs[chunk.start : chunk.stop]
        )

    try:
        while (chunk := chunks.claim()) is not None:
            lint_here(chunk)
    finally:
        for helper in started:
            helper.finish()
    while (chunk := chunks.claim()) is not None:  # given back by a helper that failed
        lint_here(chunk)
    return results


def serve(incoming: IO[bytes], outgoing: IO[bytes], lint_chunk: LintChunk) -> None:
    """The helper's loop: lint each chunk that comes in, send its results back."""
    while True:
        try:
            message = pickle.load(incoming)
        except EOFError:
            return
        if message is None:
            return
        paths, configs = message
        _send(outgoing, lint_chunk(paths, configs))


def main() -> None:
    """A spawned helper: requests on stdin, replies on (the original) stdout."""
    outgoing = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the protocol
    from layerwise.lint.runner import _lint_here, fewer_collections

    try:
        with fewer_collections():
            serve(sys.stdin.buffer, outgoing, _lint_here)
    except KeyboardInterrupt:
        sys.exit(130)  # the caller got the same Ctrl-C and reports it


if __name__ == "__main__":
    main()
