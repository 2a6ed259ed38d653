"""Tests for DL4005: use SHELL to change the default shell."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL4005"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nONBUILD RUN ln -sf /bin/bash /bin/sh\n", [2]),
        ("FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN ln -sf /bin/bash /usr/local/bin/sh\n",
        'FROM debian:12\nSHELL ["/bin/bash", "-c"]\n',
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
