"""LW004: an apt-based image that needs TLS may end up without ca-certificates."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW004"


def test_no_install_recommends_with_python_program() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends python3 \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        'ENTRYPOINT ["python3", "/app/fetch.py"]\n'
    )
    findings = lint(text, CODE)
    assert [(f.line, f.column) for f in findings] == [(2, 23)]
    assert "python3" in findings[0].message
    assert apply_fixes(text, findings, unsafe=True) == text.replace("python3 \\", "python3 ca-certificates \\", 1)


def test_seed_purge_auto_remove() -> None:
    text = (
        "FROM ubuntu:24.04\n"
        "RUN apt-get update && apt-get install -y curl python3 && \\\n"
        "    curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl && \\\n"
        "    apt-get purge -y --auto-remove curl\n"
        'ENTRYPOINT ["/usr/local/bin/youtube-dl"]\n'
    )
    findings = lint(text, CODE)
    assert len(findings) == 1 and "purge --auto-remove" in findings[0].message
    assert "curl python3 ca-certificates &&" in apply_fixes(text, findings, unsafe=True)


def test_https_url_in_a_builder_stage_that_ships_something() -> None:
    text = (
        "FROM debian:bookworm-slim AS fetch\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends curl && curl -fsSLO https://e.org/x\n"
        "FROM debian:bookworm-slim\n"
        "COPY --from=fetch /x /x\n"
    )
    assert [f.line for f in lint(text, CODE)] == [2]


def test_quiet_when_ca_certificates_is_installed_or_shipped_by_the_base() -> None:
    installed = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get install -y --no-install-recommends ca-certificates python3\n"
        'CMD ["python3"]\n'
    )
    python_base = 'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends git\nCMD ["git"]\n'
    assert lint(installed, CODE) == []
    assert lint(python_base, CODE) == []


def test_quiet_without_tls_or_without_the_risk() -> None:
    no_tls = 'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends tini\nCMD ["tini"]\n'
    recommends_kept = 'FROM debian:bookworm-slim\nRUN apt-get install -y python3\nCMD ["python3"]\n'
    alpine = 'FROM alpine:3.20\nRUN apk add --no-cache python3\nCMD ["python3"]\n'
    for text in (no_tls, recommends_kept, alpine):
        assert lint(text, CODE) == [], text


def test_update_ca_certificates_is_not_the_package() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends curl python3\n"
        "COPY test-ca.crt /usr/local/share/ca-certificates/test-ca.crt\n"
        "RUN update-ca-certificates\n"
    )
    assert [f.line for f in lint(text, CODE)] == [2]


def test_packages_in_a_variable_count() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN deps='ca-certificates curl' && apt-get install -y --no-install-recommends $deps python3\n"
        'CMD ["python3"]\n'
    )
    assert lint(text, CODE) == []
