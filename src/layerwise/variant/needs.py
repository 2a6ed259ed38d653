"""What a Dockerfile relies on that a smaller base lacks: commands its RUN steps and
ENTRYPOINT/CMD/HEALTHCHECK call (data/slim_bases.toml maps them to Debian packages), https
downloads (ca-certificates), and pip or gem packages that compile (a compiler and headers).

A package counts only when the full image had it, the smaller one lacks it, and the Dockerfile
did not install it before its first use. Shared by the slim and Alpine variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Instruction
from layerwise.variant.apt import AptCommand, apt_command, package_word, words_after_wrappers
from layerwise.variant.tables import base_tables

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

NEVER = 1 << 62
_TLS_CLIENTS = frozenset({"curl", "wget", "git"})
_PIP = frozenset({"pip", "pip3"})


@dataclass
class Needs:
    """Walks a stage in order: what it installs, and what it uses before installing it."""

    lacks: frozenset[str]
    installed: set[str]
    target: str = "slim"  # how messages name the smaller image
    packages: dict[str, str] = field(default_factory=dict)  # package -> why
    first_use: int = NEVER  # offset of the first RUN that needs an added package
    first_install: tuple[Instruction, AptCommand] | None = None
    risks: list[tuple[str, str, Instruction]] = field(default_factory=list)
    _at: int = 0  # offset of the command being scanned

    def scan(self, ins: Instruction) -> None:
        if ins.keyword == "RUN":
            for command in _commands(ins):
                self._command(ins, command)
        elif ins.keyword in ("ENTRYPOINT", "CMD", "HEALTHCHECK") and ins.values:
            program = _program_of(ins)
            package = base_tables().command_packages.get(program)
            if package:
                self._need(package, f"`{program}` runs in {ins.keyword} (line {ins.line})", ins, at_runtime=True)

    def _command(self, ins: Instruction, command: Command) -> None:
        self._at = command.span.start
        words = words_after_wrappers(command)
        if not words:
            return
        program = words[0].value.rsplit("/", 1)[-1]
        args = [w.value for w in words[1:]]
        apt = apt_command(command)
        if apt is not None and apt.action == "install":
            if self.first_install is None:
                self.first_install = (ins, apt)
            self.installed.update(package_word(w).name for w in apt.packages)
            return
        package = base_tables().command_packages.get(program)
        if package:
            self._need(package, f"`{program}` runs at line {ins.line}", ins)
        if program in _TLS_CLIENTS and any("https://" in a for a in args):
            self._need("ca-certificates", f"`{program}` fetches over https at line {ins.line}", ins)
        if program in ("gpg", "gpg2") and any(a in ("--recv-keys", "--keyserver", "--recv-key") for a in args):
            self._need("dirmngr", f"`gpg` fetches keys at line {ins.line}", ins)
        if (program in _PIP or args[:2] == ["-m", "pip"]) and ("install" in args or "wheel" in args):
            self._builds(ins, "pip", args)
        elif program == "gem" and "install" in args:
            self._builds(ins, "gem", args)
        elif program == "bundle" and "install" in args and "gcc" in self.lacks:
            self._risk(
                "native-gems",
                f"bundle install: gems with native extensions need build-essential, which the {self.target} image lacks",
                ins,
            )
        elif program in ("npm", "yarn") and ("install" in args or "ci" in args or not args) and "g++" in self.lacks:
            self._risk(
                "native-modules",
                f"{program}: native modules (node-gyp) need python3, make and g++, which the {self.target} image lacks",
                ins,
            )

    def _builds(self, ins: Instruction, tool: str, args: list[str]) -> None:
        """Packages that compile from source need the compiler and headers the full image had."""
        table = base_tables().source_builds[tool]
        names = {a.split("==")[0].split(">=")[0].lower() for a in args if not a.startswith("-")}
        for name in sorted(names & table.keys()):
            for package in table[name]:
                self._need(package, f"{tool} builds {name} from source at line {ins.line}", ins)
        if "--no-binary" in " ".join(args) and "build-essential" in self.lacks:
            self._need("build-essential", f"pip --no-binary builds from source at line {ins.line}", ins)
        elif tool == "pip" and ("-r" in args or "--requirement" in args) and self._still_lacks("gcc"):
            self._risk(
                "pip-requirements",
                f"pip installs a requirements file: a package without a wheel needs gcc, which the {self.target} image lacks",
                ins,
            )

    def _still_lacks(self, package: str) -> bool:
        return package in self.lacks and package not in self.installed and package not in self.packages

    def _need(self, package: str, why: str, ins: Instruction, at_runtime: bool = False) -> None:
        if package not in self.lacks or package in self.installed or package in self.packages:
            return
        self.packages[package] = why
        if not at_runtime:
            self.first_use = min(self.first_use, self._at)

    def _risk(self, code: str, message: str, ins: Instruction) -> None:
        self.risks.append((code, message, ins))


def _commands(ins: Instruction) -> list[Command]:
    script = ins.shell
    return list(script.commands) if script is not None else []


def _program_of(ins: Instruction) -> str:
    values = ins.values
    if ins.keyword == "HEALTHCHECK":
        values = values[1:] if values and values[0].upper() in ("CMD", "CMD-SHELL") else []
    first = values[0].split()[0] if values and values[0].split() else ""
    return first.rsplit("/", 1)[-1]
