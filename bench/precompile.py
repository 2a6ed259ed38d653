"""Shared by the benchmarks: layerwise's bytecode written beforehand, as `pip install` does.

Without it, an environment with PYTHONDONTWRITEBYTECODE set (this checkout's is) compiles every
edited module anew in each timed run, a start-up cost no installed copy pays.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import layerwise


def compile_bytecode() -> None:
    """Write layerwise's bytecode into its __pycache__ folders (ignored by git)."""
    compileall.compile_dir(Path(layerwise.__file__).parent, quiet=1)
