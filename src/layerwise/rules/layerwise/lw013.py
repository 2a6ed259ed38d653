"""LW013: a compiler toolchain ships in the final image."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Dockerfile, Stage
from layerwise.fix.stage_split import VERSIONED_COMPILERS, builder_name, compile_product, is_compiler, split_stage
from layerwise.rules.base import Applicability, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import (
    chain_installs,
    final_chain,
    marks_all_auto,
    package_names,
    removals,
    run_commands,
    shell_runs,
    virtual_names,
    workdir_at,
)

TOOLCHAIN = frozenset({"build-essential", "build-base", "gcc", "g++", "clang", "make", "cmake", "autoconf",
                       "automake", "libtool", "musl-dev", "libc6-dev", "linux-headers", "cargo", "rustc"})  # fmt: skip


# Commands that may need the toolchain at build time: while one runs in the final stage, the
# toolchain cannot leave it.
BUILD_COMMANDS = frozenset({"make", "cmake", "configure", "./configure", "meson", "ninja", "autoreconf", "pip",
                            "pip3", "python", "python3", "npm", "yarn", "gem", "bundle", "cargo", "go", "ld", "as",
                            "ar", "strip", "objcopy", "node-gyp", "cpanm", "R", "Rscript"})  # fmt: skip


def is_toolchain(name: str) -> bool:
    return name in TOOLCHAIN or name.startswith(VERSIONED_COMPILERS)


def is_build_package(name: str) -> bool:
    return is_toolchain(name) or name.endswith("-dev")


class LW013ToolchainShips(Rule):
    """What it does:
    Flags compilers, build tools and `-dev` header packages (build-essential, gcc, make,
    build-base, musl-dev, libssl-dev, ...) installed in the final image and never removed.

    Why is this bad:
    A toolchain is 100-250 MB that the program does not run, and it lets an intruder build
    tools inside the container. A multi-stage build compiles in a builder stage and copies only
    the result; on Alpine, `apk add --virtual .build-deps ...` then `apk del .build-deps` in the
    same RUN does it in one stage.

    Example:
        FROM python:3.12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\
            && pip install --no-cache-dir psycopg2

    Use instead:
        FROM python:3.12-slim AS build
        RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\
            && pip wheel --wheel-dir /wheels psycopg2
        FROM python:3.12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
        COPY --from=build /wheels /wheels
        RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels

    The fix (unsafe: it changes what the image holds) does this when the final stage only runs
    compilers with an output file (`gcc -o /usr/local/bin/hello hello.c`) in one RUN: a builder
    stage, a copy of the final stage up to that RUN, compiles; the final stage drops the
    toolchain packages and the compile commands and copies the binaries. `-dev` libraries stay
    (they bring the runtime libraries), and with make, pip or any other build command in the
    final stage there is no fix.
    """

    code = "LW013"
    severity = Severity.INFO
    fix_applicability = Applicability.UNSAFE
    message = "A compiler toolchain is installed in the final image: build in a separate stage"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        chain = final_chain(ctx.dockerfile)
        removed = {name for ins in shell_runs(chain) for removal in removals(ins) for name in removal.names}
        for ins, install in chain_installs(chain):
            if set(virtual_names(install)) & removed or marks_all_auto(ins):
                continue
            names = package_names(install)
            kept = [(name, word) for name, word in zip(names, install.packages, strict=True)
                    if is_build_package(name) and name not in removed]  # fmt: skip
            if kept:
                listed = ", ".join(name for name, _ in kept)
                message = (
                    f"Build tools ship in the final image ({listed}): compile in a builder stage and copy the result"
                )
                yield ctx.finding(kept[0][1].span, message, _stage_fix(ctx.dockerfile, chain))


def _stage_fix(dockerfile: Dockerfile, chain: list[Stage]) -> Fix | None:
    """Compile in a builder stage and copy the binaries, when the final stage's only use of the
    toolchain is compiler commands with an output file (`gcc -o /usr/local/bin/hello hello.c`)
    in one RUN. `-dev` libraries stay: they bring the runtime libraries the binaries link to."""
    stage = chain[-1]
    runs = list(shell_runs([stage]))
    commands = [(ins, command) for ins in runs for command in run_commands(ins)]
    if any(command.name in BUILD_COMMANDS for _, command in commands):
        return None
    compiles = [(ins, c) for ins, c in commands if is_compiler(c.name)]
    if not compiles or len({id(ins) for ins, _ in compiles}) != 1:
        return None
    run = compiles[0][0]
    workdir = workdir_at(chain, until=run)
    products = [p for _, c in compiles if (p := compile_product(c, workdir[0] if workdir else None)) is not None]
    packages = [(ins, install, word) for ins, install in chain_installs([stage])
                for name, word in zip(package_names(install), install.packages, strict=True) if is_toolchain(name)]  # fmt: skip
    if len(products) != len(compiles) or not packages:
        return None
    edits = split_stage(dockerfile, stage, run, products, packages, builder_name(dockerfile, "build"))
    if edits is None:
        return None
    return Fix("Compile in a builder stage and copy the result", edits, Applicability.UNSAFE)
