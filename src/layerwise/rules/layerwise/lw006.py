"""LW006: the image is built on a base that no longer gets security updates."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import parse_image, tag_tokens


@dataclass(frozen=True)
class EndOfLife:
    release: str  # "python 3.7", "Debian 10 (buster)"
    eol: date


@cache
def eol_table() -> dict[str, object]:
    """src/layerwise/data/eol_bases.toml, read once."""
    data = resources.files("layerwise.data").joinpath("eol_bases.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)


def end_of_life(reference: str) -> EndOfLife | None:
    """The end of life of an image reference, from its version or a distribution codename in its
    tag; None when it is not known to have one."""
    table = eol_table()
    image = parse_image(reference)
    images = table.get("images", {})
    assert isinstance(images, dict)
    versions = images.get(image.name, {}) if image.official else {}
    for version, eol in sorted(versions.items(), key=lambda item: -len(item[0])):  # most specific first
        if _tag_is_version(image.tag, version):
            return EndOfLife(f"{image.name}:{version}", eol)
    codenames = table.get("codenames", {})
    assert isinstance(codenames, dict)
    for token in tag_tokens(image.tag):
        entry = codenames.get(token)
        if entry is not None:
            return EndOfLife(f"{entry['release']} ({token})", entry["eol"])
    return None


def _tag_is_version(tag: str, version: str) -> bool:
    """`3.7` matches `3.7`, `3.7.17`, `3.7-slim`; not `3.70`."""
    return tag == version or (tag.startswith(version) and tag[len(version)] in ".-_")


class LW006EndOfLifeBase(Rule):
    """What it does:
    Flags a FROM whose image reached its end of life: ubuntu:16.04, debian:buster, python:3.7,
    node:16, alpine:3.17, centos:7, golang:1.21, ... and any tag built on an end-of-life
    distribution (`python:3.11-slim-buster`). The table with dates is
    `src/layerwise/data/eol_bases.toml`; ARG values in FROM are resolved first.

    Why is this bad:
    No more security updates: every CVE found from that day on stays in the image, and the
    package mirrors move away (`apt-get update` starts failing on archived releases). The seed
    chapter's ubuntu:16.04 left standard support in April 2021.

    Example:
        FROM ubuntu:16.04

    Use instead:
        FROM ubuntu:24.04
    """

    code = "LW006"
    severity = Severity.WARNING
    message = "The base image has reached its end of life"

    def __init__(self, today: date | None = None) -> None:
        self.today = today or date.today()

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        names = {s.name for s in ctx.dockerfile.stages if s.name}
        for stage in ctx.dockerfile.stages:
            if not stage.reaches_final or "$" in stage.base or stage.base.lower() in names:
                continue
            eol = end_of_life(stage.base)
            if eol is not None and eol.eol <= self.today:
                message = f"{stage.base} is end of life: {eol.release} got its last updates on {eol.eol.isoformat()}"
                yield ctx.finding(stage.from_instruction, message)
