"""Tests for the package-command helpers shared by the DL rules (and the fixers)."""

from __future__ import annotations

import pytest

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Instruction
from layerwise.rules.hadolint._packages import (
    apk_adds,
    apt_get_installs,
    go_installs,
    judged_value,
    parse_args,
    pip_installs,
    rpm_installs,
    rpm_is_pinned,
    run_variables,
)


def run(text: str) -> tuple[Instruction, str]:
    dockerfile = parse("FROM debian:12\n" + text)
    return dockerfile.instructions[-1], dockerfile.text


def values(words: list) -> list[str]:
    return [w.value for w in words]


def test_apt_get_install_packages_options_and_spans() -> None:
    ins, text = run("RUN sudo apt-get -o Acquire::Retries=3 install -qy -t bookworm-backports curl 'wget=1.2'\n")
    (install,) = apt_get_installs(ins.shell)
    assert install.command.name == "apt-get"
    assert install.subcommand is not None and install.subcommand.value == "install"
    assert values(install.packages) == ["curl", "wget=1.2"]
    assert install.has_option("y") and install.has_option("q")
    assert [o.value for o in install.options if o.name == "t"] == ["bookworm-backports"]
    assert text[install.packages[1].span.start : install.packages[1].span.end] == "'wget=1.2'"


def test_non_install_commands_are_ignored() -> None:
    ins, _ = run("RUN apt-get update && apt-get purge -y curl && apk del x\n")
    assert apt_get_installs(ins.shell) == []
    assert apk_adds(ins.shell) == []


def test_apk_virtual_value_is_not_a_package() -> None:
    ins, _ = run("RUN apk add --no-cache --virtual .deps gcc make\n")
    (install,) = apk_adds(ins.shell)
    assert values(install.packages) == ["gcc", "make"]


@pytest.mark.parametrize(
    ("script", "packages"),
    [
        ("pip install -U flask requests==2", ["flask", "requests==2"]),
        ("pip3 install --index-url http://x flask", ["flask"]),
        ("python3 -m pip install --no-cache-dir flask", ["flask"]),
        ("python -m pip --no-cache-dir install flask", ["flask"]),
    ],
)
def test_pip_installs(script: str, packages: list[str]) -> None:
    ins, _ = run(f"RUN {script}\n")
    (install,) = pip_installs(ins.shell)
    assert values(install.packages) == packages


def test_go_run_keeps_only_the_package() -> None:
    ins, _ = run("RUN go run example.com/tool@v1 arg && go install tool example.com/x\n")
    assert [values(i.packages) for i in go_installs(ins.shell)] == [["example.com/x"], ["example.com/tool@v1"]]


def test_rpm_installs_split_packages_and_modules() -> None:
    ins, _ = run("RUN yum install -y httpd && yum module install -y nodejs:18 && yum groupinstall -y X\n")
    packages, modules = rpm_installs(ins.shell, "yum")
    assert [values(i.packages) for i in packages] == [["httpd"]]
    assert [values(i.packages) for i in modules] == [["nodejs:18"]]


@pytest.mark.parametrize(
    ("package", "pinned"),
    [("httpd", False), ("httpd-2.4", True), ("gcc-c++", False), ("x-1.0-3.el9", True), ("a.rpm", True)],
)
def test_rpm_is_pinned(package: str, pinned: bool) -> None:
    assert rpm_is_pinned(package) is pinned


def test_parse_args_clusters_values_and_double_dash() -> None:
    ins, _ = run("RUN tool -xvf archive.tar --opt=1 -- -not-an-option\n")
    parsed = parse_args(ins.shell.commands[0].args if ins.shell else [], takes_value=("f",))
    assert [(o.name, o.value) for o in parsed.options] == [("x", None), ("v", None), ("f", "archive.tar"), ("opt", "1")]
    assert values(parsed.positional) == ["-not-an-option"]


def test_judged_value_distinguishes_unknown_and_undeclared() -> None:
    variables = {"KNOWN": "1.2", "BUILD_ARG": None}
    assert judged_value("pkg=$KNOWN", variables) == "pkg=1.2"
    assert judged_value("$BUILD_ARG", variables) is None
    assert judged_value("$FROM_BASE_IMAGE", variables) == "$FROM_BASE_IMAGE"
    assert judged_value("$(cat versions)", variables) is None


def test_variables_see_arg_env_and_the_script() -> None:
    dockerfile = parse("ARG V=1\nFROM debian:12\nARG V\nENV W=$V.0\nRUN deps='a b'; apt-get install $deps\n")
    ins = dockerfile.instructions[-1]
    assert dockerfile.env_at(ins)["W"] == "1.0"
    assert run_variables(dockerfile, ins)["deps"] == "a b"


def test_package_installs_are_read_once_per_script_and_handed_out_as_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    from layerwise.rules.hadolint import _packages
    from layerwise.rules.hadolint._packages import apt_get_installs

    reads: list[object] = []
    find = _packages._find_installs
    monkeypatch.setattr(_packages, "_find_installs", lambda *args: reads.append(args) or find(*args))
    script = parse("FROM debian\nRUN apt-get install -y curl\n").instructions[-1].shell
    first = apt_get_installs(script)
    first.clear()
    again = apt_get_installs(script)
    assert [w.value for w in again[0].packages] == ["curl"]
    assert len(reads) == 1
