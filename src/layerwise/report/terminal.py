"""The consoles every command prints through: data is printed as it is.

An image's paths, commands and user names, a Dockerfile's text and a registry's messages are never
read as rich markup or emoji codes: a file named `[/x]` made rich raise in the middle of a report,
and `:fire:` in a path printed an emoji. Styles come from `Text` pieces and `style=`, never from
markup inside strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def console(stderr: bool = False, **options: Any) -> Console:
    from rich.console import Console  # rich loads only when something is drawn

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, **options)


def warning(text: str) -> Text:
    from rich.text import Text

    return Text.assemble(("warning", "yellow"), f": {text}")
