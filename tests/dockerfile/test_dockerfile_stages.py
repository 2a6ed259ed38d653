"""Stages, stage indexes and which stages reach the final image."""

from __future__ import annotations

from layerwise.dockerfile import parse

MULTI = """\
ARG BASE=debian:bookworm
FROM ${BASE} AS deps
RUN apt-get update
FROM deps AS build
RUN make
FROM --platform=$BUILDPLATFORM golang AS tools
RUN go build
FROM debian:bookworm-slim AS unused
RUN true
FROM alpine AS assets
FROM scratch
COPY --from=build /out /out
COPY --from=3 /x /x
RUN --mount=type=bind,from=assets,target=/a true
COPY --from=nginx:latest /etc/nginx /etc/nginx
"""


def test_stages_and_indexes() -> None:
    df = parse(MULTI)
    assert [s.name for s in df.stages] == ["deps", "build", "tools", "unused", "assets", None]
    assert df.instructions[0].stage_index == -1
    assert [i.stage_index for i in df.instructions[1:3]] == [0, 0]
    assert df.stages[0].base == "debian:bookworm"
    assert df.stages[2].platform == "$BUILDPLATFORM"
    assert df.final_stage is df.stages[-1]
    assert df.stage_by_name("BUILD") is df.stages[1]
    assert df.stages[1].instructions[0] is df.stages[1].from_instruction


def test_reaches_final() -> None:
    df = parse(MULTI)
    reached = {s.index: s.reaches_final for s in df.stages}
    # final -> build (COPY --from) -> deps (FROM); final -> unused (--from=3); final -> assets (mount)
    assert reached == {0: True, 1: True, 2: False, 3: True, 4: True, 5: True}


def test_copy_from_with_arg() -> None:
    df = parse("FROM a AS one\nFROM b AS two\nFROM c\nARG SRC=one\nCOPY --from=$SRC /x /x\n")
    assert [s.reaches_final for s in df.stages] == [True, False, True]


def test_single_stage_is_final() -> None:
    df = parse("FROM a\nRUN true\n")
    assert df.stages[0].reaches_final and df.stages[0].name is None


def test_stage_names_are_case_insensitive() -> None:
    df = parse("FROM a AS Builder\nFROM b\nCOPY --from=BUILDER /x /x\n")
    assert df.stages[0].name == "builder" and df.stages[0].reaches_final


def test_external_images_are_bases_and_copy_from_images_but_not_stages() -> None:
    from layerwise.dockerfile import parse
    from layerwise.dockerfile.stages import external_images

    text = (
        "ARG BASE=debian:bookworm-slim\n"
        "FROM $BASE AS build\n"
        "RUN --mount=type=bind,from=tools:1,target=/t true\n"
        "FROM build AS test\n"
        "COPY --from=0 /a /a\n"
        "FROM scratch\n"
        "COPY --from=registry.example/x:2 /b /b\n"
        "COPY --from=build /c /c\n"
    )
    assert external_images(parse(text)) == ["debian:bookworm-slim", "tools:1", "registry.example/x:2"]
