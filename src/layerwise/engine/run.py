"""Running a command in an image and collecting its exit code and output."""

from __future__ import annotations

from dataclasses import dataclass

import docker.errors
import requests.exceptions

from layerwise.engine.client import connect
from layerwise.errors import LayerwiseError


@dataclass(frozen=True)
class RunResult:
    exit_code: int
    output: str  # stdout and stderr, interleaved as the engine logged them
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


def run(
    image: str,
    command: list[str] | str | None = None,
    *,
    entrypoint: list[str] | str | None = None,
    user: str | None = None,
    timeout: float = 120,
    network: str = "host",
) -> RunResult:
    """Run `command` in a fresh container of `image`; the container is always removed."""
    client = connect()
    try:
        container = client.containers.create(
            image, command=command, entrypoint=entrypoint, user=user or "", network_mode=network, detach=True
        )
    except docker.errors.ImageNotFound as exc:
        raise LayerwiseError(f"no image {image!r} in the engine") from exc
    except docker.errors.APIError as exc:
        raise LayerwiseError(f"cannot create a container of {image}: {exc.explanation or exc}") from exc
    try:
        container.start()
        try:
            status = container.wait(timeout=timeout)
            timed_out = False
            code = int(status.get("StatusCode", -1))
        except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
            container.kill()
            timed_out, code = True, -1
        except docker.errors.APIError as exc:  # e.g. the entrypoint does not exist
            return RunResult(127, str(exc.explanation or exc))
        output = container.logs(stdout=True, stderr=True).decode(errors="replace")
        return RunResult(code, output, timed_out)
    except docker.errors.APIError as exc:
        return RunResult(127, str(exc.explanation or exc))
    finally:
        container.remove(force=True)
