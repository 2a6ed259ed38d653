"""Large file sets are linted in worker processes; the results must be those of one process."""

from __future__ import annotations

from pathlib import Path

from layerwise.errors import ParseError
from layerwise.lint import runner
from layerwise.lint.config import LintConfig


def test_workers_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    paths = []
    for i in range(runner.PARALLEL_MIN_FILES + 6):
        path = tmp_path / f"Dockerfile.{i}"
        body = "" if i == 7 else f"FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install curl{i}\n"
        path.write_text(body)  # file 7 is empty: a parse error that must come back with its location
        paths.append(str(path))
    configs = [LintConfig(shellcheck=False)] * len(paths)
    assert runner._worth_splitting(paths, configs)
    parallel = runner.lint_files(paths, lambda _: LintConfig(shellcheck=False))
    serial = runner._lint_here(paths, configs)
    assert [r.path for r in parallel] == paths
    assert [r.findings for r in parallel] == [r.findings for r in serial]
    error = parallel[7].error
    assert isinstance(error, ParseError) and error.path == paths[7] and str(error) == str(serial[7].error)
