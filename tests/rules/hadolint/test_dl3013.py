"""Tests for DL3013: pin versions in pip install."""

from __future__ import annotations

import pytest

from rules.helpers import lint

CODE = "DL3013"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("FROM debian:12\nRUN pip install flask\n", [2]),
        ("FROM debian:12\nRUN pip3 install --no-cache-dir flask==3.0 requests\n", [2]),
        ("FROM debian:12\nRUN python3 -m pip install --upgrade pip\n", [2]),
        ("FROM debian:12\nONBUILD RUN pip install flask\n", [2]),
        ("FROM debian:12\nRUN pip install -i https://pypi.example/simple flask\n", [2]),
    ],
)
def test_fires(text: str, lines: list[int]) -> None:
    assert [f.line for f in lint(text, CODE)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN pip install flask==3.0.3\n",
        "FROM debian:12\nRUN pip install 'flask>=3,<4'\n",
        "FROM debian:12\nRUN pip install -r requirements.txt\n",
        "FROM debian:12\nRUN pip install --requirement requirements.txt\n",
        "FROM debian:12\nRUN pip install -c constraints.txt flask\n",
        "FROM debian:12\nRUN pip install .\n",
        "FROM debian:12\nRUN pip install ./dist/app-1.0-py3-none-any.whl\n",
        "FROM debian:12\nRUN pip install git+https://github.com/org/repo@v1.2\n",
        "FROM debian:12\nRUN pipenv install flask\n",
        "FROM debian:12\nRUN pip download flask\n",
        "FROM debian:12\nARG FLASK=flask==3.0\nRUN pip install $FLASK\n",  # ARG default is pinned
        'FROM debian:12\nENV V=1.6\nRUN pip install "beets == $V"\n',  # a quoted word is not split
    ],
)
def test_does_not_fire(text: str) -> None:
    assert lint(text, CODE) == []
