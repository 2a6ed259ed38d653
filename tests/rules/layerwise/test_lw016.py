"""Tests for LW016: an instruction the builder does not know."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW016"


def test_a_typo_is_flagged_with_its_fix() -> None:
    text = "FROM debian:bookworm-slim\nRUNN apt-get update\nworkidr /app\n"
    findings = lint(text, CODE)
    assert [(f.line, f.column, f.message) for f in findings] == [
        (2, 1, "unknown instruction RUNN: did you mean RUN?"),
        (3, 1, "unknown instruction workidr: did you mean workdir?"),
    ]
    assert apply_fixes(text, findings) == text  # a guess: unsafe
    assert apply_fixes(text, findings, unsafe=True) == "FROM debian:bookworm-slim\nRUN apt-get update\nworkdir /app\n"


def test_a_lost_continuation_has_no_guess() -> None:
    text = "FROM debian:bookworm-slim\nRUN apt-get install -y \\\n    curl\n    python3\n"
    (finding,) = lint(text, CODE)
    assert (finding.line, finding.fix) == (4, None)
    assert finding.message == (
        "unknown instruction python3: the build stops here (does the RUN above lack a `\\` at the end of its last line?)"
    )
    (finding,) = lint("FROM debian:bookworm-slim\nRUN true\n\nchown app /app\n", CODE)
    assert finding.message == "unknown instruction chown: the build stops here"


def test_known_instructions_in_any_case_and_onbuild_triggers() -> None:
    assert lint("from debian:bookworm-slim\nrun true\nOnBuild RUN true\nhealthcheck NONE\n", CODE) == []
    (finding,) = lint("FROM debian:bookworm-slim\nONBUILD COPPY . /app\n", CODE)
    assert finding.message == "unknown instruction COPPY: did you mean COPY?"
