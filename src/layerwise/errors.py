"""Typed errors of the core. The CLI turns them into one clear line and an exit code."""

from __future__ import annotations


class LayerwiseError(Exception):
    """A problem the user can act on: bad input, no engine, an unreachable mirror.

    `where` is a location prefix such as ``Dockerfile:12:5`` when one is known.
    """

    exit_code = 2

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled whole (with location) so errors can come back from worker processes.
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[LayerwiseError], state: dict[str, object]) -> LayerwiseError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class EngineUnavailable(LayerwiseError):
    """No Docker engine answers."""


class ParseError(LayerwiseError):
    """A Dockerfile that BuildKit's parser rejects."""

    def __init__(self, message: str, path: str, line: int, column: int = 1) -> None:
        super().__init__(message, f"{path}:{line}:{column}")
        self.path = path
        self.line = line
        self.column = column
