"""LW005: the non-root USER cannot write the WORKDIR its program writes to."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import parse_args
from layerwise.rules.layerwise._common import (
    UserCreation,
    append_to_run,
    created_users,
    final_chain,
    indentation,
    instructions_of,
    is_root,
    last_user,
    line_start,
    run_commands,
    user_of,
    workdir_at,
)

# Programs that write their output to the current directory.
WRITERS = frozenset({"youtube-dl", "yt-dlp", "gallery-dl", "wget", "aria2c", "streamlink", "spotdl", "you-get"})


class LW005WorkdirNotWritable(Rule):
    """What it does:
    Flags a non-root final USER whose program writes to a WORKDIR that root created: a VOLUME
    is mounted there, or the program is a downloader that saves into the current directory.

    Why is this bad:
    WORKDIR creates missing directories owned by root, mode 755: the user cannot create files
    there and the program fails with `Permission denied`, the seed chapter's `unable to open for
    writing` error. (BuildKit, the default builder since Docker 23, gives a WORKDIR that comes
    after USER to that user, and LW005 accepts it; the classic builder never does.)

    Example:
        WORKDIR /downloads
        RUN useradd --create-home app
        USER app
        ENTRYPOINT ["yt-dlp"]

    Use instead:
        WORKDIR /downloads
        RUN useradd --create-home app && mkdir -p /downloads && chown app /downloads
        USER app
        ENTRYPOINT ["yt-dlp"]

    The fix (unsafe: it changes ownership) gives the directory, not its contents, to the user
    in the RUN that creates the user, or in a new RUN just before USER.
    """

    code = "LW005"
    severity = Severity.WARNING
    message = "The non-root USER cannot write the WORKDIR its program writes to"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        chain = final_chain(ctx.dockerfile)
        user_ins = last_user(chain)
        if user_ins is None or is_root(user_of(user_ins)):
            return
        user = user_of(user_ins)
        found = workdir_at(chain)
        if found is None:
            return
        workdir, workdir_ins = found
        why = _writes_there(chain, workdir)
        if why is None or _user_can_write(chain, user, workdir, workdir_ins):
            return
        fix = _fix(ctx.dockerfile, chain, user, user_ins, workdir)
        message = f"USER {user} cannot write {workdir} (created by root) but {why}: chown it to {user}"
        yield ctx.finding(workdir_ins, message, fix)


def _writes_there(chain: list[Stage], workdir: str) -> str | None:
    for ins in instructions_of(chain, "VOLUME"):
        for value in ins.values:
            for path in value.split():
                if posixpath.normpath(posixpath.join(workdir, path)) == workdir:
                    return f"a VOLUME is mounted there (line {ins.line})"
    for ins in instructions_of(chain, "ENTRYPOINT", "CMD"):
        words = [posixpath.basename(w) for value in ins.values for w in value.split()]
        writer = next((w for w in words if w in WRITERS), None)
        if writer is not None:
            return f"{writer} saves its downloads there"
    return None


def _user_can_write(chain: list[Stage], user: str, workdir: str, workdir_ins: Instruction) -> bool:
    if workdir == "/tmp" or workdir.startswith("/tmp/"):
        return True
    if any(u.is_user(user) and u.home == workdir for u in created_users(chain)):
        return True
    current = "root"
    for ins in instructions_of(chain):
        if ins.keyword == "USER":
            current = user_of(ins)
        elif ins is workdir_ins and not is_root(current):
            return True  # BuildKit creates it as the current user
        elif _gives_access(ins, workdir, as_root=is_root(current)):
            return True
    return False


def _gives_access(ins: Instruction, workdir: str, as_root: bool) -> bool:
    """A COPY/ADD --chown into the directory, a chown/chmod of it, or a mkdir by the user."""
    if ins.keyword in ("COPY", "ADD"):
        return ins.flag("chown") is not None and _targets(ins.values[-1:], workdir, workdir)
    if ins.keyword != "RUN":
        return False
    for command in run_commands(ins):
        paths = [w.value for w in parse_args(command.args).positional]
        if command.name in ("chown", "chmod") and _targets(paths[1:], workdir, workdir):
            return True
        if command.name == "mkdir" and not as_root and _targets(paths, workdir, workdir):
            return True
    return False


def _targets(paths: list[str], directory: str, cwd: str) -> bool:
    """One of `paths` (relative to `cwd`) is `directory` or a parent of it."""
    for path in paths:
        absolute = posixpath.normpath(posixpath.join(cwd, path))
        if directory == absolute or directory.startswith(absolute.rstrip("/") + "/"):
            return True
    return False


def _fix(dockerfile: Dockerfile, chain: list[Stage], user: str, user_ins: Instruction, workdir: str) -> Fix | None:
    commands = (f"mkdir -p {workdir}", f"chown {user} {workdir}")
    creation: UserCreation | None = next((u for u in reversed(created_users(chain)) if u.is_user(user)), None)
    edit: Edit | None = None
    if creation is not None and creation.instruction.span.start < user_ins.span.start:
        edit = append_to_run(dockerfile, creation.instruction, *commands)
    if edit is None:
        text = dockerfile.text
        at = line_start(text, user_ins.span.start)
        edit = Edit.insert(at, f"{indentation(text, user_ins.span.start)}RUN {' && '.join(commands)}\n")
    return Fix(f"Give {workdir} to {user}", (edit,), Applicability.UNSAFE)
