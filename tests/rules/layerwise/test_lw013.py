"""LW013: a compiler toolchain ships in the final image."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW013"


def test_fires_on_toolchain_in_the_final_image() -> None:
    text = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential libpq-dev curl\n"
    findings = lint(text, CODE)
    assert len(findings) == 1
    assert "build-essential, libpq-dev" in findings[0].message
    alpine = "FROM alpine:3.20\nRUN apk add --no-cache build-base musl-dev\n"
    assert len(lint(alpine, CODE)) == 1


def test_quiet_when_removed_or_in_a_builder() -> None:
    purged = "FROM debian:bookworm-slim\nRUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n"
    virtual = "FROM alpine:3.20\nRUN apk add --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n"
    builder = "FROM debian:bookworm AS b\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n"
    runtime = "FROM debian:bookworm-slim\nRUN apt-get install -y libpq5 curl\n"
    for text in (purged, virtual, builder, runtime):
        assert lint(text, CODE) == [], text


C_PROGRAM = """\
FROM debian:bookworm-slim
WORKDIR /src
COPY hello.c .
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libssl-dev \\
    && gcc -O2 -o hello hello.c -lssl \\
    && rm -rf /var/lib/apt/lists/*
CMD ["/src/hello"]
"""


def test_fix_compiles_in_a_builder_stage() -> None:
    fixed = apply_fixes(C_PROGRAM, lint(C_PROGRAM, CODE), unsafe=True)
    assert fixed == (
        "FROM debian:bookworm-slim AS build\n"
        "WORKDIR /src\n"
        "COPY hello.c .\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends build-essential libssl-dev \\\n"
        "    && gcc -O2 -o hello hello.c -lssl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "\n"
        "FROM debian:bookworm-slim\n"
        "WORKDIR /src\n"
        "COPY hello.c .\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "COPY --from=build /src/hello /src/hello\n"
        'CMD ["/src/hello"]\n'
    )
    findings = lint(fixed, CODE)
    assert len(findings) == 1 and findings[0].fix is None  # libssl-dev stays: reported, nothing to move


def test_fix_drops_a_run_that_only_installed_the_toolchain() -> None:
    text = (
        "FROM debian:bookworm-slim\nCOPY hello.c /src/hello.c\nRUN apt-get update && apt-get install -y gcc libc6-dev\n"
        'RUN gcc -o /usr/local/bin/hello /src/hello.c\nCMD ["hello"]\n'
    )
    fixed = apply_fixes(text, lint(text, CODE), unsafe=True)
    final = fixed.split("\n\n", 1)[1]
    assert final == (
        "FROM debian:bookworm-slim\nCOPY hello.c /src/hello.c\n"
        'COPY --from=build /usr/local/bin/hello /usr/local/bin/hello\nCMD ["hello"]\n'
    )
    assert lint(fixed, CODE) == []


def test_no_fix_when_other_build_commands_need_the_toolchain() -> None:
    make = "FROM debian:bookworm-slim\nRUN apt-get install -y build-essential && make && gcc -o /x x.c\n"
    pip = "FROM python:3.12-slim\nRUN apt-get install -y gcc && pip install psycopg2\n"
    reads_it = "FROM debian:bookworm-slim\nRUN apt-get install -y gcc && gcc -o /x x.c && strip /x\n"
    object_file = "FROM debian:bookworm-slim\nRUN apt-get install -y gcc && gcc -c -o /x.o x.c\n"
    runs_it = "FROM debian:bookworm-slim\nRUN apt-get install -y gcc && gcc -o /x x.c && /x --self-test\n"
    as_a_user = "FROM debian:bookworm-slim\nRUN apt-get install -y gcc\nUSER app\nRUN gcc -o /home/app/x x.c\n"
    for text in (make, pip, reads_it, object_file, runs_it, as_a_user):
        assert [f.fix for f in lint(text, CODE)] == [None], text
