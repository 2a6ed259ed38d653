"""What may break when a Debian image becomes an Alpine one: glibc-only binaries and wheels,
locales, LD_PRELOAD, Debian paths, and shell features that need bash rather than BusyBox ash.

Each check reads the model (instructions, shell commands and words) and returns facts; the
translator turns them into report entries and `# layerwise:` comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import tree_sitter_bash
from tree_sitter import Language, Node, Parser

from layerwise.dockerfile.model import Instruction
from layerwise.fix.script import shell_view
from layerwise.variant.apt import base_name, words_after_wrappers

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

_GLIBC_URL = re.compile(
    r"linux[-_.]?(amd64|x86_64|x64|arm64|aarch64)|x86_64-linux-gnu|unknown-linux-gnu|"
    r"linux-gnu|manylinux|glibc|\.appimage$|_amd64\.deb|linux64",
    re.IGNORECASE,
)
_JDK_URL = re.compile(r"oracle\.com|/jdk[-_]|jdk-\d|openjdk-\d+.*linux|zulu.*linux", re.IGNORECASE)
_URL = re.compile(r"^(https?|ftp)://", re.IGNORECASE)
_MULTIARCH = re.compile(r"/(usr/)?lib/(x86_64|aarch64|arm)-linux-gnu")
_DPKG_ARCH = (
    "`dpkg --print-architecture` does not exist on Alpine; `apk --print-arch` prints x86_64/aarch64, not amd64/arm64"
)
_APT_SUBSTITUTION = re.compile(r"\$\(\s*(apt|apt-get|apt-mark|apt-cache|dpkg-query)\b")
_LOCALE_COMMANDS = frozenset({"locale-gen", "localedef", "update-locale"})
# Python distributions with C extensions: on musl they need a musllinux wheel or a compiler.
_COMPILED_PYTHON = frozenset(
    {
        "numpy", "pandas", "scipy", "scikit-learn", "lxml", "psycopg2", "psycopg2-binary",
        "cryptography", "grpcio", "pillow", "tensorflow", "torch", "mysqlclient", "uwsgi",
        "gevent", "greenlet", "pyzmq", "matplotlib", "opencv-python", "pyarrow", "orjson",
        "ujson", "cffi", "bcrypt", "pynacl", "pycurl", "h5py", "numba", "llvmlite",
    }
)  # fmt: skip
_PIP = frozenset({"pip", "pip3", "pip2"})
_BASH_NODES = frozenset(
    {"process_substitution", "herestring_redirect", "array", "c_style_for_statement", "ansi_c_string",
     "brace_expression"}
)  # fmt: skip
_BASH_BUILTINS = frozenset({"bash", "source", "shopt", "pushd", "popd", "declare", "typeset", "complete"})
_PARSER = Parser(Language(tree_sitter_bash.language()))


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


def instruction_risks(ins: Instruction) -> list[Finding]:
    """Risks an instruction carries into an Alpine image."""
    findings: list[Finding] = []
    texts = [*ins.values, *(h.content for h in ins.heredocs)]
    words = [w.value for c in _commands(ins) for w in c.words]
    for url in sorted({w for w in [*words, *ins.values] if _URL.match(w)}):
        if _GLIBC_URL.search(url):
            findings.append(Finding("glibc-binary", f"downloads a binary built for glibc ({url}); musl cannot run it"))
        elif _JDK_URL.search(url):
            findings.append(Finding("glibc-jdk", f"downloads a JDK build ({url}); most are built for glibc"))
    if any("manylinux" in w for w in words):
        findings.append(Finding("glibc-wheel", "manylinux wheels need glibc; Alpine needs musllinux wheels"))
    findings.extend(_command_risks(ins))
    if ins.keyword == "RUN" and any("dpkg --print-architecture" in t for t in texts):
        findings.append(Finding("dpkg-arch", _DPKG_ARCH))
    if ins.keyword == "RUN" and any(_APT_SUBSTITUTION.search(t) for t in texts):
        findings.append(Finding("apt-substitution", "apt inside $(...) left as is: it does not exist on Alpine"))
    if any("LD_PRELOAD" in t for t in texts):
        findings.append(Finding("ld-preload", "LD_PRELOAD: the preloaded library must be built for musl"))
    if any(_MULTIARCH.search(t) for t in texts):
        findings.append(
            Finding("debian-path", "Debian multiarch path (/usr/lib/x86_64-linux-gnu); Alpine uses /usr/lib")
        )
    if ins.keyword == "ENV":
        findings.extend(_env_risks(ins))
    return findings


def _commands(ins: Instruction) -> list[Command]:
    script = ins.shell if ins.keyword == "RUN" else None
    return list(script.commands) if script is not None else []


def _command_risks(ins: Instruction) -> Iterator[Finding]:
    for command in _commands(ins):
        words = words_after_wrappers(command)
        name = words[0].value.rsplit("/", 1)[-1] if words else base_name(command)
        args = [w.value for w in words[1:]]
        if name == "ldd":
            yield Finding("ldd", "ldd on Alpine is musl's loader: its output differs from glibc's")
        elif name in _LOCALE_COMMANDS or (name == "dpkg-reconfigure" and "locales" in args):
            yield Finding("locale", f"`{name}` removed: musl has no locale archive (install musl-locales if needed)")
        elif name == "dpkg" and any(a.endswith(".deb") for a in args):
            yield Finding("deb-file", "installs a .deb file; Alpine cannot install Debian packages")
        elif name in _PIP or (name.startswith("python") and args[:2] == ["-m", "pip"]):
            yield from _pip_risks(args)


def _pip_risks(args: list[str]) -> Iterator[Finding]:
    if "install" not in args:
        return
    names = {re.split(r"[<>=!~\[;]", a, maxsplit=1)[0].lower() for a in args if not a.startswith("-")}
    compiled = sorted(names & _COMPILED_PYTHON)
    if compiled:
        yield Finding(
            "pip-compiled",
            f"pip installs {', '.join(compiled)}: without a musllinux wheel they build from source "
            "(needs build-base and -dev packages)",
        )
    elif "-r" in args or "--requirement" in args:
        yield Finding(
            "pip-requirements",
            "pip installs a requirements file: packages with C extensions need musllinux wheels or a compiler on Alpine",
        )


def _env_risks(ins: Instruction) -> Iterator[Finding]:
    values = ins.values
    for name, setting in zip(values[::2], values[1::2], strict=False):
        if name in ("LANG", "LC_ALL", "LANGUAGE") and setting.strip("'\"") not in (
            "",
            "C",
            "C.UTF-8",
            "POSIX",
            "C.utf8",
        ):
            yield Finding("locale", f"{name}={setting}: musl ignores most locale settings (no locale archive)")
        if name == "JAVA_HOME" and "amd64" in setting:
            yield Finding(
                "debian-path",
                f"JAVA_HOME={setting} is a Debian path; Alpine's JDK lives in /usr/lib/jvm/java-<n>-openjdk",
            )


# ---------------------------------------------------------------- bash


def needs_bash(ins: Instruction) -> bool:
    """True when the instruction runs bash or uses bash-only syntax that BusyBox ash lacks."""
    if ins.keyword == "SHELL":
        return bool(ins.values) and ins.values[0].rsplit("/", 1)[-1] == "bash"
    if ins.keyword not in ("RUN", "ENTRYPOINT", "CMD"):
        return False
    if ins.is_json:
        return bool(ins.values) and ins.values[0].rsplit("/", 1)[-1] == "bash"
    if any(h.content.startswith("#!") and "bash" in h.content.split("\n", 1)[0] for h in ins.heredocs):
        return True
    if ins.keyword == "RUN" and any(base_name(c) in _BASH_BUILTINS for c in _commands(ins)):
        return True
    return any(_bash_syntax(text) for text in [*ins.values, *(h.content for h in ins.heredocs)])


@cache
def _bash_syntax(script: str) -> bool:
    root = _PARSER.parse(shell_view(script).encode()).root_node
    return any(_is_bash_node(node) for node in _walk(root))


def _is_bash_node(node: Node) -> bool:
    if node.type in _BASH_NODES:
        return True
    if node.type == "test_command":
        return node.child_count > 0 and node.children[0].type == "[["
    if node.type == "function_definition":
        return node.child_count > 0 and node.children[0].type == "function"
    if node.type == "declaration_command":
        return node.child_count > 0 and node.children[0].type in ("declare", "typeset")
    return False


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)
