"""`layerwise engine`: which Docker engine layerwise talks to, and what it can do."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer


def engine(
    as_json: bool = typer.Option(False, "--json", help="Print the facts as JSON."),
) -> None:
    """Say which Docker engine layerwise talks to: version, storage driver, builders, pull access."""
    from layerwise.engine.client import describe

    info = describe()
    if as_json:
        typer.echo(json.dumps(asdict(info), indent=2))
        return
    from rich.table import Table

    from layerwise.report import terminal

    table = Table(show_header=False, box=None)
    table.add_row("engine", info.address)
    table.add_row("version", f"{info.server_version} (API {info.api_version})")
    table.add_row("os/arch", f"{info.os} {info.architecture}")
    table.add_row("storage driver", info.storage_driver)
    buildkit = f"buildkit via {info.buildkit_cli}" if info.buildkit_cli else "buildkit: no CLI that drives it"
    table.add_row("builders", "classic (engine API); " + buildkit)
    table.add_row("can pull", ("yes: " if info.can_pull else "no: ") + info.pull_reason)
    terminal.console().print(table)


def register(app: typer.Typer) -> None:
    app.command("engine")(engine)
