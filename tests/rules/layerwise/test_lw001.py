"""LW001: the final image runs as root because no stage that ships sets a USER."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW001"


def fixed(text: str) -> str:
    return apply_fixes(text, lint(text, CODE), unsafe=True)


def test_fires_without_user() -> None:
    findings = lint('FROM debian:bookworm-slim\nCMD ["sleep", "1"]\n', CODE)
    assert [(f.line, f.code) for f in findings] == [(1, CODE)]
    assert findings[0].fix is not None and findings[0].fix.applicability.value == "unsafe"


def test_fires_when_only_a_build_stage_sets_user() -> None:
    text = "FROM debian:bookworm AS build\nUSER nobody\nRUN true\nFROM debian:bookworm-slim\nCOPY --from=build /x /x\n"
    assert [f.line for f in lint(text, CODE)] == [4]


def test_quiet_when_a_user_is_set() -> None:
    assert lint("FROM debian:bookworm-slim\nUSER 1000\n", CODE) == []
    assert lint("FROM debian:bookworm-slim\nUSER root\n", CODE) == []  # DL3002's case


def test_quiet_when_the_user_is_inherited_from_a_parent_stage() -> None:
    text = 'FROM debian:bookworm-slim AS base\nUSER 10001\nFROM base\nCMD ["x"]\n'
    assert lint(text, CODE) == []


def test_quiet_for_bases_that_set_a_user() -> None:
    assert lint("FROM gcr.io/distroless/static-debian12:nonroot\n", CODE) == []
    assert lint("FROM bitnami/redis:7.2\n", CODE) == []


def test_fix_appends_useradd_to_the_run_before_entrypoint() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y python3\n"
        "\n"
        'ENTRYPOINT ["python3"]\n'
    )
    assert fixed(text) == (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y python3 && \\\n"
        "    useradd --no-log-init --create-home --uid 10001 --user-group app\n"
        "\n"
        "USER 10001\n"
        'ENTRYPOINT ["python3"]\n'
    )


def test_fix_chowns_the_workdir_and_adds_a_run_when_none_precedes() -> None:
    text = 'FROM debian:bookworm-slim\nWORKDIR /data\nCOPY app.py .\nCMD ["python3", "app.py"]\n'
    assert fixed(text) == (
        "FROM debian:bookworm-slim\n"
        "WORKDIR /data\n"
        "COPY app.py .\n"
        "RUN useradd --no-log-init --create-home --uid 10001 --user-group app && chown app:app /data\n"
        "USER 10001\n"
        'CMD ["python3", "app.py"]\n'
    )


def test_fix_on_alpine_uses_adduser() -> None:
    text = 'FROM alpine:3.20\nRUN apk add --no-cache python3\nCMD ["python3"]\n'
    assert fixed(text) == (
        'FROM alpine:3.20\nRUN apk add --no-cache python3 && adduser -D -u 10001 app\nUSER 10001\nCMD ["python3"]\n'
    )


def test_fix_detects_the_family_from_the_package_manager() -> None:
    text = "FROM registry.example/base:1\nRUN apk add --no-cache tini\n"
    assert (
        fixed(text)
        == "FROM registry.example/base:1\nRUN apk add --no-cache tini && adduser -D -u 10001 app\nUSER 10001\n"
    )


def test_fix_without_a_shell_sets_a_numeric_user() -> None:
    text = 'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n'
    assert fixed(text).endswith('COPY --from=build /app /app\nUSER 10001\nENTRYPOINT ["/app"]\n')


def test_fix_reuses_a_user_the_dockerfile_creates() -> None:
    text = 'FROM debian:bookworm-slim\nRUN useradd -m worker\nCOPY x /x\nCMD ["/x"]\n'
    assert fixed(text) == 'FROM debian:bookworm-slim\nRUN useradd -m worker\nCOPY x /x\nUSER worker\nCMD ["/x"]\n'


def test_user_goes_after_the_last_build_instruction() -> None:
    text = 'FROM debian:bookworm-slim\nCMD ["a"]\nRUN touch /x\n'
    result = fixed(text)
    assert result.index("USER 10001") > result.index("RUN touch /x")


def test_quiet_for_dev_container_bases() -> None:
    assert lint("ARG VARIANT=bullseye\nFROM mcr.microsoft.com/vscode/devcontainers/base:${VARIANT}\n", CODE) == []


def test_quiet_for_windows_bases() -> None:
    assert lint("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n", CODE) == []


def test_no_fix_after_a_continuation_left_open_at_the_end_of_the_file() -> None:
    (finding,) = lint("FROM debian:bookworm-slim\nENV A=1 \\\n", CODE)
    assert finding.fix is None
