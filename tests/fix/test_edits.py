from dataclasses import dataclass

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Span
from layerwise.fix.apply import apply_edits
from layerwise.fix.cleanup import layer_stages
from layerwise.fix.edits import append_command, continuation_indent, delete_word, mount_options, mounts_cover


@dataclass
class Word:
    span: Span


def word_at(text: str, needle: str) -> Word:
    start = text.index(needle)
    return Word(Span(start, start + len(needle), 1, 1, 1, 1))


def test_delete_word_inline() -> None:
    text = "RUN apk add --update curl"
    assert apply_edits(text, [delete_word(text, word_at(text, "--update"))]) == "RUN apk add curl"


def test_delete_word_alone_on_its_continuation_line_takes_the_line() -> None:
    text = "RUN apk add \\\n    --update \\\n    curl"
    assert apply_edits(text, [delete_word(text, word_at(text, "--update"))]) == "RUN apk add \\\n    curl"


def test_delete_word_first_on_its_line_keeps_the_indentation() -> None:
    text = "RUN apk add \\\n    --update curl"
    assert apply_edits(text, [delete_word(text, word_at(text, "--update"))]) == "RUN apk add \\\n    curl"


def append(text: str, command: str = "rm -rf /x") -> str:
    dockerfile = parse(text)
    edit = append_command(dockerfile, dockerfile.instructions[-1], command)
    return text if edit is None else apply_edits(text, [edit])


def test_append_on_one_line() -> None:
    assert append("FROM a\nRUN apt-get update;\n") == "FROM a\nRUN apt-get update && rm -rf /x;\n"


def test_append_on_a_continuation_line_with_the_same_indent() -> None:
    text = "FROM a\nRUN a \\\n\t&& b\n"
    assert append(text) == "FROM a\nRUN a \\\n\t&& b && \\\n\trm -rf /x\n"
    assert continuation_indent(text, parse(text).instructions[1]) == "\t"


def test_append_refused_after_a_comment_or_background_job() -> None:
    for text in ("FROM a\nRUN b # c\n", "FROM a\nRUN b &\n", 'FROM a\nRUN ["b"]\n'):
        assert append(text) == text


def test_mounts() -> None:
    assert mount_options("type=cache,target=/x,sharing=locked")["sharing"] == "locked"
    dockerfile = parse(
        "FROM a\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=bind,target=/root/.cache/pip x\n"
    )
    run = dockerfile.instructions[1]
    assert mounts_cover(run, "/var/lib/apt/lists")
    assert mounts_cover(run, "/var/lib/apt")
    assert not mounts_cover(run, ".cache/pip")  # a bind mount keeps nothing out of the layer


def test_layer_stages_follow_from_not_copy() -> None:
    dockerfile = parse("FROM a AS base\nRUN x\nFROM a AS build\nRUN y\nFROM base\nCOPY --from=build /o /o\n")
    assert layer_stages(dockerfile) == {0, 2}
