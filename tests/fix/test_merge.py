"""DL3059's fix: joining RUNs so the merged one fails exactly when an original would have."""

import subprocess

import pytest

from layerwise.dockerfile import parse
from layerwise.fix.apply import apply_edits
from layerwise.fix.merge import merge_fix, not_joinable, run_groups, stage_shell


def merged(text: str) -> str:
    dockerfile = parse(text)
    edits = [e for s in dockerfile.stages for g in run_groups(dockerfile, s) for e in merge_fix(dockerfile, g).edits]
    out = apply_edits(text, edits)
    parse(out)  # still a valid Dockerfile
    return out


def test_update_joined_with_install() -> None:
    text = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n"
    assert merged(text) == "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\n"


def test_keeps_comments_drops_blank_lines_and_trailing_semicolon() -> None:
    text = "FROM debian\nRUN a && \\\n  b;\n# why c\n\nRUN c\n"
    assert merged(text) == "FROM debian\nRUN a && \\\n  b && \\\n  # why c\n  c\n"


def test_groups_right_hand_scripts_and_isolates_state() -> None:
    text = "FROM debian\nRUN cd /src && make\nRUN a; b || true\nRUN export A=1\n"
    assert merged(text) == ("FROM debian\nRUN ( cd /src && make ) && \\\n    { a; b || true; } && \\\n    export A=1\n")


def test_set_e_only_last() -> None:
    text = "FROM debian\nRUN set -e; a; b\nRUN c\n"
    assert merged(text) == text
    text = "FROM debian\nRUN c\nRUN set -e; a; b\n"
    assert merged(text) == "FROM debian\nRUN c && \\\n    { set -e; a; b; }\n"


def test_errexit_shell_needs_plain_chains_on_the_left() -> None:
    text = 'FROM debian\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN a; b\nRUN c && d\nRUN e; f\n'
    assert merged(text).endswith("RUN a; b\nRUN c && d && \\\n    { e; f; }\n")


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        ('RUN ["echo", "x"]', "exec form"),
        ("RUN <<EOF\necho x\nEOF", "heredoc"),
        ("RUN --mount=type=cache,target=/root/.cache b", "different flags"),
        ("RUN b # note", "the shell sees a comment"),
        ("RUN b &", "a command runs in the background"),
    ],
)
def test_not_joinable(second: str, reason: str) -> None:
    dockerfile = parse(f"FROM debian\nRUN a\n{second}\n")
    first, other = dockerfile.instructions[1], dockerfile.instructions[2]
    assert not_joinable(dockerfile, first, other) == reason


def test_pragma_between_blocks_merge() -> None:
    text = "FROM debian\nRUN a\n# hadolint ignore=DL3008\nRUN b\n"
    assert merged(text) == text


def test_non_posix_shell_is_left_alone() -> None:
    dockerfile = parse('FROM w\nSHELL ["pwsh", "-Command"]\nRUN a\n')
    assert not stage_shell(dockerfile, dockerfile.instructions[2]).posix
    text = 'FROM w\nSHELL ["pwsh", "-Command"]\nRUN a\nRUN b\n'
    assert merged(text) == text


def test_stages_are_never_joined() -> None:
    text = "FROM debian AS a\nRUN x\nFROM a\nRUN y\n"
    assert merged(text) == text


def test_escape_directive_is_used_for_continuations() -> None:
    text = "# escape=`\nFROM debian\nRUN a\nRUN b\n"
    assert merged(text) == "# escape=`\nFROM debian\nRUN a && `\n    b\n"


SCRIPTS = [
    ("false; true", "true"),
    ("true", "false || false"),
    ("cd /tmp", 'test "$PWD" = /'),
    ("exit 0", "false"),
    ("true; false", "true"),
    ("X=1", 'test -z "$X"'),
]


@pytest.mark.parametrize(("first", "second"), SCRIPTS)
def test_merged_script_fails_exactly_when_an_original_does(first: str, second: str) -> None:
    """Run the originals and the merge with /bin/sh, from / (the build's WORKDIR)."""
    merged_text = merged(f"FROM x\nRUN {first}\nRUN {second}\n")
    script = parse(merged_text).instructions[1].args_span
    assert script is not None
    joined = merged_text[script.start : script.end].replace("\\\n", "")

    def status(code: str) -> int:
        return subprocess.run(["/bin/sh", "-c", code], cwd="/", check=False).returncode

    original_fails = status(first) != 0 or status(second) != 0
    assert (status(joined) != 0) == original_fails, joined
