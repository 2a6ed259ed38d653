"""LW002: a download tool installed for the build stays in the image."""

from __future__ import annotations

from rules.helpers import apply_fixes, lint

CODE = "LW002"


def fixed(text: str) -> str:
    return apply_fixes(text, lint(text, CODE), unsafe=True)


SEED_MERGED = (
    "FROM debian:bookworm-slim\n"
    "RUN apt-get update && apt-get install -y \\\n"
    "    curl python3 && \\\n"
    "    curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl && \\\n"
    "    chmod a+x /usr/local/bin/youtube-dl\n"
    'ENTRYPOINT ["/usr/local/bin/youtube-dl"]\n'
)


def test_fires_on_the_seed_and_points_at_the_package() -> None:
    findings = lint(SEED_MERGED, CODE)
    assert [(f.line, f.column) for f in findings] == [(3, 5)]


def test_fix_purges_after_last_use_and_keeps_ca_certificates() -> None:
    assert fixed(SEED_MERGED) == (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y \\\n"
        "    curl python3 ca-certificates && \\\n"
        "    curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl && \\\n"
        "    chmod a+x /usr/local/bin/youtube-dl && \\\n"
        "    apt-get purge -y --auto-remove curl\n"
        'ENTRYPOINT ["/usr/local/bin/youtube-dl"]\n'
    )


def test_fix_goes_before_the_apt_lists_cleanup() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y wget ca-certificates \\\n"
        "    && wget -q https://example.com/x.tgz \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )
    assert fixed(text) == (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y wget ca-certificates \\\n"
        "    && wget -q https://example.com/x.tgz \\\n"
        "    && apt-get purge -y --auto-remove wget \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )


def test_fix_on_alpine_uses_apk_del() -> None:
    text = "FROM alpine:3.20\nRUN apk add --no-cache curl && curl -fsSLo /x https://example.com/x\n"
    assert fixed(text) == (
        "FROM alpine:3.20\nRUN apk add --no-cache curl && curl -fsSLo /x https://example.com/x && apk del curl\n"
    )


def test_no_ca_certificates_added_without_tls() -> None:
    text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && curl -o /x http://10.0.0.1/x\n"
    assert "ca-certificates" not in fixed(text)
    assert "apt-get purge -y --auto-remove curl" in fixed(text)


def test_uses_in_another_run_are_reported_without_fix() -> None:
    text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN curl -o /x https://e.org/x\n"
    findings = lint(text, CODE)
    assert len(findings) == 1 and findings[0].fix is None
    assert "merge the RUNs" in findings[0].message


def test_quiet_when_removed_or_used_at_run_time() -> None:
    purged = "FROM debian:bookworm-slim\nRUN apt-get install -y curl && curl -o /x h && apt-get purge -y curl\n"
    virtual = "FROM alpine:3.20\nRUN apk add --virtual .deps curl && curl -o /x h && apk del .deps\n"
    healthcheck = "FROM debian:bookworm-slim\nRUN apt-get install -y curl && curl -o /x h\nHEALTHCHECK CMD curl -f http://localhost/\n"
    entrypoint = 'FROM debian:bookworm-slim\nRUN apt-get install -y wget && wget h\nENTRYPOINT ["wget"]\n'
    for text in (purged, virtual, healthcheck, entrypoint):
        assert lint(text, CODE) == [], text


def test_quiet_when_never_used_in_a_run_or_only_in_a_builder() -> None:
    unused = "FROM debian:bookworm-slim\nRUN apt-get install -y curl\n"
    builder = "FROM debian:bookworm AS b\nRUN apt-get install -y curl && curl -o /x h\nFROM debian:bookworm-slim\nCOPY --from=b /x /x\n"
    assert lint(unused, CODE) == []
    assert lint(builder, CODE) == []


def test_quiet_for_the_apt_mark_auto_idiom() -> None:
    text = (
        "FROM debian:bookworm-slim\n"
        'RUN set -eux; saved="$(apt-mark showmanual)"; apt-get update; \\\n'
        "    apt-get install -y --no-install-recommends ca-certificates wget; \\\n"
        "    wget -O /x https://e.org/x; \\\n"
        "    apt-mark auto '.*' > /dev/null; apt-mark manual $saved; \\\n"
        "    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n"
    )
    assert lint(text, CODE) == []


SEED_ONE_RUN = """\
FROM debian:bookworm-slim
WORKDIR /mydir
RUN apt-get update && apt-get install -y curl python3 && \\
    curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl && \\
    chmod a+x /usr/local/bin/youtube-dl && \\
    rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/usr/local/bin/youtube-dl"]
"""


def test_multi_stage_fix_downloads_in_a_builder_stage() -> None:
    findings = lint(SEED_ONE_RUN, CODE, multi_stage=True)
    assert findings[0].fix is not None and "builder stage" in findings[0].fix.title
    assert apply_fixes(SEED_ONE_RUN, findings, unsafe=True) == (
        "FROM debian:bookworm-slim AS fetch\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && \\\n"
        "    curl -L -o /usr/local/bin/youtube-dl https://yt-dl.org/downloads/latest/youtube-dl && \\\n"
        "    chmod a+x /usr/local/bin/youtube-dl\n"
        "\n"
        "FROM debian:bookworm-slim\n"
        "WORKDIR /mydir\n"
        "RUN apt-get update && apt-get install -y python3 && \\\n"
        "    rm -rf /var/lib/apt/lists/*\n"
        "COPY --from=fetch /usr/local/bin/youtube-dl /usr/local/bin/youtube-dl\n"
        'ENTRYPOINT ["/usr/local/bin/youtube-dl"]\n'
    )


def test_multi_stage_keeps_args_and_envs_and_falls_back_to_the_purge() -> None:
    versioned = (
        "FROM debian:bookworm-slim AS fetch\nFROM debian:bookworm-slim\nARG VERSION=1.2\nENV DEST=/opt\n"
        "RUN apk add curl && curl -fsSLo /opt/tool http://127.0.0.1/tool-${VERSION}\n"
    )
    fixed = apply_fixes(versioned, lint(versioned, CODE, multi_stage=True), unsafe=True)
    assert fixed.startswith(
        "FROM debian:bookworm-slim AS fetch\n"
        "FROM debian:bookworm-slim AS fetch-2\nARG VERSION=1.2\nENV DEST=/opt\n"
        "RUN apk add --no-cache curl && \\\n    curl -fsSLo /opt/tool http://127.0.0.1/tool-${VERSION}\n\n"
    )
    assert fixed.endswith("COPY --from=fetch-2 /opt/tool /opt/tool\n")
    # the directory the file goes to is made in the builder too
    nested = (
        "FROM debian:bookworm-slim\nRUN apt-get install -y curl && mkdir -p /opt/a && curl -o /opt/a/x http://h/x\n"
    )
    staged = apply_fixes(nested, lint(nested, CODE, multi_stage=True), unsafe=True)
    assert (
        "RUN apt-get update && apt-get install -y --no-install-recommends curl && \\\n    mkdir -p /opt/a && \\\n"
        in staged
    )
    assert staged.endswith("RUN mkdir -p /opt/a\nCOPY --from=fetch /opt/a/x /opt/a/x\n")
    # piped into a shell, extracted later in the RUN, or written to a relative path: purge instead
    for script in (
        "curl -fsSL http://127.0.0.1/install.sh | sh",
        "curl -o /tmp/x.tgz http://127.0.0.1/x.tgz && tar -xzf /tmp/x.tgz -C /opt",
        "curl -o x.tgz http://127.0.0.1/x.tgz",
    ):
        text = f"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && {script}\n"
        fix = lint(text, CODE, multi_stage=True)[0].fix
        assert fix is not None and fix.title.startswith("Remove curl"), script


def test_multi_stage_only_when_root_makes_the_file() -> None:
    """A builder stage runs as root; a download a non-root USER made is purged in place instead."""
    for user, staged in (("app", False), ("1000:1000", False), ("root:staff", True), ("0:1000", True)):
        text = f"FROM debian:bookworm-slim\nUSER {user}\nRUN apt-get install -y curl && curl -o /opt/x http://h/x\n"
        fix = lint(text, CODE, multi_stage=True)[0].fix
        assert fix is not None and ("builder stage" in fix.title) is staged, user
