"""Tests for DL3025: use JSON notation for CMD and ENTRYPOINT."""

from __future__ import annotations

import pytest

from rules.helpers import apply_fixes, lint

CODE = "DL3025"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nCMD nginx -g 'daemon off;'\n", [2]),
        ("FROM debian:12\nENTRYPOINT python -m app\n", [2]),
        ("FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nCMD ["nginx", "-g", "daemon off;"]\n',
        'FROM debian:12\nENTRYPOINT ["python", "-m", "app"]\n',
        'FROM debian:12\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
        "FROM debian:12\nHEALTHCHECK NONE\n",
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("FROM debian:12\nCMD nginx -g 'daemon off;'\n", 'FROM debian:12\nCMD ["nginx", "-g", "daemon off;"]\n'),
        (
            "FROM debian:12\nENTRYPOINT python -m app --port=80\n",
            'FROM debian:12\nENTRYPOINT ["python", "-m", "app", "--port=80"]\n',
        ),
    ],
)
def test_fix(text: str, fixed: str) -> None:
    assert apply_fixes(text, lint(text, CODE), unsafe=True) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nCMD echo $HOME\n",  # variable expansion needs a shell
        "FROM debian:12\nCMD a && b\n",  # a command list needs a shell
        "FROM debian:12\nCMD app > /log\n",  # redirection
        "FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/\n",  # HEALTHCHECK is left alone
        'FROM debian:12\nENTRYPOINT python -m app\nCMD ["--debug"]\n',  # exec form would pass CMD to the entrypoint
    ],
)
def test_no_fix_when_unsure(text: str) -> None:
    findings = lint(text, CODE)
    assert findings
    assert all(f.fix is None for f in findings)
