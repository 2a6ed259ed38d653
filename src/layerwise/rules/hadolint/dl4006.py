"""DL4006: set `SHELL -o pipefail` before a RUN with a pipe."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Instruction, Span, Stage
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import finding_at, keyword_like

PIPEFAIL_SHELLS = ("bash", "zsh", "ash")
NON_POSIX_SHELLS = ("pwsh", "powershell", "cmd")
# Bases whose /bin/bash is missing or where SHELL is not a POSIX shell: no automatic fix.
NO_BASH_BASES = ("alpine", "busybox", "scratch", "distroless", "windows", "nanoserver", "servercore")
BASH_PIPEFAIL = '["/bin/bash", "-o", "pipefail", "-c"]'


def sets_pipefail(shell: list[str]) -> bool:
    """`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (also `-eo pipefail`, zsh, ash)."""
    if not shell or shell[0].rsplit("/", 1)[-1] not in PIPEFAIL_SHELLS:
        return False
    has_o = any(a.startswith("-") and not a.startswith("--") and "o" in a for a in shell[1:])
    return has_o and "pipefail" in shell[1:]


def is_non_posix(shell: list[str]) -> bool:
    return bool(shell) and any(shell[0].lower().startswith(s) for s in NON_POSIX_SHELLS)


def root_image(dockerfile: Dockerfile, stage: Stage) -> str:
    """The external image a stage is ultimately built from."""
    while (parent := dockerfile.parent_of(stage)) is not None:
        stage = parent
    return stage.base.lower()


def can_insert_bash(dockerfile: Dockerfile, stage: Stage) -> bool:
    image = root_image(dockerfile, stage)
    return bool(image) and "$" not in image and not any(name in image for name in NO_BASH_BASES)


def indent_before(text: str, offset: int) -> str:
    """The whitespace between the start of the line and `offset` (so an inserted line lines up)."""
    before = text[text.rfind("\n", 0, offset) + 1 : offset]
    return before if before.isspace() else ""


def first_pipeline(ins: Instruction) -> Span:
    """From the first command of the RUN's first pipeline to its last one."""
    script = ins.shell
    if script is None or not script.pipelines or not script.pipelines[0]:
        return ins.span
    first, last = script.pipelines[0][0].span, script.pipelines[0][-1].span
    return Span(first.start, last.end, first.line, first.column, last.end_line, last.end_column)


def pipefail_fix(dockerfile: Dockerfile, ins: Instruction) -> Fix:
    """Insert the SHELL line above the RUN (once per stage). Unsafe: it needs bash in the image
    and changes the shell of every later RUN of the stage."""
    indent = indent_before(dockerfile.text, ins.span.start)
    keyword = keyword_like(dockerfile.text, ins, "SHELL")
    edit = Edit.insert(ins.span.start, f"{keyword} {BASH_PIPEFAIL}\n{indent}")
    return Fix("Set SHELL to bash with -o pipefail", (edit,), Applicability.UNSAFE)


class DL4006SetPipefail(Rule):
    """What it does: flags a RUN with a pipe when the stage's SHELL does not set `-o pipefail`.

    Why is this bad: a pipeline's status is its last command's, so `curl ... | tar -x` "succeeds"
    when the download fails and the build goes on with a broken layer.

    Example:
        RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin

    Use instead:
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin
    """

    code = "DL4006"
    severity = Severity.WARNING
    message = (
        "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in "
        "an alpine image or if your shell is symlinked to busybox then consider explicitly setting "
        "your SHELL to /bin/ash, or disable this check"
    )
    fix_applicability = Applicability.UNSAFE
    differs_from_hadolint = "A stage built FROM an earlier stage inherits that stage's SHELL."

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        dockerfile = ctx.dockerfile
        safe_at_end: dict[int, bool] = {}
        for stage in dockerfile.stages:
            parent = dockerfile.parent_of(stage)
            safe = safe_at_end.get(parent.index, False) if parent is not None else False
            fixed = False
            for ins in stage.instructions:
                if ins.keyword == "SHELL":
                    safe = is_non_posix(ins.values) or sets_pipefail(ins.values)
                elif ins.keyword == "RUN" and not safe and ins.shell is not None and ins.shell.has_pipe:
                    fix = pipefail_fix(dockerfile, ins) if can_insert_bash(dockerfile, stage) else None
                    yield finding_at(ctx, ins, first_pipeline(ins), fix=None if fixed else fix)
                    fixed = True
            safe_at_end[stage.index] = safe
