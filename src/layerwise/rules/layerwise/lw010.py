"""LW010: TLS or signature verification turned off."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from layerwise.dockerfile.model import Instruction
from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import pairs, parse_args, unquote
from layerwise.rules.layerwise._common import instructions_of, run_commands

# command name -> options that turn verification off
INSECURE_OPTIONS: dict[str, tuple[str, ...]] = {
    "curl": ("k", "insecure"),
    "wget": ("no-check-certificate",),
    "pip": ("trusted-host",),
    "pip3": ("trusted-host",),
    "apt-get": ("allow-unauthenticated", "allow-insecure-repositories", "force-yes"),
    "apt": ("allow-unauthenticated", "allow-insecure-repositories"),
    "apk": ("allow-untrusted",),
    "yum": ("nogpgcheck",),
    "dnf": ("nogpgcheck",),
    "microdnf": ("nogpgcheck",),
    "rpm": ("nosignature", "nodigest"),
}
# Values that make a setting insecure (compared lower-cased).
INSECURE_SETTINGS = ("sslverify=false", "sslverify false", "strict-ssl false", "strict-ssl=false",
                     "verify-peer=false", "verify-peer \"false\"", "verify-host=false")  # fmt: skip
# Commands that write such a setting (`git config`, `npm config set`, `echo ... > apt.conf.d`).
SETTING_WRITERS = frozenset({"git", "npm", "yarn", "pnpm", "pip", "pip3", "apt-get", "apt", "echo", "printf"})
INSECURE_ENV: dict[str, tuple[str, ...] | None] = {
    "GIT_SSL_NO_VERIFY": None,  # any value
    "NODE_TLS_REJECT_UNAUTHORIZED": ("0",),
    "PYTHONHTTPSVERIFY": ("0",),
    "PIP_TRUSTED_HOST": None,
    "NPM_CONFIG_STRICT_SSL": ("false", "0"),
}


class LW010VerificationDisabled(Rule):
    """What it does:
    Flags switches that turn off TLS or package-signature checks: `curl -k`/`--insecure`,
    `wget --no-check-certificate`, `pip --trusted-host`, `git -c http.sslVerify=false`,
    `npm config set strict-ssl false`, `apt-get --allow-unauthenticated`,
    `apk --allow-untrusted`, `yum --nogpgcheck`, and ENV settings such as
    `GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`.

    Why is this bad:
    Anyone on the network path can then serve the build (or, for ENV, the running program)
    whatever they like. A certificate error is usually a missing `ca-certificates` (see LW004)
    or a proxy's CA that belongs in the trust store, not a reason to stop checking.

    Example:
        RUN curl -k -o /usr/local/bin/tool https://example.com/tool

    Use instead:
        RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\
            && curl -o /usr/local/bin/tool https://example.com/tool
    """

    code = "LW010"
    severity = Severity.WARNING
    message = "TLS or signature verification is turned off"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        stages = [s for s in ctx.dockerfile.stages if s.reaches_final]
        for ins in instructions_of(stages, "RUN"):
            if ins.shell is not None:
                yield from self._check_run(ctx, ins)
        for ins in instructions_of(stages, "ENV", "ARG"):
            yield from self._check_env(ctx, ins)

    def _check_run(self, ctx: RuleContext, ins: Instruction) -> Iterator[Finding]:
        for command in run_commands(ins):
            options = INSECURE_OPTIONS.get(command.name)
            if options:  # only these commands' options are read
                parsed = parse_args(command.args, ("o", "c") if command.name in ("curl", "git") else ())
                found = next((o for o in parsed.options if o.name in options), None)
                if found is not None:
                    yield ctx.finding(found.word.span, f"{command.name} {found.word.value} turns off verification")
                    continue
            if command.name not in SETTING_WRITERS:
                continue
            text = " ".join(w.value for w in command.args).lower().replace(" = ", "=")
            setting = next((s for s in INSECURE_SETTINGS if s in text), None)
            if setting is not None:
                yield ctx.finding(command.span, f"{command.name} sets {setting}: verification is turned off")

    def _check_env(self, ctx: RuleContext, ins: Instruction) -> Iterator[Finding]:
        if ins.keyword == "ENV":
            settings = [(name, unquote(value)) for name, value in pairs(ins)]
        else:  # an ARG only sets what has a default
            settings = [(n, unquote(v)) for n, eq, v in (a.partition("=") for a in ins.values) if eq]
        for name, value in settings:
            if name.upper() not in INSECURE_ENV:
                continue
            insecure = INSECURE_ENV[name.upper()]
            if insecure is None or value.strip().lower() in insecure:
                yield ctx.finding(ins, f"{ins.keyword} {name}={value} turns off TLS verification")
