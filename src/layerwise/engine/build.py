"""Building images with either builder the engine offers.

The engine API (and the Docker SDK) builds with the classic builder; BuildKit builds go through a
docker CLI that can drive the engine's embedded BuildKit (`DOCKER_BUILDKIT=1`). Both report their
log line by line to `on_log`, so a caller can show live progress.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import docker.errors

from layerwise.engine.client import buildkit_cli, connect
from layerwise.errors import LayerwiseError

Builder = Literal["classic", "buildkit"]
LogSink = Callable[[str], None]
BUILT_LABEL = "org.layerwise.built"  # on every image layerwise builds, so `slim --clean` finds them


class BuildFailed(LayerwiseError):
    """The builder rejected the Dockerfile or a step failed; `log_tail` says why."""

    def __init__(self, message: str, log: list[str]) -> None:
        super().__init__(message)
        self.log = log

    @property
    def log_tail(self) -> str:
        return "\n".join(self.log[-15:])


@dataclass
class BuildRequest:
    context: Path
    dockerfile: Path  # may lie outside the context
    tag: str | None = None
    builder: Builder = "classic"
    build_args: dict[str, str] = field(default_factory=dict)
    target: str | None = None
    platform: str | None = None
    network: str = "host"
    labels: dict[str, str] = field(default_factory=dict)
    no_cache: bool = False


@dataclass(frozen=True)
class BuildResult:
    image_id: str
    builder: Builder
    seconds: float
    log: list[str]


def available_builders() -> list[Builder]:
    return ["classic", "buildkit"] if buildkit_cli() else ["classic"]


def build(request: BuildRequest, on_log: LogSink = lambda _: None) -> BuildResult:
    if not request.dockerfile.is_file():
        raise LayerwiseError(f"{request.dockerfile}: no such Dockerfile")
    if not request.context.is_dir():
        raise LayerwiseError(f"{request.context}: build context is not a directory")
    started = time.monotonic()
    labels = {BUILT_LABEL: "1", **request.labels}
    if request.builder == "buildkit":
        image_id, log = _build_buildkit(request, labels, on_log)
    else:
        image_id, log = _build_classic(request, labels, on_log)
    return BuildResult(image_id, request.builder, time.monotonic() - started, log)


def _build_classic(request: BuildRequest, labels: dict[str, str], on_log: LogSink) -> tuple[str, list[str]]:
    client = connect()
    dockerfile = request.dockerfile.resolve()
    context = request.context.resolve()
    # The SDK wants a Dockerfile path relative to the context; one outside it is sent along.
    name = str(dockerfile.relative_to(context)) if dockerfile.is_relative_to(context) else str(dockerfile)
    stream = client.api.build(
        path=str(context),
        dockerfile=name,
        tag=request.tag,
        buildargs=request.build_args or None,
        target=request.target,
        platform=request.platform,
        network_mode=request.network,
        labels=labels,
        rm=True,
        forcerm=True,
        nocache=request.no_cache,
        decode=True,
    )
    log: list[str] = []
    image_id = ""
    for chunk in _chunks(stream):
        if "error" in chunk:
            log.append(str(chunk["error"]).rstrip())
            on_log(log[-1])
            raise BuildFailed(f"build of {request.dockerfile} failed: {log[-1]}", log)
        text = chunk.get("stream")
        if text:
            for line in str(text).splitlines():
                log.append(line)
                on_log(line)
        aux = chunk.get("aux")
        if isinstance(aux, dict) and "ID" in aux:
            image_id = str(aux["ID"])
    if not image_id:
        raise BuildFailed(f"build of {request.dockerfile} produced no image", log)
    return image_id, log


def _chunks(stream: Iterable[dict[str, object]]) -> Iterable[dict[str, object]]:
    try:
        yield from stream
    except docker.errors.APIError as exc:
        raise BuildFailed(f"the engine refused the build: {exc.explanation or exc}", []) from exc


def _build_buildkit(request: BuildRequest, labels: dict[str, str], on_log: LogSink) -> tuple[str, list[str]]:
    cli = buildkit_cli()
    if cli is None:
        raise LayerwiseError(
            "no docker CLI that drives BuildKit was found (Debian's docker.io installs /usr/bin/docker)"
        )
    with tempfile.TemporaryDirectory(prefix="layerwise-build-") as tmp:
        iidfile = Path(tmp) / "iid"
        argv = [
            cli,
            "build",
            "--progress",
            "plain",
            "--network",
            request.network,
            "-f",
            str(request.dockerfile),
            "--iidfile",
            str(iidfile),
        ]
        argv += [f"--build-arg={k}={v}" for k, v in request.build_args.items()]
        argv += [f"--label={k}={v}" for k, v in labels.items()]
        argv += ["-t", request.tag] if request.tag else []
        argv += ["--target", request.target] if request.target else []
        argv += ["--platform", request.platform] if request.platform else []
        argv += ["--no-cache"] if request.no_cache else []
        argv.append(str(request.context))
        env = {**os.environ, "DOCKER_BUILDKIT": "1"}
        log: list[str] = []
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.append(line.rstrip("\n"))
                on_log(log[-1])
        if proc.returncode != 0 or not iidfile.exists():
            raise BuildFailed(f"BuildKit build of {request.dockerfile} failed (exit {proc.returncode})", log)
        return iidfile.read_text().strip(), log
