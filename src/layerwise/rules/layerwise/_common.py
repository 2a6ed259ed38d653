"""What the LW rules share: which stages ship, the base's family, the users and packages of an
image, whether it speaks TLS, and edits that extend a RUN in the author's own style.

Pipeline position: model (stages, instructions, parsed shell) -> **image facts** -> LW rules.
Everything here reads the model and returns data or `Edit`s; nothing prints.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage, line_start
from layerwise.fix.script import script_shape
from layerwise.rules.base import Edit
from layerwise.rules.hadolint._packages import (
    PackageInstall,
    apk_adds,
    apt_get_installs,
    apt_installs,
    commands,
    parse_args,
)

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

Family = Literal["debian", "alpine", "rhel", "suse", "scratch", "unknown"]

DOWNLOAD_TOOLS = ("curl", "wget")

# ---------------------------------------------------------------- stages that ship


def final_chain(dockerfile: Dockerfile) -> list[Stage]:
    """The final stage and the stages it is built FROM, base first: the filesystem, USER and
    WORKDIR of the image come from exactly these (a `COPY --from` stage ships only what it copies)."""
    chain: list[Stage] | None = dockerfile.memo.get("final_chain")
    if chain is None:  # most LW rules start here
        final = dockerfile.final_stage
        chain = dockerfile.memo["final_chain"] = chain_of(dockerfile, final) if final is not None else []
    return list(chain)


def chain_of(dockerfile: Dockerfile, stage: Stage) -> list[Stage]:
    """`stage` and the earlier stages it is built FROM, base first."""
    chain: list[Stage] = []
    current: Stage | None = stage
    while current is not None and current not in chain:
        chain.insert(0, current)
        current = dockerfile.parent_of(current)
    return chain


def root_image(chain: list[Stage]) -> str:
    """The external image a chain starts from (`scratch` included)."""
    return chain[0].base if chain else ""


def instructions_of(chain: Iterable[Stage], *keywords: str) -> Iterator[Instruction]:
    wanted = {k.upper() for k in keywords}
    for stage in chain:
        for ins in stage.instructions:
            if not wanted or ins.keyword in wanted:
                yield ins


def shell_runs(chain: Iterable[Stage]) -> Iterator[Instruction]:
    """RUN instructions whose script layerwise can read (shell form or heredoc)."""
    for ins in instructions_of(chain, "RUN"):
        if ins.shell is not None:
            yield ins


def run_commands(ins: Instruction) -> list[Command]:
    """The commands of a RUN with `sudo`/`env` wrappers stripped."""
    return commands(ins.shell)


def previous_instruction(stage: Stage, ins: Instruction) -> Instruction | None:
    index = stage.instructions.index(ins)
    return stage.instructions[index - 1] if index > 0 else None


# ---------------------------------------------------------------- image names


@dataclass(frozen=True)
class ImageRef:
    registry: str | None  # None for Docker Hub
    repository: str  # "python", "library/python" -> "python", "bitnami/redis"
    tag: str  # "latest" when none was written

    @property
    def official(self) -> bool:
        """A Docker Hub official image (`python`, `library/python`, `docker.io/python`)."""
        return self.registry is None and "/" not in self.repository

    @property
    def name(self) -> str:
        """The last path component: `python` for `docker.io/library/python`."""
        return self.repository.rsplit("/", 1)[-1]


def parse_image(reference: str) -> ImageRef:
    """Split `registry/repo:tag@digest` the way Docker does (a first component with a dot, a
    colon or `localhost` is a registry)."""
    ref = reference.split("@", 1)[0].lower()
    name, tag = ref, "latest"
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = ref[: len(ref) - len(last)] + last.split(":", 1)[0], last.split(":", 1)[1]
    parts = name.split("/")
    registry: str | None = None
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        registry, parts = parts[0], parts[1:]
    if registry in ("docker.io", "index.docker.io", "registry-1.docker.io"):
        registry = None
    if registry is None and len(parts) == 2 and parts[0] == "library":
        parts = parts[1:]
    return ImageRef(registry, "/".join(parts), tag)


def tag_tokens(tag: str) -> list[str]:
    """`3.12-slim-bookworm` -> ["3.12", "slim", "bookworm"]."""
    return [t for t in re.split(r"[-_]", tag) if t]


_DEBIAN_LIKE_IMAGES = frozenset(
    {
        "debian", "ubuntu", "python", "node", "ruby", "golang", "openjdk", "eclipse-temurin",
        "buildpack-deps", "php", "perl", "rust", "gcc", "maven", "gradle", "r-base", "julia",
        "haskell", "elixir", "erlang", "nginx", "httpd", "postgres", "mysql", "redis", "mongo",
        "kalilinux", "neurodebian", "amazoncorretto-debian", "pypy", "swift", "clojure", "groovy",
    }
)  # fmt: skip
_RHEL_LIKE_IMAGES = frozenset(
    {
        "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "ubi", "ubi7",
        "ubi8", "ubi9", "ubi10", "rhel", "clearlinux", "photon",
    }
)  # fmt: skip
_SUSE_LIKE_IMAGES = frozenset({"opensuse", "leap", "tumbleweed", "sle15", "bci-base"})
_MANAGER_FAMILY: dict[str, Family] = {
    "apt-get": "debian", "apt": "debian", "dpkg": "debian", "apk": "alpine", "yum": "rhel",
    "dnf": "rhel", "microdnf": "rhel", "rpm": "rhel", "zypper": "suse",
}  # fmt: skip


def image_family(reference: str) -> Family:
    """The distribution family of an image, read from its name alone."""
    if reference == "scratch":
        return "scratch"
    image = parse_image(reference)
    if "alpine" in image.tag or image.name in ("alpine", "busybox"):
        return "alpine"
    if "distroless" in image.repository:
        return "scratch"
    if image.name in _DEBIAN_LIKE_IMAGES or any(
        t in ("bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal") for t in tag_tokens(image.tag)
    ):
        return "debian"
    if image.name in _RHEL_LIKE_IMAGES or image.name.startswith("ubi"):
        return "rhel"
    if image.name in _SUSE_LIKE_IMAGES or image.repository.startswith("opensuse/"):
        return "suse"
    return "unknown"


def chain_family(chain: list[Stage]) -> Family:
    """The family of the image a chain builds: the package manager its RUNs use wins over the
    base's name (a custom base that runs `apk add` is Alpine)."""
    for ins in reversed(list(shell_runs(chain))):
        for command in run_commands(ins):
            family = _MANAGER_FAMILY.get(command.name)
            if family is not None:
                return family
    return image_family(root_image(chain))


# ---------------------------------------------------------------- packages


def apt_package_installs(ins: Instruction) -> list[PackageInstall]:
    return apt_get_installs(ins.shell) + apt_installs(ins.shell)


def package_installs(ins: Instruction) -> list[PackageInstall]:
    """apt-get, apt and apk installs of one RUN."""
    return apt_package_installs(ins) + apk_adds(ins.shell)


def package_names(install: PackageInstall) -> list[str]:
    """Package names without versions: `curl=8.0*` -> `curl`, `python3~3.11` -> `python3`."""
    return [re.split(r"[=<>~]", word.value, maxsplit=1)[0] for word in install.packages]


def chain_installs(chain: Iterable[Stage]) -> list[tuple[Instruction, PackageInstall]]:
    return [(ins, install) for ins in shell_runs(chain) for install in package_installs(ins)]


def add_package(install: PackageInstall, package: str) -> Edit | None:
    """Insert `package` after the last package word of an install command."""
    if not install.packages:
        return None
    return Edit.insert(install.packages[-1].span.end, f" {package}")


@dataclass(frozen=True)
class Removal:
    """A command that removes packages: `apt-get purge -y --auto-remove curl`, `apk del .deps`."""

    command: Command
    names: list[str]
    auto_remove: bool  # also removes the dependencies nothing else needs


_OTHER_REMOVALS = frozenset(
    [("apk", "del")] + [(m, s) for m in ("yum", "dnf", "microdnf") for s in ("remove", "erase", "autoremove")]
)


_REMOVERS = frozenset({"apt-get", "apt"} | {manager for manager, _ in _OTHER_REMOVALS})


def removals(ins: Instruction) -> list[Removal]:
    """The package removals of a RUN (worked out once: several rules ask)."""
    if ins.shell is None:
        return []
    found: list[Removal] | None = ins.shell.memo.get("removals")
    if found is None:
        found = ins.shell.memo["removals"] = _find_removals(ins)
    return list(found)


def _find_removals(ins: Instruction) -> list[Removal]:
    found: list[Removal] = []
    for command in run_commands(ins):
        if command.name not in _REMOVERS:
            continue
        parsed = parse_args(command.args, ("o", "t", "c"))
        words = [w.value for w in parsed.positional]
        if not words:
            continue
        if command.name in ("apt-get", "apt") and words[0] in ("purge", "remove", "autoremove"):
            auto = words[0] == "autoremove" or parsed.has("auto-remove", "autoremove")
            found.append(Removal(command, words[1:], auto))
        elif (command.name, words[0]) in _OTHER_REMOVALS:
            found.append(Removal(command, words[1:], True))
    return found


def marks_all_auto(ins: Instruction) -> bool:
    """`apt-mark auto '.*'` then an auto-removing purge: the official images' idiom that removes
    everything the RUN installed except what it marks manual again."""
    marked = any(c.name == "apt-mark" and [w.value for w in c.args][:1] == ["auto"] for c in run_commands(ins))
    return marked and any(r.auto_remove for r in removals(ins))


def virtual_names(install: PackageInstall) -> list[str]:
    """`apk add --virtual .build-deps ...` -> [".build-deps"]."""
    return [o.value for o in install.options if o.name in ("t", "virtual") and o.value]


# ---------------------------------------------------------------- users and directories


ROOT_NAMES = frozenset({"root", "0"})


def user_of(ins: Instruction) -> str:
    """The user part of `USER name[:group]`."""
    value = ins.values[0] if ins.values else ""
    return value.split(":", 1)[0]


def is_root(user: str) -> bool:
    return user in ROOT_NAMES


def last_user(chain: Iterable[Stage]) -> Instruction | None:
    users = list(instructions_of(chain, "USER"))
    return users[-1] if users else None


def base_sets_user(reference: str) -> bool:
    """Bases known to switch to a non-root user themselves, or whose user is chosen by the
    tool that runs them (dev containers: `remoteUser` in devcontainer.json)."""
    image = parse_image(reference)
    tokens = tag_tokens(image.tag)
    return (
        "nonroot" in tokens
        or "rootless" in tokens
        or image.repository.startswith("bitnami/")
        or (image.registry == "cgr.dev" and image.repository.startswith("chainguard/"))
        or (image.registry == "mcr.microsoft.com" and "devcontainers/" in image.repository)
        or is_windows(reference)  # ContainerUser/ContainerAdministrator: not a Linux USER question
    )


def is_windows(reference: str) -> bool:
    image = parse_image(reference)
    return any(w in image.repository or w in image.tag for w in ("windows", "nanoserver", "servercore"))


def workdir_at(chain: Iterable[Stage], until: Instruction | None = None) -> tuple[str, Instruction] | None:
    """The working directory set by the last WORKDIR (before `until`), resolved to an absolute
    path; None when no WORKDIR sets it or it holds an unknown variable."""
    current: str | None = None
    last: Instruction | None = None
    for ins in instructions_of(chain):
        if ins is until:
            break
        if ins.keyword == "WORKDIR" and ins.values:
            path = ins.values[0]
            current = posixpath.normpath(posixpath.join(current or "/", path))
            last = ins
    if current is None or last is None or "$" in current:
        return None
    return current, last


_SYSTEM_DIRS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/proc", "/sys", "/dev", "/boot")


def is_private_dir(path: str) -> bool:
    """A directory of the application's own (`/app`, `/srv/data`), not a system one."""
    if path in ("/", "/tmp", "/var/tmp", "/opt", "/var", "/srv", "/home", "/root", "/mnt", "/media"):
        return False
    return not any(path == d or path.startswith(d + "/") for d in _SYSTEM_DIRS)


# ---------------------------------------------------------------- TLS


# Programs that fetch or serve over TLS at run time.
TLS_PROGRAMS = frozenset(
    {
        "python", "python2", "python3", "node", "nodejs", "npm", "npx", "ruby", "java", "php",
        "curl", "wget", "git", "youtube-dl", "yt-dlp", "gallery-dl", "pip", "pip3", "aria2c",
        "gunicorn", "uvicorn", "streamlink", "rclone", "aws", "gcloud", "az", "certbot", "openssl",
    }
)  # fmt: skip
# Packages whose presence means a TLS client in the image.
TLS_PACKAGES = frozenset(
    {
        "python", "python3", "python2", "python-minimal", "python3-minimal", "nodejs", "npm",
        "ruby", "git", "curl", "wget", "php", "php-cli", "default-jre", "default-jre-headless",
        "openjdk-17-jre-headless", "youtube-dl", "yt-dlp", "python3-pip", "python-pip", "aria2",
    }
)  # fmt: skip
# apt-based images known to come without a CA bundle.
BARE_APT_IMAGES = frozenset({"debian", "ubuntu"})
# Bases that install ca-certificates themselves (marked manual, so autoremove keeps it).
BASES_WITH_CA_CERTIFICATES = frozenset(
    {
        "python", "node", "ruby", "golang", "openjdk", "eclipse-temurin", "buildpack-deps", "php",
        "perl", "rust", "gcc", "maven", "gradle", "pypy", "amazoncorretto", "julia", "erlang",
        "elixir", "haskell", "swift", "nginx", "httpd",
    }
)  # fmt: skip


def tls_reason(chain: list[Stage], ignore: Iterable[str] = ()) -> str | None:
    """Why the image may fetch or serve over TLS (a short phrase), or None. Packages and
    programs in `ignore` (a tool about to be removed) do not count."""
    ignored = set(ignore)
    for ins in instructions_of(chain, "RUN", "ENV", "CMD", "ENTRYPOINT", "HEALTHCHECK", "ARG"):
        if "https://" in ins.source:
            return "it uses an https:// URL"
    for ins in instructions_of(chain, "CMD", "ENTRYPOINT", "HEALTHCHECK"):
        programs = [p for p in _programs(ins) if p not in ignored]
        program = next((p for p in programs if p in TLS_PROGRAMS or p.startswith("python")), None)
        if program is not None:
            return f"it runs {program}"
    for _, install in chain_installs(chain):
        package = next((p for p in package_names(install) if p in TLS_PACKAGES and p not in ignored), None)
        if package is not None:
            return f"it installs {package}"
    for ins in shell_runs(chain):
        for command in run_commands(ins):
            if command.name in ("pip", "pip3", "npm", "gem", "git", "go", "yarn", "bundle", "composer"):
                return f"it runs {command.name}"
            if command.name == "update-ca-certificates":
                return "it adds certificates with update-ca-certificates"
    return None


def _programs(ins: Instruction) -> list[str]:
    """Base names of the words of CMD/ENTRYPOINT/HEALTHCHECK that look like programs."""
    words: list[str] = []
    for value in ins.values:
        words.extend(value.split())
    return [posixpath.basename(w.strip("\"'")) for w in words if w and not w.startswith("-")]


def ships_ca_certificates(chain: list[Stage]) -> bool:
    """ca-certificates is in the image on purpose: installed by name, or by the base."""
    root = parse_image(root_image(chain))
    if root.official and root.name in BASES_WITH_CA_CERTIFICATES:
        return True
    # Any mention as a word counts: packages are often listed in a variable (`$buildDeps`).
    return any(_CA_PACKAGE.search(ins.source) for ins in instructions_of(chain, "RUN"))


_CA_PACKAGE = re.compile(r"(?<![\w./-])ca-certificates(?![\w.-])")  # not update-ca-certificates


# ---------------------------------------------------------------- editing a RUN in the author's style


def separator(dockerfile: Dockerfile, ins: Instruction) -> str:
    """How this RUN joins commands: ` && `, ` && \\<newline>    ` or ` \\<newline>    && `.

    Read from the last `&&` between two commands; a multi-line RUN without one gets a trailing
    `&& \\` and the indentation of its last line, and so does a one-line RUN next to another
    RUN (DL3059 will merge them into lines of one command each)."""
    text = dockerfile.text
    cmds = [c for c in ins.shell.commands if not c.in_subshell] if ins.shell is not None else []
    escape = dockerfile.escape
    for before, after in reversed(list(pairwise(cmds))):
        between = text[before.span.end : after.span.start]
        style = _style_of(between, escape)
        if style is not None:
            return style
    source = text[ins.span.start : ins.span.end]
    if "\n" not in source:
        return f" && {escape}\n    " if _next_to_run(dockerfile, ins) else " && "
    last_line = source.rsplit("\n", 1)[1]
    indent = last_line[: len(last_line) - len(last_line.lstrip())] or "    "
    return f" && {escape}\n{indent}"


def _next_to_run(dockerfile: Dockerfile, ins: Instruction) -> bool:
    index = next(i for i, other in enumerate(dockerfile.instructions) if other is ins)
    neighbours = dockerfile.instructions[max(index - 1, 0) : index] + dockerfile.instructions[index + 1 : index + 2]
    return any(n.keyword == "RUN" and n.stage_index == ins.stage_index for n in neighbours)


def _style_of(between: str, escape: str) -> str | None:
    flat = between.replace(escape + "\n", " ").replace(escape + "\r\n", " ")
    if flat.strip() != "&&":
        return None
    if "\n" not in between:
        return " && "
    indent_line = between.rsplit("\n", 1)[1]
    indent = indent_line[: len(indent_line) - len(indent_line.lstrip())]
    head = between.split("\n", 1)[0]
    if "&&" in head:
        return f" && {escape}\n{indent}"
    return f" {escape}\n{indent}&& "


def append_to_run(dockerfile: Dockerfile, ins: Instruction, *commands: str) -> Edit | None:
    """An edit that runs `commands` after everything else in a shell-form RUN, each joined the
    way the RUN joins its own; None when the script cannot take it (heredoc, exec form, a
    trailing comment, a background job)."""
    shape = script_shape(dockerfile, ins)
    if shape is None or not shape.appendable or not commands:
        return None
    joint = separator(dockerfile, ins)
    return Edit.insert(shape.end, "".join(joint + command for command in commands))


def insert_before_command(dockerfile: Dockerfile, ins: Instruction, before: Command, command: str) -> Edit:
    """An edit that runs `command` just before `before` in the same `&&` chain."""
    # `before` starts after its separator in every style, so the new command takes its place
    # and the separator is repeated after it.
    return Edit.insert(before.span.start, command + separator(dockerfile, ins))


def indentation(text: str, offset: int) -> str:
    start = line_start(text, offset)
    line = text[start:offset]
    return line[: len(line) - len(line.lstrip())]


_USERADD_VALUES = (
    "b", "base-dir", "c", "comment", "d", "home-dir", "e", "expiredate", "f", "inactive", "g", "gid",
    "G", "groups", "k", "skel", "K", "key", "p", "password", "R", "root", "P", "prefix", "s", "shell",
    "u", "uid", "Z", "selinux-user",
)  # fmt: skip
_ADDUSER_VALUES = (
    "home", "shell", "ingroup", "gid", "uid", "gecos", "firstuid", "lastuid", "conf", "comment",
    "h", "g", "s", "G", "u", "k",
)  # fmt: skip


@dataclass(frozen=True)
class UserCreation:
    name: str
    uid: str | None  # when given with -u/--uid
    home: str | None  # the home directory it creates, when written
    instruction: Instruction
    command: Command

    def is_user(self, user: str) -> bool:
        """`USER app` and `USER 10001` both name the user `useradd --uid 10001 app` makes."""
        return user in (self.name, self.uid)


def created_users(chain: Iterable[Stage]) -> list[UserCreation]:
    """Users the RUNs of a chain create with `useradd` or `adduser`."""
    found: list[UserCreation] = []
    for ins in shell_runs(chain):
        for command in run_commands(ins):
            if command.name not in ("useradd", "adduser"):
                continue
            values = _USERADD_VALUES if command.name == "useradd" else _ADDUSER_VALUES
            parsed = parse_args(command.args, values)
            if parsed.positional:
                home = next(iter(parsed.values("d", "home-dir", "home", "h")), None)
                if home is None and (parsed.has("m", "create-home") or command.name == "adduser"):
                    home = f"/home/{parsed.positional[0].value}"
                uid = next(iter(parsed.values("u", "uid")), None)
                found.append(UserCreation(parsed.positional[0].value, uid, home, ins, command))
    return found


@dataclass(frozen=True)
class MissingCertificates:
    """An apt-based image that may lose ca-certificates (LW004): where to add it, and why."""

    instruction: Instruction
    install: PackageInstall
    cause: str  # "--no-install-recommends" or "apt-get purge --auto-remove"
    tls: str  # why the image needs it


def missing_ca_certificates(chain: list[Stage]) -> MissingCertificates | None:
    """The seed's CERTIFICATE_VERIFY_FAILED: apt installs that skip recommends (or an
    `--auto-remove` that takes them away again) leave no CA bundle in an image that needs one."""
    root = parse_image(root_image(chain))
    if not (root.official and root.name in BARE_APT_IMAGES) or ships_ca_certificates(chain):
        return None  # a custom base may well have the bundle: no guessing
    apt = [(ins, i) for ins, i in chain_installs(chain) if i.manager in ("apt-get", "apt")]
    no_recommends = [(ins, i) for ins, i in apt if i.has_option("no-install-recommends")]
    if not no_recommends and any("Install-Recommends" in ins.source for ins in shell_runs(chain)):
        no_recommends = apt  # recommends turned off in apt.conf
    purging = [
        ins
        for ins in shell_runs(chain)
        if any(r.auto_remove and r.command.name in ("apt-get", "apt") for r in removals(ins))
    ]
    if no_recommends:
        (ins, install), cause = no_recommends[0], "--no-install-recommends"
    elif purging and apt:
        same_run = [(i, p) for i, p in apt if i is purging[0]]
        (ins, install), cause = (same_run or apt)[0], "apt-get purge --auto-remove"
    else:
        return None
    tls = tls_reason(chain)
    if tls is None or not install.packages:
        return None
    return MissingCertificates(ins, install, cause, tls)
