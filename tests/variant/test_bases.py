from __future__ import annotations

import pytest

from layerwise.variant.bases import (
    alpine_variant_of,
    is_debian_like,
    parse_reference,
    slim_lacks,
    slim_variant_of,
    why_no_slim,
)


@pytest.mark.parametrize(
    ("image", "slim"),
    [
        ("debian:bookworm", "debian:bookworm-slim"),
        ("debian", "debian:stable-slim"),
        ("debian:12", "debian:12-slim"),
        ("python:3.12", "python:3.12-slim"),
        ("python:3.12-bookworm", "python:3.12-slim-bookworm"),
        ("python", "python:slim"),
        ("node:20", "node:20-slim"),
        ("node:20-bookworm", "node:20-bookworm-slim"),
        ("ruby:3.3", "ruby:3.3-slim"),
        ("openjdk:17-jdk", "openjdk:17-jdk-slim"),
        ("openjdk:11-jre-bullseye", "openjdk:11-jre-slim-bullseye"),
        ("docker.io/library/python:3.12", "docker.io/library/python:3.12-slim"),
        ("library/node:20", "library/node:20-slim"),
        ("python:${PY_VERSION}", "python:${PY_VERSION}-slim"),
        ("python:3.12@sha256:" + "a" * 64, "python:3.12-slim"),
        # no slim variant
        ("golang:1.22", None),
        ("ubuntu:22.04", None),
        ("python:3.12-slim", None),
        ("python:3.12-alpine", None),
        ("debian:bookworm-slim", None),
        ("myorg/python:3.12", None),
        ("ghcr.io/acme/debian:bookworm", None),
        ("scratch", None),
    ],
)
def test_slim_variant_of(image: str, slim: str | None) -> None:
    assert slim_variant_of(image) == slim


@pytest.mark.parametrize(
    ("image", "alpine"),
    [
        ("debian:bookworm", "alpine:3.22"),
        ("ubuntu:16.04", "alpine:3.22"),
        ("python:3.12", "python:3.12-alpine"),
        ("python:3.12-slim-bookworm", "python:3.12-alpine"),
        ("node:20-bookworm-slim", "node:20-alpine"),
        ("golang:1.22", "golang:1.22-alpine"),
        ("php:8.2-fpm-bookworm", "php:8.2-fpm-alpine"),
        ("openjdk:17-jdk", "eclipse-temurin:17-jdk-alpine"),
        ("node", "node:alpine"),
        ("php:8.2-apache", None),
        ("perl:5.38", None),
        ("python:3.12-alpine", None),
        ("myorg/app:1", None),
    ],
)
def test_alpine_variant_of(image: str, alpine: str | None) -> None:
    assert alpine_variant_of(image) == alpine


def test_alpine_version_option() -> None:
    assert alpine_variant_of("debian:bookworm", "3.22") == "alpine:3.22"


def test_reasons_and_lacks() -> None:
    assert "Ubuntu" in why_no_slim("ubuntu:22.04")
    assert "golang" in why_no_slim("golang:1.22")
    assert {"curl", "git", "gcc"} <= slim_lacks("python:3.12")
    assert "ca-certificates" not in slim_lacks("python:3.12")  # python:slim keeps it
    assert "ca-certificates" in slim_lacks("node:20")  # node:slim does not
    assert slim_lacks("debian:bookworm") == frozenset()  # same packages, fewer docs
    assert slim_lacks("python:3.12-slim") == frozenset()
    assert is_debian_like("ubuntu:22.04") and not is_debian_like("python:3.12")


def test_parse_reference_keeps_registry_port() -> None:
    ref = parse_reference("localhost:5000/team/app:1.0@sha256:abc")
    assert (ref.prefix, ref.name, ref.tag, ref.digest) == ("localhost:5000/team/", "app", "1.0", "sha256:abc")
