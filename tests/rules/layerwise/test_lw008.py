"""LW008: a Python image ships bytecode caches and bundled test suites."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW008"
FIND = (
    "find {} -depth \\( -type d -a \\( -name test -o -name tests -o -name idle_test"
    " -o -name __pycache__ \\) \\) -exec rm -rf '{{}}' +"
)


def test_python_base_with_pip_install() -> None:
    text = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir requests\nCMD ["python"]\n'
    findings = lint(text, CODE)
    assert [f.line for f in findings] == [2]
    assert "slower first start" in findings[0].message
    assert apply_fixes(text, findings, unsafe=True) == (
        "FROM python:3.12-slim\n"
        f"RUN pip install --no-cache-dir requests && {FIND.format('/usr/local/lib/python3*')}\n"
        'CMD ["python"]\n'
    )


def test_apt_python_targets_the_system_paths_and_the_last_installer() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y python3 python3-requests\n"
        "RUN apt-get install -y python3-yaml \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )
    findings = lint(text, CODE)
    assert [f.line for f in findings] == [3]
    assert apply_fixes(text, findings, unsafe=True).endswith(
        f"    && rm -rf /var/lib/apt/lists/* \\\n    && {FIND.format('/usr/lib/python3*')}\n"
    )


def test_quiet_when_pruned_already_or_not_python() -> None:
    pruned = "FROM python:3.12\nRUN pip install x && find / -name __pycache__ -exec rm -rf {} +\n"
    not_python = "FROM debian:bookworm-slim\nRUN apt-get install -y curl\n"
    pip_without_python = "FROM debian:bookworm-slim\nRUN pip install x\n"
    builder_only = "FROM python:3.12 AS b\nRUN pip install x\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n"
    for text in (pruned, not_python, pip_without_python, builder_only):
        assert lint(text, CODE) == [], text
