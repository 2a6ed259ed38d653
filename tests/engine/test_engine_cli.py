from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

LAYERWISE = [sys.executable, "-m", "layerwise"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LAYERWISE, *args], capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("layerwise ")
    out = run("--help").stdout
    for command in ("engine", "base"):
        assert command in out


def test_no_engine_is_one_clear_line() -> None:
    result = run("engine", env={"DOCKER_HOST": "unix:///nonexistent.sock"})
    assert result.returncode == 2
    assert "no Docker engine answers" in result.stderr and "Traceback" not in result.stderr
    assert "scripts/setup" in result.stderr


# With no engine store to read and no socket to ask, no base image is looked for through the SDK
# (whose import alone costs `inspect ARCHIVE` 0.1 s): the engine is known to be absent without it.
NO_SOCKET_SCRIPT = """
import sys
from layerwise.image import engine
from layerwise.image.overlay2 import Overlay2Store
from layerwise.engine.client import connect
from layerwise.errors import EngineUnavailable
Overlay2Store.of_running_engine = classmethod(lambda cls: None)
assert engine.find_base_image(["sha256:a", "sha256:b"]) is None
try:
    connect()
except EngineUnavailable as exc:
    print(exc)
print("docker" in sys.modules)
"""


def test_a_missing_socket_is_known_without_the_sdk() -> None:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent.sock"}
    result = subprocess.run([sys.executable, "-c", NO_SOCKET_SCRIPT], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    message, sdk_loaded = result.stdout.splitlines()
    assert message.startswith("no Docker engine answers at unix:///nonexistent.sock") and sdk_loaded == "False"


@pytest.mark.parametrize("name", ["ubuntu:16.04", "debian:bookworm:slim"])
def test_bad_base_name_is_one_clear_line(name: str) -> None:
    result = run("base", "build", name)
    assert result.returncode == 2 and "not a Debian base name" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_mirror_exits_2() -> None:
    result = run("base", "build", "debian:bookworm", "--mirror", "http://127.0.0.1:9/debian")
    assert result.returncode == 2
    assert "unreachable" in result.stderr or "no Docker engine" in result.stderr


@pytest.mark.integration
def test_engine_reports_version_driver_builders(engine: object) -> None:
    result = run("engine", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["storage_driver"] and info["server_version"]
    assert "classic" in info["builders"]
    assert isinstance(info["can_pull"], bool)
