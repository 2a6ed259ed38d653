"""LW001: the final image runs as root because no stage that ships sets a USER."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import (
    Family,
    append_to_run,
    base_sets_user,
    chain_family,
    created_users,
    final_chain,
    indentation,
    instructions_of,
    is_private_dir,
    line_start,
    previous_instruction,
    root_image,
    workdir_at,
)

USER_NAME = "app"
USER_ID = 10001  # fixed and high: stable file ownership across rebuilds, no clash with host users


def create_user_command(family: Family) -> str | None:
    """The command that creates the `app` user on this family's base, None without a shell."""
    if family == "alpine":
        return f"adduser -D -u {USER_ID} {USER_NAME}"
    if family in ("debian", "rhel", "suse"):
        # --no-log-init: a high UID would otherwise make a huge sparse /var/log/lastlog (DL3046).
        return f"useradd --no-log-init --create-home --uid {USER_ID} --user-group {USER_NAME}"
    return None


class LW001RunsAsRoot(Rule):
    """What it does:
    Flags an image whose shipping stages never set `USER`, so its program runs as root.

    Why is this bad:
    A process that escapes the container through a kernel or runtime bug is root on the host
    unless user namespaces are on. hadolint's DL3002 only looks at an explicit `USER root`; an
    image that never sets USER is the common case (the seed chapter's youtube-dl image).

    Example:
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends python3
        ENTRYPOINT ["python3", "-m", "http.server"]

    Use instead:
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends python3 \\
            && useradd --no-log-init --create-home --uid 10001 --user-group app
        USER 10001
        ENTRYPOINT ["python3", "-m", "http.server"]

    The fix (unsafe: the program loses root's rights) creates `app` (UID 10001) with `useradd`
    or, on Alpine, `adduser -D`, gives it the WORKDIR (not recursively: no file is copied into a
    new layer) and inserts `USER 10001` (that is `app`) before the ENTRYPOINT/CMD.
    """

    code = "LW001"
    severity = Severity.WARNING
    message = "The image runs as root: no stage that ships sets a USER"
    fix_applicability = Applicability.UNSAFE
    differs_from_hadolint = "DL3002 only flags an explicit `USER root`; LW001 flags the image that never sets USER"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        dockerfile = ctx.dockerfile
        chain = final_chain(dockerfile)
        if not chain or any(instructions_of(chain, "USER")) or base_sets_user(root_image(chain)):
            return
        final = chain[-1]
        yield ctx.finding(final.from_instruction, fix=self._fix(dockerfile, chain, final))

    def _fix(self, dockerfile: Dockerfile, chain: list[Stage], final: Stage) -> Fix | None:
        anchor = _user_anchor(final)
        family = chain_family(chain)
        existing = created_users(chain)
        create = None if existing else create_user_command(family)
        owner = existing[-1].name if existing else f"{USER_NAME}:{USER_NAME}" if create else str(USER_ID)
        # A numeric USER for the user we create: Kubernetes' runAsNonRoot can verify it, and
        # it needs no /etc/passwd lookup (DL3066).
        user = existing[-1].name if existing else str(USER_ID)
        commands = [create] if create is not None else []
        workdir = workdir_at(chain, until=anchor)
        if family != "scratch" and workdir is not None and is_private_dir(workdir[0]):
            # The program may write there (the seed's downloader did): give it to the user.
            commands.append(f"chown {owner} {workdir[0]}")
        if anchor is None and final.instructions[-1].source.rstrip().endswith(dockerfile.escape):
            return None  # a continuation open at the end of the file would swallow what we add
        return Fix(
            f"Run as the non-root user {owner.split(':')[0]}",
            tuple(_edits(dockerfile, final, anchor, commands, user)),
            Applicability.UNSAFE,
        )


def _edits(dockerfile: Dockerfile, final: Stage, anchor: Instruction | None, run: list[str], user: str) -> list[Edit]:
    """Append `run` to the RUN just before the anchor (else add a RUN), then insert USER."""
    text = dockerfile.text
    edits: list[Edit] = []
    lines: list[str] = []
    previous = previous_instruction(final, anchor) if anchor is not None else final.instructions[-1]
    appended = append_to_run(dockerfile, previous, *run) if run and previous and previous.keyword == "RUN" else None
    if appended is not None:
        edits.append(appended)
    elif run:
        lines.append("RUN " + " && ".join(run))
    lines.append(f"USER {user}")
    if anchor is not None:
        indent = indentation(text, anchor.span.start)
        edits.append(Edit.insert(line_start(text, anchor.span.start), "".join(f"{indent}{x}\n" for x in lines)))
    else:
        at = final.instructions[-1].span.end
        tail = "".join(f"\n{x}" for x in lines)
        if appended is not None and appended.start == at:  # one insertion point: one edit, in order
            edits[0] = Edit.insert(at, appended.replacement + tail)
        else:
            edits.append(Edit.insert(at, tail))
    return edits


def _user_anchor(stage: Stage) -> Instruction | None:
    """Where USER goes: the first ENTRYPOINT/CMD after the last instruction that builds files,
    so every RUN/COPY/ADD still runs as root."""
    builds = [i for i, ins in enumerate(stage.instructions) if ins.keyword in ("RUN", "COPY", "ADD")]
    after = builds[-1] + 1 if builds else 1
    return next((ins for ins in stage.instructions[after:] if ins.keyword in ("ENTRYPOINT", "CMD")), None)
