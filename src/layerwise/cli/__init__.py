"""The `layerwise` command: a thin layer that parses options, calls the core and reports.

Each capability registers its command from its own module, so adding one touches one file here.
Errors from the core arrive as `LayerwiseError` and leave as one line and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from importlib import import_module

import typer

from layerwise import __version__
from layerwise.errors import LayerwiseError

_app = typer.Typer(
    name="layerwise",
    help="Make Docker images small, safe and trustworthy, and prove it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Module names under layerwise.cli; each has `register(app)`.
COMMAND_MODULES = ("engine", "base", "lint", "fix", "inspect", "verify", "diff", "slim", "variant")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"layerwise {__version__}")
        raise typer.Exit()


@_app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """layerwise: lint, fix, inspect and slim Docker images with a real engine."""


_registered: set[str] = set()


def register(names: Iterable[str] = COMMAND_MODULES) -> typer.Typer:
    """Add these commands to the app (each once) and return it."""
    for name in names:
        if name not in _registered:
            import_module(f"layerwise.cli.{name}").register(_app)
            _registered.add(name)
    return _app


def _commands_for(argv: list[str]) -> tuple[str, ...]:
    """The command being run, alone: typer builds every registered command's options on each run.
    Help, no command or an unknown one get them all, so that they are listed."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return (first,) if first in COMMAND_MODULES else COMMAND_MODULES


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole app, as tests and embedders expect it
        return register()
    raise AttributeError(f"module 'layerwise.cli' has no attribute {name!r}")


def main() -> None:
    """Entry point: run the app, turning core errors into one clear line and exit code 2."""
    try:
        register(_commands_for(sys.argv[1:]))()
    except LayerwiseError as exc:
        from rich.text import Text  # only to print an error: rich loads when output is drawn

        from layerwise.report import terminal

        terminal.console(stderr=True, soft_wrap=True).print(Text.assemble(("error", "bold red"), f": {exc}"))
        sys.exit(exc.exit_code)
