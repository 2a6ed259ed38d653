"""Sharing files with helper processes: forked or spawned, the results are those of one process,
in order, and a helper that fails leaves its files to the caller."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from layerwise.lint import runner, workers
from layerwise.lint.config import LintConfig


def corpus(folder: Path, count: int = runner.PARALLEL_MIN_FILES + 6) -> list[str]:
    paths = []
    for i in range(count):
        path = folder / f"Dockerfile.{i}"
        body = "" if i == 7 else f"FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install curl{i}\n"
        path.write_text(body)  # file 7 is empty: a parse error
        paths.append(str(path))
    return paths


def summary(results: list[runner.FileResult]) -> list[tuple[str, list[object], str]]:
    return [(r.path, r.findings, str(r.error)) for r in results]


def test_chunks_cover_every_index_once_and_shrink_towards_the_end() -> None:
    chunks = workers._Chunks(100)
    claimed = []
    while (chunk := chunks.claim()) is not None:
        claimed.append(chunk)
    assert [i for chunk in claimed for i in chunk] == list(range(100))
    assert len(claimed[0]) == workers.CHUNK_FILES and len(claimed[-1]) <= workers.MIN_CHUNK_FILES


def test_chunks_given_back_are_handed_out_again() -> None:
    chunks = workers._Chunks(4, size=2)
    first = chunks.claim()
    assert first is not None
    chunks.give_back([first])
    assert chunks.claim() == first


def test_a_spawned_helper_gives_the_results_of_one_process(tmp_path: Path) -> None:
    paths = corpus(tmp_path)
    configs = [LintConfig(shellcheck=False)] * len(paths)
    shared = workers.lint_shared(paths, configs, 1, runner._lint_here, fork=False)
    assert summary(shared) == summary(runner._lint_here(paths, configs))


def test_a_helper_that_cannot_start_leaves_its_files_to_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = corpus(tmp_path)
    configs = [LintConfig(shellcheck=False)] * len(paths)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    shared = workers.lint_shared(paths, configs, 1, runner._lint_here, fork=False)
    assert summary(shared) == summary(runner._lint_here(paths, configs))


def test_a_fresh_process_forks_its_helper_before_loading_the_go_parser(tmp_path: Path) -> None:
    """In a fresh interpreter nothing has loaded BuildKit's Go library yet when lint_files is
    called, so the helper is forked; its results must still be those of one process."""
    paths = corpus(tmp_path)
    (tmp_path / "paths.txt").write_text("\n".join(paths))
    script = textwrap.dedent(
        """
        import sys
        from layerwise.lint import runner, workers
        from layerwise.lint.config import LintConfig

        assert workers.can_fork(), "the Go library was loaded before lint_files"
        forked = []
        original = workers._ForkedHelper.__init__
        def counting(self, *args, **kwargs):
            forked.append(1)
            original(self, *args, **kwargs)
        workers._ForkedHelper.__init__ = counting
        paths = open(sys.argv[1]).read().split("\\n")
        config = LintConfig(shellcheck=False)
        shared = runner.lint_files(paths, lambda _: config)
        serial = runner._lint_here(paths, [config] * len(paths))
        assert [(r.path, r.findings, str(r.error)) for r in shared] == [
            (r.path, r.findings, str(r.error)) for r in serial
        ]
        print(len(forked))
        """
    )
    if not runner._worth_splitting(paths, [LintConfig(shellcheck=False)] * len(paths)):
        pytest.skip("one core: no helper")
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "paths.txt")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    forked = int(done.stdout.strip())
    assert forked >= 1 if sys.platform == "linux" else forked == 0


def test_fewer_collections_is_undone_afterwards() -> None:
    import gc

    before = gc.get_threshold()
    with runner.fewer_collections(every=123_456):
        assert gc.get_threshold()[0] == max(before[0], 123_456)
    assert gc.get_threshold() == before
