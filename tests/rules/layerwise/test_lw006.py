"""LW006: the image is built on a base that no longer gets security updates."""

from __future__ import annotations

from datetime import date

import pytest

from layerwise.dockerfile import parse
from layerwise.rules.base import Finding, LintSettings, RuleContext
from layerwise.rules.layerwise.lw006 import LW006EndOfLifeBase, end_of_life
from rules.helpers import lint

CODE = "LW006"


def lint_on(text: str, today: date) -> list[Finding]:
    rule = LW006EndOfLifeBase(today=today)
    return list(rule.check(RuleContext(dockerfile=parse(text, "Dockerfile"), settings=LintSettings(), rule=rule)))


@pytest.mark.parametrize(
    ("image", "release"),
    [
        ("ubuntu:16.04", "ubuntu:16.04"),
        ("ubuntu:xenial-20210416", "Ubuntu 16.04 (xenial)"),
        ("debian:stretch-slim", "Debian 9 (stretch)"),
        ("debian:10.13", "debian:10"),
        ("python:2.7-slim", "python:2"),
        ("python:3.7.17-alpine", "python:3.7"),
        ("python:3.12-slim-buster", "Debian 10 (buster)"),
        ("node:16-alpine", "node:16"),
        ("alpine:3.17", "alpine:3.17"),
        ("centos:7", "centos:7"),
        ("centos", "centos:latest"),
        ("docker.io/library/golang:1.21", "golang:1.21"),
        ("mcr.microsoft.com/devcontainers/base:buster", "Debian 10 (buster)"),
    ],
)
def test_known_end_of_life(image: str, release: str) -> None:
    eol = end_of_life(image)
    assert eol is not None and eol.release == release


@pytest.mark.parametrize(
    "image", ["python:3.12", "alpine:3.1x", "alpine:3.22", "debian:bookworm", "node:22", "myorg/python:3.7"]
)
def test_not_end_of_life(image: str) -> None:
    assert end_of_life(image) is None


def test_compares_with_the_date_passed_in() -> None:
    text = "FROM python:3.9-slim\n"
    assert lint_on(text, date(2025, 10, 30)) == []
    findings = lint_on(text, date(2025, 11, 1))
    assert [(f.code, f.line) for f in findings] == [(CODE, 1)]
    assert "2025-10-31" in findings[0].message


def test_resolves_arg_in_from_and_skips_stage_references() -> None:
    text = "ARG BASE=ubuntu:18.04\nFROM ${BASE} AS base\nFROM base\nRUN true\n"
    assert [f.line for f in lint_on(text, date(2026, 1, 1))] == [2]


def test_only_stages_that_ship() -> None:
    text = "FROM ubuntu:16.04 AS unused\nRUN true\nFROM debian:bookworm-slim\n"
    assert lint_on(text, date(2026, 1, 1)) == []


def test_runs_from_the_registry_with_todays_date() -> None:
    assert [f.code for f in lint("FROM ubuntu:14.04\n", CODE)] == [CODE]
