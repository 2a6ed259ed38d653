"""LW009: a script downloaded and piped straight into a shell."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import run_commands, shell_runs

if TYPE_CHECKING:
    from layerwise.dockerfile.shell import Command

DOWNLOADERS = frozenset({"curl", "wget", "fetch"})
INTERPRETERS = frozenset({"sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python3", "perl", "ruby", "node"})
# `sh -c "$(curl ...)"`, `bash <(wget -O- ...)`
_SUBSTITUTED = re.compile(r"(\$\(|<\(|`)\s*(curl|wget|fetch)\b")


class LW009PipeToShell(Rule):
    """What it does:
    Flags a script fetched with curl or wget and run at once: `curl -fsSL URL | sh`,
    `wget -qO- URL | bash`, `sh -c "$(curl -fsSL URL)"`.

    Why is this bad:
    Whatever the server (or anyone between it and the build) sends runs as root in the build,
    unchecked, and a connection cut halfway runs half a script. The build is not reproducible
    either: the script can change at any time.

    Example:
        RUN curl -fsSL https://example.com/install.sh | sh

    Use instead:
        ADD --checksum=sha256:<digest> https://example.com/install.sh /tmp/install.sh
        RUN sh /tmp/install.sh && rm /tmp/install.sh

    (or download it, check its checksum with `sha256sum -c`, then run it.)
    """

    code = "LW009"
    severity = Severity.WARNING
    message = "A downloaded script is piped into a shell without being checked"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in shell_runs(s for s in ctx.dockerfile.stages if s.reaches_final):
            assert ins.shell is not None
            for pipeline in ins.shell.pipelines:
                yield from self._check_pipeline(ctx, [c.effective() for c in pipeline])
            for command in run_commands(ins):
                if command.name in INTERPRETERS and any(_SUBSTITUTED.search(w.text) for w in command.args):
                    yield ctx.finding(
                        command.span, f"a download runs in {command.name} unchecked: verify a checksum first"
                    )

    def _check_pipeline(self, ctx: RuleContext, pipeline: list[Command]) -> Iterator[Finding]:
        """`curl URL | sh`, also through `tee` or `sudo`: a downloader before an interpreter."""
        downloader = next((c for c in pipeline if c.name in DOWNLOADERS), None)
        if downloader is None:
            return
        after = pipeline[pipeline.index(downloader) + 1 :]
        shell = next((c for c in after if c.name in INTERPRETERS), None)
        if shell is not None:
            yield ctx.finding(
                shell.span, f"{downloader.name} output runs in {shell.name} unchecked: verify a checksum first"
            )
