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


class EngineUnavailable(LayerwiseError):
    """No Docker engine answers."""


class ParseError(LayerwiseError):
    """A Dockerfile that BuildKit's parser rejects."""

    def __init__(self, message: str, path: str, line: int, column: int = 1) -> None:
        super().__init__(message, f"{path}:{line}:{column}")
        self.path = path
        self.line = line
        self.column = column
