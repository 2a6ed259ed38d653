"""LW003: a cleanup in a later layer than the files it removes shrinks nothing."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW003"


def test_fires_and_moves_a_cleanup_only_run_into_the_previous_run() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y --no-install-recommends curl\n"
        "RUN apt-get clean && rm -rf /var/lib/apt/lists/*\n"
        'CMD ["curl"]\n'
    )
    findings = lint(text, CODE)
    assert [(f.line, f.column) for f in findings] == [(4, 5), (4, 22)]
    assert findings[0].fix is not None and findings[0].fix.applicability.value == "safe"
    assert apply_fixes(text, findings) == (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y --no-install-recommends curl && \\\n"
        "    apt-get clean && rm -rf /var/lib/apt/lists/*\n"
        'CMD ["curl"]\n'
    )


def test_pip_cache_and_tmp() -> None:
    text = "FROM python:3.12-slim\nRUN pip install flask\nRUN rm -rf /root/.cache /tmp/*\n"
    findings = lint(text, CODE)
    assert len(findings) == 1
    assert "pip cache" in findings[0].message or "temporary" in findings[0].message


def test_reports_without_fix_when_the_run_does_more() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update\n"
        "RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
    )
    findings = lint(text, CODE)
    assert len(findings) == 1 and findings[0].fix is None
    assert "apt lists" in findings[0].message


def test_no_fix_when_the_previous_instruction_is_not_the_maker() -> None:
    text = "FROM debian:bookworm-slim\nRUN apt-get update\nCOPY x /x\nRUN rm -rf /var/lib/apt/lists/*\n"
    findings = lint(text, CODE)
    assert len(findings) == 1 and findings[0].fix is None


def test_quiet_when_cleaned_in_the_same_run() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/lists/*\n"
        "RUN make && rm -rf /tmp/*\n"
        "RUN pip install x && rm -rf /root/.cache\n"
    )
    assert lint(text, CODE) == []


def test_only_stages_that_ship() -> None:
    text = "FROM debian:bookworm AS b\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM debian:bookworm-slim\n"
    assert lint(text, CODE) == []
