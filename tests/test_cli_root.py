"""The root command: only the command being run is built, yet help lists every command."""

from __future__ import annotations

import os
import subprocess
import sys

from layerwise.cli import COMMAND_MODULES, _commands_for


def test_the_command_being_run_is_built_alone() -> None:
    assert _commands_for(["inspect", "image.tar", "-f", "json"]) == ("inspect",)
    assert _commands_for(["--version", "lint", "Dockerfile"]) == ("lint",)
    for argv in ([], ["--help"], ["nosuch"], ["-h"]):
        assert _commands_for(argv) == COMMAND_MODULES, argv


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "layerwise", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    listed = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("│ ") and len(line.split()) > 2}
    assert set(COMMAND_MODULES) <= listed, done.stdout
