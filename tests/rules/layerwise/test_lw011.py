"""LW011: ADD downloads a URL without a checksum."""

from __future__ import annotations

from rules.helpers import lint

CODE = "LW011"


def test_fires_on_unverified_url() -> None:
    findings = lint("FROM debian:bookworm-slim\nADD https://e.org/tool.tgz /opt/\n", CODE)
    assert [(f.line, f.column) for f in findings] == [(2, 5)]


def test_quiet_with_checksum_git_or_local_sources() -> None:
    for add in (
        "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://e.org/t.tgz /opt/",
        "ADD https://github.com/moby/buildkit.git#v0.14.1 /src",
        "ADD tool.tgz /opt/",
    ):
        assert lint(f"# syntax=docker/dockerfile:1.6\nFROM debian:bookworm-slim\n{add}\n", CODE) == [], add
