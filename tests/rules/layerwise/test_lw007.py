"""LW007: the base image has a slim variant."""

from __future__ import annotations

from rules.helpers import lint

CODE = "LW007"


def test_fires_on_full_official_images() -> None:
    for base, slim in [
        ("debian:bookworm", "debian:bookworm-slim"),
        ("python:3.12", "python:3.12-slim"),
        ("node:20", "node:20-slim"),
    ]:
        findings = lint(f'FROM {base}\nCMD ["x"]\n', CODE)
        assert len(findings) == 1 and slim in findings[0].message, base
        assert findings[0].fix is None


def test_names_what_the_slim_variant_lacks() -> None:
    text = "FROM python:3.12\nRUN git clone https://e.org/r.git /r && gcc -o /x x.c\n"
    (finding,) = lint(text, CODE)
    assert "gcc, git" in finding.message


def test_only_the_shipping_base_and_resolved_args() -> None:
    builder = "FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim\nCOPY --from=build /x /x\n"
    assert lint(builder, CODE) == []
    assert len(lint("ARG V=3.12\nFROM python:${V}\n", CODE)) == 1


def test_quiet_for_slim_alpine_and_unknown_images() -> None:
    for base in ("python:3.12-slim", "alpine:3.20", "node:20-alpine", "ubuntu:24.04", "golang:1.23", "scratch"):
        assert lint(f"FROM {base}\n", CODE) == [], base
