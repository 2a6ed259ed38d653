"""apt-get commands as variants need them: what they do, which words are packages and which are
options, so each word can be rewritten or dropped where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import dropwhile
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Instruction

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command, Word

APT_TOOLS = frozenset({"apt-get", "apt", "aptitude"})
# apt-get options that take the next word as their value.
_TAKES_VALUE = frozenset({"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file"})
_PIN = re.compile(r"^(?P<name>[^=/:]+)(?P<pin>[=/:].*)?$")


@dataclass(frozen=True)
class AptCommand:
    command: Command
    tool_word: Word  # the `apt-get` word
    action: str  # install, update, purge, remove, clean, upgrade, ...
    action_word: Word | None
    packages: list[Word] = field(default_factory=list)
    options: list[Word] = field(default_factory=list)  # option words and their value words
    via_xargs: bool = False  # `xargs apt-get install`: packages come from stdin

    @property
    def start(self) -> int:
        """Where a rewrite starts: the whole command, or the apt-get word after `xargs ...`."""
        return self.tool_word.span.start if self.via_xargs else self.command.span.start


@dataclass(frozen=True)
class PackageWord:
    """A package argument split into its name and its version or release pin."""

    word: Word
    name: str
    pin: str | None  # "=1.2.3" or "/bookworm-backports"
    dynamic: bool  # holds a variable or glob: not a literal name
    file: bool  # a path to a .deb


def base_name(command: Command) -> str:
    return command.name.rsplit("/", 1)[-1]


def words_after_wrappers(command: Command) -> list[Word]:
    """The command's words from the real program on: `sudo -E apt-get ...` -> `apt-get ...`."""
    return list(command.effective().words)


def apt_command(command: Command) -> AptCommand | None:
    words = words_after_wrappers(command)
    via_xargs = bool(words) and words[0].value.rsplit("/", 1)[-1] == "xargs"
    if via_xargs:
        words = list(dropwhile(lambda w: w.value.rsplit("/", 1)[-1] not in APT_TOOLS, words))
    if not words or words[0].value.rsplit("/", 1)[-1] not in APT_TOOLS:
        return None
    action: Word | None = None
    packages: list[Word] = []
    options: list[Word] = []
    takes_value = False
    for word in words[1:]:
        text = word.value
        if takes_value:
            options.append(word)
            takes_value = False
        elif text.startswith("-") and len(text) > 1:
            options.append(word)
            takes_value = text in _TAKES_VALUE
        elif action is None:
            action = word
        else:
            packages.append(word)
    return AptCommand(command, words[0], action.value if action else "", action, packages, options, via_xargs)


def package_word(word: Word) -> PackageWord:
    """`curl=8.0*` -> curl pinned `=8.0*`; `libgl1:i386` -> libgl1 pinned `:i386`."""
    text = word.value
    is_file = text.endswith(".deb") or text.startswith(("/", "./", "../"))
    match = _PIN.match(text)
    name, pin = (match.group("name"), match.group("pin")) if match and not is_file else (text, None)
    dynamic = any(ch in name for ch in "$*?[`")
    return PackageWord(word, name, pin, dynamic, is_file)


def apt_commands(ins: Instruction) -> list[AptCommand]:
    script = ins.shell
    if script is None:
        return []
    return [apt for command in script.commands if (apt := apt_command(command)) is not None]


def installed_packages(ins: Instruction) -> set[str]:
    """Debian package names an instruction installs with apt."""
    names: set[str] = set()
    for apt in apt_commands(ins):
        if apt.action in ("install", "satisfy"):
            names.update(package_word(w).name for w in apt.packages)
    return names
