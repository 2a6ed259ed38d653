from __future__ import annotations

import pytest

from layerwise.dockerfile import parse
from layerwise.variant.users import TRANSLATORS


def _translate(command: str) -> str | None:
    ins = parse(f"FROM debian\nRUN {command}\n").instructions[1]
    assert ins.shell is not None
    words = ins.shell.commands[0].words
    return TRANSLATORS[words[0].value](words[1:])


@pytest.mark.parametrize(
    ("command", "busybox"),
    [
        ("useradd -m app", "adduser -D app"),
        ("useradd -u 1000 -s /bin/sh -m app", "adduser -D -u 1000 -s /bin/sh app"),
        ("useradd -r -g app app", "adduser -D -S -G app app"),
        ("useradd --system --uid=999 --no-create-home svc", "adduser -D -S -u 999 -H svc"),
        ("useradd -m -G wheel,audio app", "adduser -D app && addgroup app wheel && addgroup app audio"),
        ("useradd -c 'App User' -d /srv/app app", "adduser -D -g 'App User' -h /srv/app app"),
        ("groupadd app", "addgroup app"),
        ("groupadd -r -g 999 app", "addgroup -S -g 999 app"),
        ("usermod -aG docker app", "addgroup app docker"),
        ("usermod -a -G docker,video app", "addgroup app docker && addgroup app video"),
        ('adduser --disabled-password --gecos "" app', 'adduser -D -g "" app'),
        ("adduser --system --ingroup svc --uid 999 svc", "adduser -D -S -G svc -u 999 svc"),
        ("adduser app audio", "adduser app audio"),
        ("addgroup --system --gid 999 svc", "addgroup -S -g 999 svc"),
    ],
)
def test_translations(command: str, busybox: str) -> None:
    assert _translate(command) == busybox


@pytest.mark.parametrize(
    "command", ["useradd -p secret app", "usermod -s /bin/zsh app", "useradd", "useradd -u 1000 -g 1000 app"]
)
def test_untranslatable_options_give_none(command: str) -> None:
    assert _translate(command) is None
