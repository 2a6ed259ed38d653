"""LW002: a download tool installed for the build stays in the image."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.fix.stage_split import builder_name, download_product, split_stage
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import PackageInstall
from layerwise.rules.layerwise._common import (
    DOWNLOAD_TOOLS,
    add_package,
    append_to_run,
    chain_installs,
    final_chain,
    insert_before_command,
    instructions_of,
    marks_all_auto,
    missing_ca_certificates,
    package_names,
    removals,
    run_commands,
    shell_runs,
    ships_ca_certificates,
    tls_reason,
    virtual_names,
)

_RUNTIME = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


class LW002DownloadToolKept(Rule):
    """What it does:
    Flags `curl` or `wget` installed with apt-get or apk in the image that ships, used only by
    RUN instructions at build time (not by CMD, ENTRYPOINT or HEALTHCHECK) and never removed.

    Why is this bad:
    The tool and its libraries stay in the image: megabytes for nothing at run time, and a
    ready-made downloader for whoever gets a shell in the container. The seed chapter's
    youtube-dl image went from 45.6 MB to 34.9 MB by purging curl.

    Example:
        RUN apt-get update && apt-get install -y curl python3 \\
            && curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl \\
            && rm -rf /var/lib/apt/lists/*

    Use instead:
        RUN apt-get update && apt-get install -y curl python3 ca-certificates \\
            && curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl \\
            && apt-get purge -y --auto-remove curl \\
            && rm -rf /var/lib/apt/lists/*

    With `--multi-stage` (`slim` tries both and keeps the smaller image), the fix instead
    downloads in a builder stage and copies only the downloaded files into the final stage,
    which never installs the tool.

    The fix (unsafe: a program that calls the tool at run time would break) purges the tool in
    the RUN that installed and used it, before the apt lists are removed (`apk del` on Alpine).
    `--auto-remove` also takes away what only the tool pulled in, `ca-certificates` among it:
    the seed's CERTIFICATE_VERIFY_FAILED. So when the image may use TLS, the fix also installs
    `ca-certificates` by name, which keeps it.
    """

    code = "LW002"
    severity = Severity.INFO
    message = "A download tool is installed for the build and never removed"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        chain = final_chain(ctx.dockerfile)
        installs = [(ins, install, package_names(install)) for ins, install in chain_installs(chain)]
        for tool in DOWNLOAD_TOOLS:
            yield from self._check_tool(ctx, chain, tool, installs)

    def _check_tool(
        self,
        ctx: RuleContext,
        chain: list[Stage],
        tool: str,
        installs: list[tuple[Instruction, PackageInstall, list[str]]],
    ) -> Iterator[Finding]:
        installed = [(ins, i) for ins, i, names in installs if tool in names]
        if not installed or _removed(chain, tool, [i for _, i in installed]) or _used_at_runtime(chain, tool):
            return
        uses = [ins for ins in shell_runs(chain) if any(c.name == tool for c in run_commands(ins))]
        if not uses:
            return  # never used by the build: maybe the program calls it
        ins, install = installed[-1]
        word = install.packages[package_names(install).index(tool)]
        if any(use is not ins for use in uses):
            message = f"{tool} is only used to build and never removed; purge it in the RUN that uses it"
            yield ctx.finding(word.span, f"{message} (merge the RUNs that install and use it first)")
            return
        staged = _stage_fix(ctx.dockerfile, chain, ins, tool, installs) if ctx.settings.multi_stage else None
        fix = staged or _fix(ctx.dockerfile, chain, ins, install, tool)
        yield ctx.finding(word.span, f"{tool} is only used to build and never removed; purge it after use", fix)


def _removed(chain: list[Stage], tool: str, installs: list[PackageInstall]) -> bool:
    virtual = {name for install in installs for name in virtual_names(install)}
    if any(marks_all_auto(ins) for ins in shell_runs(chain)):
        return True
    return any(
        tool in removal.names or virtual & set(removal.names) for ins in shell_runs(chain) for removal in removals(ins)
    )


def _used_at_runtime(chain: list[Stage], tool: str) -> bool:
    """The tool is named in CMD, ENTRYPOINT or HEALTHCHECK (as `curl` or `/usr/bin/curl`)."""
    word = re.compile(rf"(?<![\w.-]){re.escape(tool)}(?![\w.-])")
    return any(word.search(ins.source) for ins in instructions_of(chain, *_RUNTIME))


def _fix(
    dockerfile: Dockerfile, chain: list[Stage], ins: Instruction, install: PackageInstall, tool: str
) -> Fix | None:
    purge = f"apk del {tool}" if install.manager == "apk" else f"apt-get purge -y --auto-remove {tool}"
    edit = _purge_edit(dockerfile, ins, tool, purge)
    if edit is None:
        return None
    edits = [edit]
    if install.manager != "apk" and _needs_certificates(chain, tool):
        certificates = add_package(install, "ca-certificates")
        if certificates is not None:
            edits.append(certificates)
    return Fix(f"Remove {tool} after its last use", tuple(edits), Applicability.UNSAFE)


def _stage_fix(
    dockerfile: Dockerfile,
    chain: list[Stage],
    ins: Instruction,
    tool: str,
    installs: list[tuple[Instruction, PackageInstall, list[str]]],
) -> Fix | None:
    """The alternative: download in a builder stage and copy only the files (when every use of
    the tool writes one file, and the tool is installed in the final stage)."""
    stage = chain[-1]
    if ins not in stage.instructions:
        return None
    uses = [c for c in run_commands(ins) if c.name == tool]
    products = [p for c in uses if (p := download_product(c)) is not None]
    if len(products) != len(uses):
        return None
    packages = [(i, install, word) for i, install, names in installs if i.stage_index == stage.index
                for name, word in zip(names, install.packages, strict=True) if name == tool]  # fmt: skip
    if not packages:
        return None
    setup = _tool_setup(packages[0][1].manager, tool, tls=any(not p.url.startswith("http://") for p in products))
    edits = split_stage(dockerfile, stage, ins, products, packages, builder_name(dockerfile, "fetch"), setup)
    if edits is None:
        return None
    return Fix(f"Download with {tool} in a builder stage and copy the result", edits, Applicability.UNSAFE)


def _tool_setup(manager: str, tool: str, tls: bool) -> str:
    """The builder's install of the tool, with CA certificates for https (or unknown) URLs."""
    packages = f"{tool} ca-certificates" if tls else tool
    if manager == "apk":
        return f"apk add --no-cache {packages}"
    return f"apt-get update && apt-get install -y --no-install-recommends {packages}"


def _purge_edit(dockerfile: Dockerfile, ins: Instruction, tool: str, purge: str) -> Edit | None:
    """Before the cleanup of package lists that follows the tool's last use, else at the end."""
    commands = run_commands(ins)
    last_use = max(i for i, c in enumerate(commands) if c.name == tool)
    for command in commands[last_use + 1 :]:
        if command.name == "rm" and any(
            w.value.startswith(("/var/lib/apt/lists", "/var/cache/apk")) for w in command.args
        ):
            if command.in_subshell or command.in_condition or command.in_pipeline:
                return None
            return insert_before_command(dockerfile, ins, command, purge)
    return append_to_run(dockerfile, ins, purge)


def _needs_certificates(chain: list[Stage], tool: str) -> bool:
    """Add ca-certificates along with the purge, unless LW004 already adds it (one edit, one rule)."""
    if ships_ca_certificates(chain) or missing_ca_certificates(chain) is not None:
        return False
    return tls_reason(chain, ignore=(tool,)) is not None
