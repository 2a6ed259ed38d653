"""Reading package-manager commands out of RUN scripts, shared by the pinning and cleanup rules.

Pipeline position: model (parsed shell) -> **package installs** -> rules (DL3008, DL3013, ...) and fixers.
Each `*_installs(script)` returns one `PackageInstall` per install command: the command with
`sudo`/`env` wrappers stripped, the subcommand word, the package words and the options. Options
that take a value (`apt-get -t bookworm-backports`) are paired with it so the value is never
mistaken for a package. Also here: the small helpers the DL rules share (quotes, ARG/ENV values,
findings that point at a word but keep hadolint's line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from layerwise.dockerfile.model import Dockerfile, Instruction, Span
from layerwise.dockerfile.variables import expand

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command, ShellScript, Word
    from layerwise.rules.base import Finding, Fix, RuleContext


@dataclass(frozen=True)
class Option:
    """One option as written: `-y` (inside `-qy` too), `--no-cache`, `--virtual .deps`."""

    name: str  # without dashes: "y", "no-install-recommends"
    word: Word  # the word it was written in
    value: str | None = None  # `--opt=v`, `-tv`, or the next word for options that take a value
    value_word: Word | None = None  # that next word, when the value was written separately


@dataclass(frozen=True)
class ParsedArgs:
    options: list[Option]
    positional: list[Word]

    def has(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)

    def values(self, *names: str) -> list[str]:
        return [o.value for o in self.options if o.name in names and o.value is not None]


@dataclass(frozen=True)
class PackageInstall:
    """An install command: `apt-get install -y curl=8.0`, `pip install flask`, ..."""

    command: Command  # effective command (wrappers such as sudo/env stripped)
    manager: str  # "apt-get", "apk", "pip", "npm", "gem", "go", "yum", "dnf", "zypper"
    subcommand: Word | None  # the `install`/`add` word (None for `python -m pip install` edge cases)
    packages: list[Word]  # package arguments as written
    options: list[Option]

    def has_option(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)


# ---------------------------------------------------------------- argument parsing


def parse_args(words: Iterable[Word], takes_value: Iterable[str] = ()) -> ParsedArgs:
    """Split words into options and positional words, getopt style.

    `-abc` is three short options; a short option that takes a value consumes the rest of its
    word or the next word; `--` ends the options.
    """
    needs_value = frozenset(takes_value)
    options: list[Option] = []
    positional: list[Word] = []
    pending: tuple[str, Word] | None = None
    only_positional = False
    for word in words:
        text = word.value
        if pending is not None:
            options.append(Option(pending[0], pending[1], text, word))
            pending = None
        elif only_positional or text in ("-", "") or not text.startswith("-"):
            positional.append(word)
        elif text == "--":
            only_positional = True
        elif text.startswith("--"):
            name, eq, value = text[2:].partition("=")
            if eq:
                options.append(Option(name, word, value))
            elif name in needs_value:
                pending = (name, word)
            else:
                options.append(Option(name, word))
        else:
            pending = _short_cluster(text[1:], word, needs_value, options)
    if pending is not None:
        options.append(Option(pending[0], pending[1]))
    return ParsedArgs(options, positional)


def _short_cluster(
    letters: str, word: Word, needs_value: frozenset[str], options: list[Option]
) -> tuple[str, Word] | None:
    for index, letter in enumerate(letters):
        if letter in needs_value:
            rest = letters[index + 1 :]
            if rest:
                options.append(Option(letter, word, rest.removeprefix("=")))
                return None
            return (letter, word)
        options.append(Option(letter, word))
    return None


# ---------------------------------------------------------------- commands


def commands(script: ShellScript | None) -> list[Command]:
    return list(script.effective_commands()) if script is not None else []


def commands_named(script: ShellScript | None, *names: str) -> list[Command]:
    return script.commands_named(*names) if script is not None else []


def _installs(
    script: ShellScript | None,
    manager: str,
    names: tuple[str, ...],
    subcommands: tuple[str, ...],
    takes_value: tuple[str, ...],
) -> list[PackageInstall]:
    """Commands named `names` whose first positional word is one of `subcommands` (worked out
    once per script: many rules ask)."""
    if script is None:
        return []
    key = ("installs", manager, names, subcommands, takes_value)
    found: list[PackageInstall] | None = script.memo.get(key)
    if found is None:
        found = script.memo[key] = _find_installs(script, manager, names, subcommands, takes_value)
    return list(found)


def _find_installs(
    script: ShellScript,
    manager: str,
    names: tuple[str, ...],
    subcommands: tuple[str, ...],
    takes_value: tuple[str, ...],
) -> list[PackageInstall]:
    found: list[PackageInstall] = []
    for command in script.commands_named(*names):
        parsed = parse_args(command.args, takes_value)
        if parsed.positional and parsed.positional[0].value in subcommands:
            found.append(PackageInstall(command, manager, parsed.positional[0], parsed.positional[1:], parsed.options))
    return found


APT_VALUE_OPTIONS = ("t", "target-release", "default-release", "o", "option", "c", "config-file")


APK_VALUE_OPTIONS = ("t", "virtual", "repository", "X", "p", "root", "keys-dir", "cache-dir", "arch")


YUM_VALUE_OPTIONS = (
    "c", "config", "d", "debuglevel", "e", "errorlevel", "R", "randomwait", "installroot",
    "enablerepo", "disablerepo", "x", "exclude", "releasever", "setopt", "repo", "repoid",
    "downloaddir", "destdir",
)  # fmt: skip


ZYPPER_VALUE_OPTIONS = ("r", "repo", "t", "type", "from", "download", "root", "R")


PIP_VALUE_OPTIONS = (
    "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url",
    "implementation", "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy",
    "python", "python-version", "root", "root-user-action", "src", "t", "target", "trusted-host",
    "upgrade-strategy", "c", "constraint", "r", "requirement", "cache-dir", "log", "timeout",
    "retries", "exists-action", "cert", "client-cert", "user-agent", "config-settings", "C",
    "global-option", "install-option", "report", "python-path",
)  # fmt: skip


NPM_VALUE_OPTIONS = ("loglevel", "registry", "prefix", "cache", "userconfig", "tag", "w", "workspace")


GEM_VALUE_OPTIONS = (
    "v", "version", "i", "install-dir", "n", "bindir", "source", "s", "platform", "P",
    "trust-policy", "g", "file", "build-root", "document",
)  # fmt: skip


GO_VALUE_OPTIONS = ("C", "p", "tags", "ldflags", "gcflags", "mod", "modfile", "o", "asmflags", "overlay")


def apt_get_installs(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "apt-get", ("apt-get",), ("install",), APT_VALUE_OPTIONS)


def apt_installs(script: ShellScript | None) -> list[PackageInstall]:
    """`apt install` (the interactive front end; DL3027 wants apt-get)."""
    return _installs(script, "apt", ("apt",), ("install",), APT_VALUE_OPTIONS)


def apk_adds(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "apk", ("apk",), ("add",), APK_VALUE_OPTIONS)


def yum_installs(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "yum", ("yum",), ("install", "groupinstall", "localinstall"), YUM_VALUE_OPTIONS)


def dnf_installs(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "dnf", ("dnf", "microdnf"), ("install", "groupinstall", "localinstall"), YUM_VALUE_OPTIONS)


def zypper_installs(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "zypper", ("zypper",), ("install", "in"), ZYPPER_VALUE_OPTIONS)


def npm_installs(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "npm", ("npm",), ("install",), NPM_VALUE_OPTIONS)


def gem_installs(script: ShellScript | None) -> list[PackageInstall]:
    return _installs(script, "gem", ("gem",), ("install", "i"), GEM_VALUE_OPTIONS)


def go_installs(script: ShellScript | None) -> list[PackageInstall]:
    """`go install` / `go get` (all packages) and `go run` (only the package, not its arguments)."""
    found = _installs(script, "go", ("go",), ("install", "get"), GO_VALUE_OPTIONS)
    found = [replace(i, packages=[p for p in i.packages if p.value != "tool"]) for i in found]
    runs = _installs(script, "go", ("go",), ("run",), GO_VALUE_OPTIONS)
    return found + [replace(r, packages=r.packages[:1]) for r in runs]


def pip_installs(script: ShellScript | None) -> list[PackageInstall]:
    """`pip install`, `pip3 install`, `python -m pip install`, `python3.11 -m pip install`."""
    if script is None:
        return []
    found: list[PackageInstall] | None = script.memo.get("pip_installs")
    if found is None:  # several rules ask (worked out once per script)
        found = script.memo["pip_installs"] = [
            install for command in script.effective_commands() for install in _pip_install(command, command.args)
        ]
    return list(found)


def _pip_install(command: Command, words: list[Word]) -> list[PackageInstall]:
    if command.name.startswith("python"):
        values = [w.value for w in words]
        at = next((i for i in range(len(values) - 1) if values[i : i + 2] == ["-m", "pip"]), None)
        if at is None:
            return []
        words = words[at + 2 :]
    elif not command.name.startswith("pip") or command.name.startswith("pipenv"):
        return []
    parsed = parse_args(words, PIP_VALUE_OPTIONS)
    if not parsed.positional or parsed.positional[0].value != "install":
        return []
    return [PackageInstall(command, "pip", parsed.positional[0], parsed.positional[1:], parsed.options)]


# ---------------------------------------------------------------- rpm (yum, dnf, microdnf)


def rpm_installs(script: ShellScript | None, *names: str) -> tuple[list[PackageInstall], list[PackageInstall]]:
    """(`yum install` commands, `yum module install` commands) for the given front ends.
    `group`/`groupinstall`/`localinstall` are left out: their arguments are not versioned packages."""
    packages: list[PackageInstall] = []
    modules: list[PackageInstall] = []
    for command in commands_named(script, *names):
        parsed = parse_args(command.args, YUM_VALUE_OPTIONS)
        words = parsed.positional
        if words and words[0].value == "install":
            packages.append(PackageInstall(command, names[0], words[0], words[1:], parsed.options))
        elif len(words) > 1 and words[0].value == "module" and words[1].value == "install":
            modules.append(PackageInstall(command, names[0], words[1], words[2:], parsed.options))
    return packages, modules


_RPM_VERSION_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.~^_:+")


def rpm_is_pinned(package: str) -> bool:
    """`name-1.2.3`, `name-1.2-3.el9` (the part after the first dash looks like a version) or an .rpm."""
    if package.endswith(".rpm"):
        return True
    parts = package.split("-")[1:]
    return (
        bool(parts)
        and all(part and set(part) <= _RPM_VERSION_CHARS for part in parts)
        and any(part[:1].isdigit() for part in parts)
    )


def rpm_module_is_pinned(module: str) -> bool:
    """`nodejs:18` (a stream) rather than `nodejs`."""
    return ":" in module


# ---------------------------------------------------------------- values: quotes, ARG/ENV, the script's own assignments


def unquote(text: str) -> str:
    """Drop surrounding quotes, as hadolint's dropQuotes does for paths."""
    return text.strip("\"'")


def has_variable(text: str) -> bool:
    return "$" in text or "`" in text


def expand_static(text: str, variables: Mapping[str, str | None], escape: str = "\\") -> str | None:
    """`text` with quotes removed and variables expanded; None if any value is unknown."""
    expanded = expand(text, variables, escape)
    return expanded.value if expanded.is_static else None


def arg_pairs(ins: Instruction) -> list[tuple[str, str | None]]:
    """`ARG A=1 B` -> [("A", "1"), ("B", None)]."""
    result: list[tuple[str, str | None]] = []
    for value in ins.values:
        name, eq, default = value.partition("=")
        result.append((name, unquote(default) if eq else None))
    return result


def pairs(ins: Instruction) -> list[tuple[str, str]]:
    """ENV/LABEL key-value pairs as BuildKit splits them (values keep their quotes)."""
    values = ins.values
    return [(unquote(values[i]), values[i + 1]) for i in range(0, len(values) - 1, 2)]


def judged_value(text: str, variables: Mapping[str, str | None]) -> str | None:
    """What a rule should judge for `text`: its expansion when its variables have known values;
    the text as written when a variable is not declared in the Dockerfile (a shell or base-image
    variable, judged as hadolint does); None when a declared variable has no known value (it comes
    from --build-arg) or a command substitution decides it."""
    if not has_variable(text):
        return unquote(text)
    if "`" in text or "$(" in text:
        return None
    expanded = expand(text, variables)
    if any(variables.get(name, "") is None for name in expanded.unresolved):
        return None
    return expanded.value


def resolved_words(word: Word, variables: Mapping[str, str | None]) -> list[str] | None:
    """The words a package argument stands for (see judged_value), split on whitespace unless the
    argument was quoted."""
    if not has_variable(word.text):
        return [word.value]
    value = judged_value(word.text, variables)
    if value is None:
        return None
    return [value] if word.text[:1] in "\"'" else value.split()


_ASSIGNMENT = re.compile(r"""(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|"(?:[^"\\]|\\.)*"|[^\s;&|()]*)""")


def script_variables(script: ShellScript | None, variables: Mapping[str, str | None]) -> dict[str, str | None]:
    """`variables` plus the plain assignments the script makes (`deps='curl wget'; apt-get install
    $deps`). An assigned value that runs a command is unknown (None)."""
    merged = dict(variables)
    if script is None:
        return merged
    text = re.sub(r"\\\r?\n", "", script.text)  # line continuations vanish before the shell runs
    for match in _ASSIGNMENT.finditer(text):
        name, raw = match.group(1), match.group(2)
        if "$(" in raw or "`" in raw:
            merged[name] = None
            continue
        value = expand(raw, merged)
        merged[name] = value.value if value.is_static else None
    return merged


def run_variables(dockerfile: Dockerfile, ins: Instruction) -> dict[str, str | None]:
    """Variables a RUN's package words can use: ARG/ENV in scope plus the script's assignments."""
    key = ("run_variables", id(ins))
    found: dict[str, str | None] | None = dockerfile.memo.get(key)
    if found is None:  # several pinning rules ask for the same RUN
        found = dockerfile.memo[key] = script_variables(ins.shell, dockerfile.env_at(ins))
    return dict(found)


def unpinned(
    installs: Iterable[PackageInstall],
    variables: Mapping[str, str | None],
    is_pinned: Callable[[str], bool],
) -> Iterator[Word]:
    """Package words of `installs` that are not pinned. A word holding variables is judged by its
    expansion (see resolved_words); one whose value is unknown (an ARG without default) is given
    the benefit of the doubt. Pass `script_variables(...)` to see the script's own assignments."""
    for install in installs:
        for word in install.packages:
            if is_pinned(word.value):
                continue
            values = resolved_words(word, variables)
            if values is not None and not all(is_pinned(v) for v in values):
                yield word


# ---------------------------------------------------------------- findings and edits


def finding_at(
    ctx: RuleContext, ins: Instruction, span: Span, message: str | None = None, fix: Fix | None = None
) -> Finding:
    """A finding at the exact words `span` covers. (hadolint reports only an instruction's first
    line; the benchmark compares on that, a user's editor wants the word.)"""
    return ctx.finding(span, message, fix)


def keyword_like(text: str, ins: Instruction, keyword: str) -> str:
    """`keyword` in the case the user writes instruction keywords in (`run` -> `workdir`)."""
    return keyword.lower() if text[ins.keyword_span.start : ins.keyword_span.end].islower() else keyword
