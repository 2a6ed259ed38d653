"""LW013: a compiler toolchain ships in the final image."""

from __future__ import annotations

from rules.helpers import lint

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
