"""Debian base images built from the distribution's archive, as the official images are made.

Debian's own tool for the official images, debuerreotype, makes a minimized root filesystem
(the official images' apt configuration: docker-clean, gzip indexes, no apt lists; for -slim
also the dpkg path excludes for docs, man pages and locales). The engine then builds
`FROM scratch` + `ADD rootfs.tar.xz /` + `CMD ["bash"]`, and the rootfs digest goes into a label
so anyone can check it against a tarball they made themselves.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docker.errors

from layerwise.engine.client import connect
from layerwise.errors import LayerwiseError

NAME_PATTERN = re.compile(r"^debian:(?P<suite>[a-z][a-z0-9-]*?)(?P<slim>-slim)?$")
ROOTFS_LABEL = "org.layerwise.rootfs.sha256"
MIRROR_LABEL = "org.layerwise.rootfs.mirror"
# Official image sizes as `docker images` shows them (decimal MB), for the side-by-side figure.
OFFICIAL_SIZES_MB = {"debian:bookworm": 117.0, "debian:bookworm-slim": 74.8}
TOOLS = (
    "debuerreotype-init",
    "debuerreotype-minimizing-config",
    "debuerreotype-apt-get",
    "debuerreotype-slimify",
    "debuerreotype-tar",
    "xz",
)
DOCKERFILE = 'FROM scratch\nADD rootfs.tar.xz /\nCMD ["bash"]\n'

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BaseSpec:
    name: str  # debian:<suite>[-slim]
    suite: str
    slim: bool

    @classmethod
    def parse(cls, name: str) -> BaseSpec:
        match = NAME_PATTERN.match(name.strip())
        if not match:
            raise LayerwiseError(f"{name!r} is not a Debian base name: expected debian:<suite> or debian:<suite>-slim")
        return cls(name=name.strip(), suite=match["suite"], slim=bool(match["slim"]))


@dataclass(frozen=True)
class BaseImage:
    name: str
    image_id: str
    size_bytes: int
    rootfs_sha256: str
    official_size_mb: float | None

    @property
    def size_mb(self) -> float:
        return self.size_bytes / 1e6


def default_mirror(sources: tuple[Path, ...] = (Path("/etc/apt/sources.list"), Path("/etc/apt/sources.list.d"))) -> str:
    """The http Debian mirror that this machine's own apt sources use."""
    for text in _source_texts(sources):
        for url in re.findall(r"(?:URIs:|deb)\s+(?:\[[^\]]*\]\s+)?(http://\S+)", text):
            if "security" not in url:
                return url.rstrip("/")
    return "http://deb.debian.org/debian"


def _source_texts(sources: tuple[Path, ...]) -> list[str]:
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files += sorted(p for p in source.iterdir() if p.suffix in (".list", ".sources"))
        elif source.is_file():
            files.append(source)
    return [f.read_text(errors="replace") for f in files]


def check_suite(mirror: str, suite: str, timeout: float = 15.0) -> None:
    """Fail early and clearly: the mirror must answer and know the suite."""
    url = f"{mirror}/dists/{suite}/Release"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise LayerwiseError(f"unknown suite {suite!r}: {mirror} has no dists/{suite}/Release") from exc
        raise LayerwiseError(f"mirror {mirror} answered HTTP {exc.code} for {url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LayerwiseError(f"mirror {mirror} is unreachable ({reason}); give a reachable one with --mirror") from exc


def find_existing(name: str) -> BaseImage | None:
    """The image already in the engine under `name`, if it was built by layerwise."""
    try:
        image = connect().images.get(name)
    except docker.errors.ImageNotFound:
        return None
    labels = image.labels or {}
    if ROOTFS_LABEL not in labels:
        return None
    return BaseImage(name, str(image.id), int(image.attrs["Size"]), labels[ROOTFS_LABEL], OFFICIAL_SIZES_MB.get(name))


def build_bases(
    names: list[str], mirror: str | None = None, workdir: Path | None = None, progress: Progress = lambda _: None
) -> list[BaseImage]:
    """Build each `debian:<suite>[-slim]` image; one bootstrap serves a suite's full and slim images."""
    specs = [BaseSpec.parse(n) for n in names]
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise LayerwiseError(
            f"missing tools: {', '.join(missing)}; install debuerreotype and xz-utils (scripts/setup does)"
        )
    mirror = (mirror or default_mirror()).rstrip("/")
    connect()  # fail before the long bootstrap when no engine answers
    built: list[BaseImage] = []
    for suite in dict.fromkeys(s.suite for s in specs):
        check_suite(mirror, suite)
        wanted = sorted((s for s in specs if s.suite == suite), key=lambda s: s.slim)  # full before slimify
        built += _build_suite(suite, wanted, mirror, workdir, progress)
    return built


def _build_suite(
    suite: str, specs: list[BaseSpec], mirror: str, workdir: Path | None, progress: Progress
) -> list[BaseImage]:
    root = Path(workdir or "/var/tmp") / f"layerwise-base-{suite}"
    shutil.rmtree(root, ignore_errors=True)
    rootfs = root / "rootfs"
    root.mkdir(parents=True)
    try:
        progress(f"bootstrapping {suite} from {mirror}")
        _run(["debuerreotype-init", "--non-debian", str(rootfs), suite, mirror])
        _run(["debuerreotype-minimizing-config", str(rootfs)])
        progress("updating packages")
        _run(["debuerreotype-apt-get", str(rootfs), "update", "-qq"])
        _run(["debuerreotype-apt-get", str(rootfs), "dist-upgrade", "-yqq"])
        images = []
        for spec in specs:
            if spec.slim:
                progress("slimifying (dpkg path excludes for docs, man pages, locales)")
                _run(["debuerreotype-slimify", str(rootfs)])
            images.append(_image_from_rootfs(spec, rootfs, root / spec.name.replace(":", "_"), mirror, progress))
        return images
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _image_from_rootfs(spec: BaseSpec, rootfs: Path, context: Path, mirror: str, progress: Progress) -> BaseImage:
    context.mkdir()
    tarball = context / "rootfs.tar"
    progress(f"packing {spec.name} rootfs")
    _run(["debuerreotype-tar", str(rootfs), str(tarball)])
    _run(["xz", "-T0", "-1", str(tarball)])
    digest = _sha256(context / "rootfs.tar.xz")
    (context / "Dockerfile").write_text(DOCKERFILE)
    progress(f"building {spec.name} (rootfs sha256:{digest})")
    try:
        image, _ = connect().images.build(
            path=str(context), tag=spec.name, labels={ROOTFS_LABEL: digest, MIRROR_LABEL: mirror}, rm=True
        )
    except docker.errors.BuildError as exc:
        raise LayerwiseError(f"building {spec.name} failed: {exc.msg}") from exc
    image.reload()
    return BaseImage(spec.name, str(image.id), int(image.attrs["Size"]), digest, OFFICIAL_SIZES_MB.get(spec.name))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise LayerwiseError(f"`{' '.join(argv[:2])}` failed (exit {result.returncode}):\n{tail}")
