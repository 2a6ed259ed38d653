"""LW013: a compiler toolchain ships in the final image."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import (
    chain_installs,
    final_chain,
    marks_all_auto,
    package_names,
    removals,
    shell_runs,
    virtual_names,
)

TOOLCHAIN = frozenset({"build-essential", "build-base", "gcc", "g++", "clang", "make", "cmake", "autoconf",
                       "automake", "libtool", "musl-dev", "libc6-dev", "linux-headers", "cargo", "rustc"})  # fmt: skip


def is_build_package(name: str) -> bool:
    return name in TOOLCHAIN or name.startswith(("gcc-", "g++-", "clang-")) or name.endswith("-dev")


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
    """

    code = "LW013"
    severity = Severity.INFO
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
                yield ctx.finding(kept[0][1].span, message)
