"""LW005: the non-root USER cannot write the WORKDIR its program writes to."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW005"

SEED_WITH_USER = (
    "FROM debian:bookworm-slim\n"
    "WORKDIR /mydir\n"
    "RUN apt-get update && apt-get install -y python3 && \\\n"
    "    useradd -m app\n"
    "USER app\n"
    'ENTRYPOINT ["/usr/local/bin/youtube-dl"]\n'
)


def test_fires_on_the_seed_permission_denied() -> None:
    findings = lint(SEED_WITH_USER, CODE)
    assert [f.line for f in findings] == [2]
    assert "youtube-dl" in findings[0].message


def test_fix_chowns_in_the_run_that_creates_the_user() -> None:
    findings = lint(SEED_WITH_USER, CODE)
    assert apply_fixes(SEED_WITH_USER, findings, unsafe=True) == (
        "FROM debian:bookworm-slim\n"
        "WORKDIR /mydir\n"
        "RUN apt-get update && apt-get install -y python3 && \\\n"
        "    useradd -m app && \\\n"
        "    mkdir -p /mydir && \\\n"
        "    chown app /mydir\n"
        "USER app\n"
        'ENTRYPOINT ["/usr/local/bin/youtube-dl"]\n'
    )


def test_volume_on_the_workdir_and_a_user_from_the_base() -> None:
    text = 'FROM node:22-slim\nWORKDIR /data\nVOLUME /data\nUSER node\nCMD ["node", "server.js"]\n'
    findings = lint(text, CODE)
    assert len(findings) == 1 and "VOLUME" in findings[0].message
    assert apply_fixes(text, findings, unsafe=True) == (
        "FROM node:22-slim\nWORKDIR /data\nVOLUME /data\nRUN mkdir -p /data && chown node /data\nUSER node\n"
        'CMD ["node", "server.js"]\n'
    )


def test_quiet_when_the_directory_is_given_to_the_user() -> None:
    chowned = "FROM debian:bookworm-slim\nWORKDIR /d\nRUN useradd app && chown app /d\nUSER app\nVOLUME /d\n"
    copied = "FROM debian:bookworm-slim\nWORKDIR /d\nCOPY --chown=app . .\nUSER app\nVOLUME /d\n"
    home = "FROM debian:bookworm-slim\nRUN useradd -m app\nWORKDIR /home/app\nUSER app\nVOLUME /home/app\n"
    after_user = "FROM debian:bookworm-slim\nRUN useradd app\nUSER app\nWORKDIR /d\nVOLUME /d\n"
    for text in (chowned, copied, home, after_user):
        assert lint(text, CODE) == [], text


def test_quiet_when_the_program_does_not_write_there_or_runs_as_root() -> None:
    server = 'FROM debian:bookworm-slim\nWORKDIR /app\nUSER nobody\nCMD ["./server"]\n'
    root = 'FROM debian:bookworm-slim\nWORKDIR /app\nVOLUME /app\nCMD ["./server"]\n'
    assert lint(server, CODE) == []
    assert lint(root, CODE) == []


def test_numeric_user_is_matched_to_the_user_created_with_that_uid() -> None:
    text = 'FROM debian:bookworm-slim\nWORKDIR /dl\nRUN useradd --uid 10001 app\nUSER 10001\nENTRYPOINT ["yt-dlp"]\n'
    fixed = apply_fixes(text, lint(text, CODE), unsafe=True)
    assert "RUN useradd --uid 10001 app && mkdir -p /dl && chown 10001 /dl\n" in fixed
