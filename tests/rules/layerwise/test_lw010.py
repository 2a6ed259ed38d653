"""LW010: TLS or signature verification turned off."""

from __future__ import annotations

from rules.helpers import lint

CODE = "LW010"


def test_fires_on_insecure_switches() -> None:
    for run in (
        "curl -fsSLk -o /x https://e.org/x",
        "curl --insecure https://e.org/x",
        "wget --no-check-certificate https://e.org/x",
        "pip install --trusted-host pypi.example.org flask",
        "git -c http.sslVerify=false clone https://e.org/r.git",
        "git config --global http.sslVerify false",
        "npm config set strict-ssl false",
        "apt-get install -y --allow-unauthenticated x",
        "apk add --allow-untrusted /tmp/x.apk",
        "yum install -y --nogpgcheck x",
    ):
        findings = lint(f"FROM debian:bookworm-slim\nRUN {run}\n", CODE)
        assert len(findings) == 1, run


def test_fires_on_insecure_environment() -> None:
    for env in (
        "ENV GIT_SSL_NO_VERIFY=1",
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=0",
        "ENV PYTHONHTTPSVERIFY 0",
        "ARG PIP_TRUSTED_HOST=x",
    ):
        assert len(lint(f"FROM debian:bookworm-slim\n{env}\n", CODE)) == 1, env


def test_quiet_for_verified_use() -> None:
    for line in (
        "RUN curl -fsSL -o /x https://e.org/x",
        "RUN wget -q https://e.org/x",
        "RUN git config --global http.sslVerify true",
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=1",
        "ARG GIT_SSL_NO_VERIFY",
        "RUN pip install --index-url https://e.org/simple flask",
    ):
        assert lint(f"FROM debian:bookworm-slim\n{line}\n", CODE) == [], line
