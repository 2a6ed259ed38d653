from __future__ import annotations

import pytest
from variant_helpers import FIXTURES, load

from layerwise.dockerfile import parse
from layerwise.variant import Variant, slim_variant


def _slim(text: str) -> Variant:
    return slim_variant(parse(text, "Dockerfile"))


def _body(variant: Variant) -> str:
    return "".join(line for line in variant.text.splitlines(keepends=True) if not line.startswith("# "))


@pytest.mark.parametrize("name", ["seed_ubuntu", "python_app", "node_app", "debian_tools", "seed_debian"])
def test_fixtures_match_expected_output(name: str) -> None:
    expected = FIXTURES / f"{name}.slim.expected"
    variant = slim_variant(load(f"{name}.Dockerfile"))
    assert variant.text == expected.read_text(encoding="utf-8")


def test_debian_swaps_and_adds_nothing() -> None:
    variant = slim_variant(load("seed_debian.Dockerfile"))
    assert _body(variant) == (FIXTURES / "seed_debian.Dockerfile").read_text().replace(
        "FROM debian:bookworm\n", "FROM debian:bookworm-slim\n"
    )
    assert variant.added == [] and variant.risks == []


def test_ubuntu_has_no_slim_and_says_why() -> None:
    variant = slim_variant(load("seed_ubuntu.Dockerfile"))
    assert variant.swaps[0].replacement is None and "Ubuntu" in (variant.swaps[0].reason or "")
    assert _body(variant) == (FIXTURES / "seed_ubuntu.Dockerfile").read_text()


def test_tools_used_before_any_install_get_a_run_after_from() -> None:
    variant = _slim('FROM python:3.12\nRUN curl -fsSLO https://example.com/x && git --version\nCMD ["python"]\n')
    assert _body(variant) == (
        "FROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends curl git && rm -rf /var/lib/apt/lists/*\n"
        'RUN curl -fsSLO https://example.com/x && git --version\nCMD ["python"]\n'
    )
    assert [a.package for a in variant.added] == ["curl", "git"]


def test_tools_join_an_earlier_install() -> None:
    text = (
        "FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends jq\nRUN curl -O https://x/y\n"
    )
    variant = _slim(text)
    assert "apt-get install -y --no-install-recommends jq ca-certificates curl\n" in variant.text


def test_what_the_dockerfile_installs_itself_is_not_added() -> None:
    text = "FROM python:3.12\nRUN apt-get update && apt-get install -y curl && curl -O https://x/y\n"
    variant = _slim(text)
    assert variant.added == [] and "apt-get install -y curl &&" in variant.text


def test_entrypoint_and_healthcheck_programs_count() -> None:
    text = 'FROM python:3.12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nENTRYPOINT ["git"]\n'
    assert {a.package for a in _slim(text).added} == {"curl", "git"}


def test_source_builds_get_compiler_and_headers() -> None:
    variant = _slim("FROM python:3.12\nRUN pip install --no-cache-dir psycopg2==2.9.9 flask\n")
    assert {a.package for a in variant.added} == {"gcc", "libc6-dev", "libpq-dev"}


def test_requirements_and_npm_are_risks_not_guesses() -> None:
    assert [r.code for r in _slim("FROM python:3.12\nRUN pip install -r requirements.txt\n").risks] == [
        "pip-requirements"
    ]
    assert [r.code for r in _slim("FROM node:20\nRUN npm ci\n").risks] == ["native-modules"]


def test_stage_from_stage_inherits_what_the_base_lacks() -> None:
    text = "FROM python:3.12 AS base\nRUN pip install flask\nFROM base\nRUN git --version\n"
    variant = _slim(text)
    assert variant.text.count("python:3.12-slim") == 1
    assert "FROM base\nRUN apt-get update && apt-get install -y --no-install-recommends git" in variant.text


def test_digest_dropped_with_a_warning() -> None:
    variant = _slim("FROM python:3.12@sha256:" + "0" * 64 + '\nCMD ["python"]\n')
    assert "FROM python:3.12-slim\n" in variant.text
    assert [r.code for r in variant.risks] == ["digest-dropped"]
