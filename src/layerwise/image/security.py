"""Security facts about an image: who it runs as, special permissions, secrets left behind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from layerwise.image.squash import Node, SquashTree

SETUID, SETGID, STICKY, WORLD_WRITABLE = 0o4000, 0o2000, 0o1000, 0o002

SECRET_NAMES = re.compile(
    r"^(id_(rsa|dsa|ecdsa|ed25519)|\.env(\..+)?|credentials|\.netrc|\.pgpass|\.git-credentials|"
    r"\.pypirc|\.npmrc|.*\.(p12|pfx|jks|keystore)|.*_rsa|secrets?\.(ya?ml|json|env))$"
)
SECRET_DIRS = (".aws/credentials", ".docker/config.json", ".kube/config")
PRIVATE_KEY_NAMES = re.compile(r".*\.(pem|key)$")
# System and language-runtime trees ship test keys and sample configs; they are not the image's secrets.
NOT_SECRET_TREES = ("usr/share/", "usr/lib/", "usr/local/lib/", "usr/include/", "etc/ssl/certs/")
SECRET_ENV_NAME = re.compile(r"(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)", re.I)
SECRET_ENV_VALUE = re.compile(r"(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|-----BEGIN [A-Z ]*PRIVATE KEY|xox[abpr]-)")


@dataclass
class SecurityFacts:
    """Who the image runs as, and what in it deserves a security reviewer's look."""

    user: str
    runs_as_root: bool
    exposed_ports: list[str]
    setuid_files: list[str] = field(default_factory=list)
    setgid_files: list[str] = field(default_factory=list)
    world_writable: list[str] = field(default_factory=list)
    secret_files: list[str] = field(default_factory=list)
    secret_env: list[str] = field(default_factory=list)  # names only: values are not echoed


def is_root_user(user: str) -> bool:
    name = user.split(":", 1)[0].strip()
    return name in ("", "0", "root")


def looks_secret_file(path: str, node: Node) -> bool:
    if path.startswith(NOT_SECRET_TREES) or node.entry is None or node.entry.kind != "file":
        return False
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".pub") or name.endswith(".example") or name.endswith(".sample"):
        return False
    if SECRET_NAMES.match(name) or path.endswith(SECRET_DIRS):
        return True
    return bool(PRIVATE_KEY_NAMES.match(name) and node.entry.private_key)


def secret_env_names(env: list[str]) -> list[str]:
    names = []
    for item in env:
        name, _, value = item.partition("=")
        if not value or name.endswith(("_FILE", "_PATH", "_DIR")):
            continue
        if SECRET_ENV_NAME.search(name) or SECRET_ENV_VALUE.search(value):
            names.append(name)
    return names


def security_facts(runtime: dict[str, Any], tree: SquashTree) -> SecurityFacts:
    user = str(runtime.get("User") or "")
    facts = SecurityFacts(
        user=user or "root",
        runs_as_root=is_root_user(user),
        exposed_ports=sorted((runtime.get("ExposedPorts") or {}).keys()),
        secret_env=secret_env_names(list(runtime.get("Env") or [])),
    )
    sticky_dirs: list[str] = []  # parents come before children: a sticky dir is known before its files
    for path, node in tree.nodes():
        entry = node.entry
        if entry is None:
            continue
        kind, mode = entry.kind, entry.mode
        if kind == "dir" and mode & STICKY:
            sticky_dirs.append(path + "/")  # like /tmp: meant to be world-writable, and so is what is in it
            continue
        if kind == "file":
            if mode & SETUID:
                facts.setuid_files.append("/" + path)
            if mode & SETGID:
                facts.setgid_files.append("/" + path)
            if looks_secret_file(path, node):
                facts.secret_files.append("/" + path)
        if kind in ("file", "dir") and mode & WORLD_WRITABLE and not path.startswith(tuple(sticky_dirs)):
            facts.world_writable.append("/" + path)
    return facts
