"""The whole loop: fix, build original and optimized, smoke-test both, drop what broke, compare.

Pipeline position: new text -> **build -> image -> analysis** -> report. Nothing broken is
handed to the user: when the optimized image fails a check the original passed (or does not
build), the fixes are bisected, the culprit is dropped, and the image is rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docker.errors

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile
from layerwise.dockerfile.stages import external_images
from layerwise.engine.build import Builder, BuildFailed, BuildRequest, available_builders, build
from layerwise.engine.client import connect
from layerwise.errors import LayerwiseError
from layerwise.fix.fixer import FixResult, fix_text
from layerwise.slim.bisect import find_culprit
from layerwise.slim.smoke import CheckResult, ImageFacts, Regression, regressions, run_checks
from layerwise.textfile import write_text_atomic

Events = Callable[[str, str], None]  # (stage, message): stage is "fix", "build:original", ...
SLIM_LABEL = "org.layerwise.slim"


@dataclass
class SlimRequest:
    context: Path
    dockerfile: Path
    smoke: list[str] = field(default_factory=list)
    safe_only: bool = False
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    builder: Builder | None = None  # None: BuildKit when the engine has it
    build_args: dict[str, str] = field(default_factory=dict)
    target: str | None = None
    platform: str | None = None
    network: str = "host"
    name: str | None = None  # repository name for the working tags; default: the context's name
    write: bool = False  # replace the Dockerfile instead of writing Dockerfile.optimized
    multi_stage: bool = True  # also try downloads in a builder stage, keep the smaller image


@dataclass
class Built:
    image_id: str
    facts: ImageFacts
    dockerfile_text: str


@dataclass
class DroppedFix:
    code: str
    reason: str


@dataclass
class Alternative:
    """Another way to optimize, built and smoke-tested beside the default one; the smaller wins."""

    name: str
    size_bytes: int | None  # None when it did not build or failed a check
    default_size_bytes: int
    chosen: bool
    reason: str


@dataclass
class SlimOutcome:
    request: SlimRequest
    builder: Builder
    original: Built
    optimized: Built
    fix: FixResult
    dropped: list[DroppedFix]
    regressions: list[Regression]  # what remained broken (then optimized == original)
    optimized_path: Path
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def fixes_applied(self) -> list[str]:
        return [f.code for f in self.fix.fixed]


def slim(request: SlimRequest, events: Events = lambda _s, _m: None) -> SlimOutcome:
    """Run the loop; images built along the way that are not kept are removed, also on Ctrl-C."""
    builder = request.builder or available_builders()[-1]
    text = request.dockerfile.read_text()
    _require_local_images(parse(text, str(request.dockerfile)))  # clear errors before any build
    scratch: list[str] = []
    try:
        original = build_and_check(request, text, builder, "original", events, scratch)
        fixed, dropped, optimized, broken = _optimize(request, text, builder, original, events, scratch)
        alternatives: list[Alternative] = []
        if request.multi_stage and optimized is not original:
            staged = _fix(request, text, [d.code for d in dropped], events, multi_stage=True)
            if staged.text != fixed.text:
                alternative, built = _try_alternative(request, staged, builder, original, optimized, events, scratch)
                alternatives.append(alternative)
                if alternative.chosen and built is not None:
                    fixed, optimized = staged, built
    except BaseException:
        _remove(scratch)
        raise
    keep = {original.image_id, optimized.image_id}
    _remove([i for i in scratch if i not in keep])
    path = _write_optimized(request, fixed.text)
    return SlimOutcome(request, builder, original, optimized, fixed, dropped, broken, path, alternatives)


def _try_alternative(
    request: SlimRequest,
    staged: FixResult,
    builder: Builder,
    original: Built,
    optimized: Built,
    events: Events,
    scratch: list[str],
) -> tuple[Alternative, Built | None]:
    """Build the multi-stage version of the downloads; it is chosen only when it passes every
    check the original passed and is smaller than the default optimization."""
    name = "download in a builder stage"
    events("alternative", f"trying {name}")
    default_size = image_size(optimized.image_id)
    outcome = _try(request, staged.text, builder, original, events, scratch)
    if not isinstance(outcome, Built):
        return Alternative(name, None, default_size, False, f"failed: {_reason(outcome)}"), None
    size = image_size(outcome.image_id)
    chosen = size < default_size
    verdict = "smaller" if chosen else "not smaller"
    events("alternative", f"{name}: {size} bytes vs {default_size}: {verdict}")
    return Alternative(name, size, default_size, chosen, verdict), outcome


def image_size(image_id: str) -> int:
    return int(connect().images.get(image_id).attrs["Size"])


def _optimize(
    request: SlimRequest, text: str, builder: Builder, original: Built, events: Events, scratch: list[str]
) -> tuple[FixResult, list[DroppedFix], Built, list[Regression]]:
    dropped: list[DroppedFix] = []
    while True:
        fixed = _fix(request, text, [d.code for d in dropped], events)
        if not fixed.changed:
            return fixed, dropped, original, []
        outcome = _try(request, fixed.text, builder, original, events, scratch)
        if isinstance(outcome, Built):
            return fixed, dropped, outcome, []
        culprit = _bisect(request, text, builder, original, fixed, dropped, events, scratch)
        if culprit is None:  # nothing single to blame: hand back the original, unchanged
            events("smoke", "no single fix could be blamed; keeping the original")
            return _fix(request, text, [f.code for f in fixed.fixed], events), dropped, original, outcome
        dropped.append(DroppedFix(culprit, _reason(outcome)))
        events("bisect", f"dropping {culprit}: {_reason(outcome)}")


def _fix(
    request: SlimRequest, text: str, also_ignore: Sequence[str], events: Events, multi_stage: bool = False
) -> FixResult:
    events("fix", "applying " + ("safe fixes" if request.safe_only else "safe and unsafe fixes"))
    return fix_text(
        text,
        str(request.dockerfile),
        unsafe=not request.safe_only,
        select=request.select,
        ignore=[*request.ignore, *also_ignore],
        multi_stage=multi_stage,
    )


def _try(
    request: SlimRequest, text: str, builder: Builder, original: Built, events: Events, scratch: list[str]
) -> Built | list[Regression]:
    """The optimized image when it builds and passes what the original passed, else what broke."""
    try:
        candidate = build_and_check(request, text, builder, "optimized", events, scratch)
    except BuildFailed as exc:
        return [_build_regression(exc)]
    broken = regressions(original.facts, candidate.facts)
    return broken or candidate


def _bisect(
    request: SlimRequest,
    text: str,
    builder: Builder,
    original: Built,
    fixed: FixResult,
    dropped: list[DroppedFix],
    events: Events,
    scratch: list[str],
) -> str | None:
    codes = list(dict.fromkeys(f.code for f in fixed.fixed))
    events("bisect", f"the optimized image broke; bisecting {len(codes)} fixes: {', '.join(codes)}")

    def works(subset: Sequence[str]) -> bool:
        excluded = [c for c in codes if c not in subset]
        candidate = _fix(request, text, [*(d.code for d in dropped), *excluded], events)
        return isinstance(_try(request, candidate.text, builder, original, events, scratch), Built)

    return find_culprit(codes, works)


def build_and_check(
    request: SlimRequest, text: str, builder: Builder, role: str, events: Events, scratch: list[str]
) -> Built:
    with tempfile.NamedTemporaryFile("w", suffix=".Dockerfile", delete=False) as handle:
        handle.write(text)
    try:
        result = build(
            BuildRequest(
                context=request.context,
                dockerfile=Path(handle.name),
                builder=builder,
                build_args=request.build_args,
                target=request.target,
                platform=request.platform,
                network=request.network,
                labels={SLIM_LABEL: role},
            ),
            on_log=lambda line: events(f"build:{role}", line),
        )
    except BuildFailed as exc:
        if role == "original":
            message = f"the original Dockerfile does not build: {exc.message}\n{exc.log_tail}"
            raise BuildFailed(message, exc.log) from exc
        raise
    finally:
        os.unlink(handle.name)
    scratch.append(result.image_id)
    events(f"smoke:{role}", "running smoke checks")
    return Built(result.image_id, run_checks(result.image_id, request.smoke), text)


def _build_regression(exc: BuildFailed) -> Regression:
    return Regression("build", CheckResult("build", True), CheckResult("build", False, exc.log_tail[-300:]))


def _reason(broken: list[Regression]) -> str:
    return "; ".join(r.describe() for r in broken[:3])


def _write_optimized(request: SlimRequest, text: str) -> Path:
    name = request.dockerfile.name if request.write else request.dockerfile.name + ".optimized"
    return write_beside(request.dockerfile, name, text)


def write_beside(original: Path, name: str, text: str) -> Path:
    """Write `name` next to `original` atomically, with the original's file mode."""
    target = original.with_name(name)
    write_text_atomic(target, text, stat.S_IMODE(original.stat().st_mode))
    return target


def _remove(image_ids: list[str]) -> None:
    client = connect()
    for image_id in image_ids:
        with contextlib.suppress(docker.errors.APIError):  # already gone, or tagged for the user
            client.images.remove(image_id, force=True, noprune=False)


def clean() -> int:
    """Remove every image layerwise built (they carry the org.layerwise.built label)."""
    client = connect()
    images = client.images.list(filters={"label": "org.layerwise.built"})
    _remove([str(i.id) for i in images])
    return len(images)


def _require_local_images(dockerfile: Dockerfile) -> None:
    """layerwise never pulls: every image the build needs must already be in the engine."""
    images = connect().images
    for image in external_images(dockerfile):
        try:
            images.get(image)
        except docker.errors.ImageNotFound:
            raise LayerwiseError(
                f"image {image!r} is not in the engine and layerwise never pulls: build or load it first "
                "(Debian bases: `layerwise base build debian:<suite>[-slim]`)",
                where=dockerfile.path,
            ) from None


def require_context(context: Path, dockerfile: Path | None) -> tuple[Path, Path]:
    if not context.is_dir():
        raise LayerwiseError(f"{context}: build context is not a directory")
    path = dockerfile or context / "Dockerfile"
    if not path.is_file():
        raise LayerwiseError(f"{path}: no such Dockerfile")
    return context, path
