"""User and group commands on Alpine: shadow's useradd/groupadd/usermod and Debian's adduser
become BusyBox `adduser`/`addgroup`, which Alpine has without any package.

Each translation returns the new command text, or None when an option has no BusyBox
counterpart (the caller then keeps the command and installs `shadow`, Alpine's useradd).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Word


@dataclass(frozen=True)
class _Spec:
    """How one option of the source tool maps: to a BusyBox flag (with its value or not)."""

    busybox: str | None  # None: accepted and dropped (BusyBox does it by default)
    takes_value: bool


# useradd (shadow) -> busybox adduser
_USERADD = {
    "-m": _Spec(None, False), "--create-home": _Spec(None, False),
    "-M": _Spec("-H", False), "--no-create-home": _Spec("-H", False),
    "-u": _Spec("-u", True), "--uid": _Spec("-u", True),
    "-s": _Spec("-s", True), "--shell": _Spec("-s", True),
    "-d": _Spec("-h", True), "--home-dir": _Spec("-h", True), "--home": _Spec("-h", True),
    "-c": _Spec("-g", True), "--comment": _Spec("-g", True),
    "-g": _Spec("-G", True), "--gid": _Spec("-G", True),
    "-r": _Spec("-S", False), "--system": _Spec("-S", False),
    "-k": _Spec("-k", True), "--skel": _Spec("-k", True),
    "-N": _Spec(None, False), "--no-user-group": _Spec(None, False),
    "-U": _Spec(None, False), "--user-group": _Spec(None, False),
    "-l": _Spec(None, False), "--no-log-init": _Spec(None, False),
}  # fmt: skip
# Debian's adduser -> busybox adduser
_ADDUSER = {
    "--disabled-password": _Spec(None, False), "--disabled-login": _Spec(None, False),
    "--gecos": _Spec("-g", True), "--comment": _Spec("-g", True),
    "--uid": _Spec("-u", True), "--shell": _Spec("-s", True), "--home": _Spec("-h", True),
    "--ingroup": _Spec("-G", True), "--system": _Spec("-S", False), "--group": _Spec(None, False),
    "--no-create-home": _Spec("-H", False), "--quiet": _Spec(None, False), "-q": _Spec(None, False),
    "--force-badname": _Spec(None, False), "--allow-bad-names": _Spec(None, False),
}  # fmt: skip
_GROUPADD = {
    "-g": _Spec("-g", True), "--gid": _Spec("-g", True),
    "-r": _Spec("-S", False), "--system": _Spec("-S", False),
    "-f": _Spec(None, False), "--force": _Spec(None, False),
}  # fmt: skip
_ADDGROUP = {
    "--gid": _Spec("-g", True), "--system": _Spec("-S", False), "--quiet": _Spec(None, False),
    "-q": _Spec(None, False),
}  # fmt: skip


def _split(
    args: list[Word], table: dict[str, _Spec], extra: Callable[[str, str], list[str] | None] | None = None
) -> tuple[list[str], list[str]] | None:
    """(busybox flags, positional words) for `args`, or None on an option BusyBox lacks.
    `extra(option, value)` handles options outside the table (supplementary groups)."""
    flags: list[str] = []
    positional: list[str] = []
    index = 0
    while index < len(args):
        text = args[index].text
        name, eq, inline = text.partition("=") if text.startswith("--") else (text, "", "")
        spec = table.get(name)
        value: str | None = inline if eq else None
        if spec is not None and spec.takes_value and value is None:
            index += 1
            if index >= len(args):
                return None
            value = args[index].text
        if spec is not None:
            if spec.busybox:
                flags.extend([spec.busybox, value] if value is not None else [spec.busybox])
        elif text.startswith("-") and extra is not None and index + 1 < len(args):
            handled = extra(name, inline if eq else args[index + 1].text)
            if handled is None:
                return None
            flags.extend(handled)
            index += 0 if eq else 1
        elif text.startswith("-"):
            return None
        else:
            positional.append(text)
        index += 1
    return flags, positional


def translate_useradd(args: list[Word]) -> str | None:
    groups: list[str] = []

    def supplementary(option: str, value: str) -> list[str] | None:
        if option not in ("-G", "--groups"):
            return None
        groups.extend(g for g in value.strip("'\"").split(",") if g)
        return []

    split = _split(args, _USERADD, supplementary)
    if split is None or len(split[1]) != 1:
        return None
    flags, (user,) = split
    if "-G" in flags and flags[flags.index("-G") + 1].isdigit():
        return None  # BusyBox's -G takes a group name, not a GID
    command = " ".join(["adduser", "-D", *flags, user])
    return " && ".join([command, *(f"addgroup {user} {group}" for group in groups)])


def translate_groupadd(args: list[Word]) -> str | None:
    split = _split(args, _GROUPADD)
    if split is None or len(split[1]) != 1:
        return None
    return " ".join(["addgroup", *split[0], split[1][0]])


def translate_usermod(args: list[Word]) -> str | None:
    """Only `usermod -aG g1,g2 user` (adding groups) has a BusyBox form."""
    texts = [a.text for a in args]
    if len(texts) == 3 and texts[0] in ("-aG", "-Ga"):
        groups, user = texts[1], texts[2]
    elif len(texts) == 4 and {texts[0], texts[1]} <= {"-a", "--append", "-G", "--groups"}:
        groups, user = texts[2], texts[3]
    else:
        return None
    names = [g for g in groups.strip("'\"").split(",") if g]
    return " && ".join(f"addgroup {user} {group}" for group in names) or None


def translate_adduser(args: list[Word]) -> str | None:
    """Debian's adduser: `adduser --disabled-password --gecos '' app`; `adduser app group` adds
    app to group, which BusyBox's adduser does with the same words."""
    split = _split(args, _ADDUSER)
    if split is None or not 1 <= len(split[1]) <= 2:
        return None
    flags, positional = split
    if len(positional) == 2:
        return " ".join(["adduser", *positional]) if not flags else None
    return " ".join(["adduser", "-D", *flags, positional[0]])


def translate_addgroup(args: list[Word]) -> str | None:
    split = _split(args, _ADDGROUP)
    if split is None or not 1 <= len(split[1]) <= 2:
        return None
    return " ".join(["addgroup", *split[0], *split[1]])


TRANSLATORS: dict[str, Callable[[list[Word]], str | None]] = {
    "useradd": translate_useradd,
    "groupadd": translate_groupadd,
    "usermod": translate_usermod,
    "adduser": translate_adduser,
    "addgroup": translate_addgroup,
}
