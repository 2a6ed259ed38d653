"""The `layerwise` command: a thin layer that parses options, calls the core and reports.

Each capability registers its command from its own module, so adding one touches one file here.
Errors from the core arrive as `LayerwiseError` and leave as one line and exit code 2.
"""

from __future__ import annotations

import sys
from importlib import import_module

import typer
from rich.console import Console
from rich.markup import escape

from layerwise import __version__
from layerwise.errors import LayerwiseError

app = typer.Typer(
    name="layerwise",
    help="Make Docker images small, safe and trustworthy, and prove it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

err_console = Console(stderr=True)

# Module names under layerwise.cli; each has `register(app)`.
COMMAND_MODULES = ("engine", "base", "lint", "fix", "inspect", "verify", "diff", "slim", "variant")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"layerwise {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """layerwise: lint, fix, inspect and slim Docker images with a real engine."""


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = import_module(f"layerwise.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"layerwise.cli.{name}":
                continue  # capability not built yet
            raise
        module.register(app)


_register_all()


def main() -> None:
    """Entry point: run the app, turning core errors into one clear line and exit code 2."""
    try:
        app()
    except LayerwiseError as exc:
        err_console.print(f"[bold red]error[/]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
