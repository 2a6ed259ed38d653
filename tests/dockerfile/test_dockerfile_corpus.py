"""Every real-world and conformance Dockerfile: spans agree with BuildKit and stay lossless."""

from __future__ import annotations

import contextlib
import random
import time
from pathlib import Path

import pytest
from dockerfile_helpers import shared_dir

import dockerfile as buildkit
from layerwise.dockerfile import Dockerfile, Instruction, parse
from layerwise.dockerfile.parser import for_buildkit
from layerwise.errors import ParseError

CORPUS = shared_dir() / "corpus" / "dev"
CONFORMANCE = shared_dir() / "conformance" / "buildkit-parser" / "testfiles"


def _files() -> list[Path]:
    corpus = sorted(p for p in CORPUS.iterdir() if p.name != "manifest.tsv") if CORPUS.exists() else []
    conformance = sorted(CONFORMANCE.glob("*/Dockerfile")) if CONFORMANCE.exists() else []
    return corpus + conformance


FILES = _files()


def _check_spans(model: Dockerfile) -> None:
    commands = buildkit.parse_string(model.text)
    assert len(commands) == len(model.instructions)
    previous_end = 0
    for ins, command in zip(model.instructions, commands, strict=True):
        assert ins.span.start >= previous_end, "instructions overlap or are out of order"
        previous_end = ins.span.end
        assert ins.source == model.text[ins.span.start : ins.span.end]
        assert ins.source.lower().startswith(command.cmd.lower())
        assert (ins.span.line, ins.span.end_line) == (command.start_line, command.end_line)
        ours = [v.replace("\0", "") for v in ins.values]  # the C binding drops NULs
        assert ours == list(command.value) or ins.onbuild is not None
        assert ins.is_json == bool(command.json) or ins.onbuild is not None
        _check_parts(model, ins)


def _check_lossless(model: Dockerfile) -> None:
    """Outside instructions, comments and directives there is only white space."""
    covered = [i.span for i in model.instructions]
    covered += [c.span for c in model.comments] + [d.span for d in model.directives]
    position = 0
    for span in sorted(covered, key=lambda s: s.start):
        assert model.text[position : span.start].replace("\ufeff", "").strip() == ""
        position = max(position, span.end)
    assert model.text[position:].strip() == ""


def _check_parts(model: Dockerfile, ins: Instruction) -> None:
    """Keyword, flags and arguments lie inside the instruction, in order."""
    inside = (ins.span.start, ins.span.end)
    assert model.text[ins.keyword_span.start : ins.keyword_span.end].upper() == ins.keyword
    position = ins.keyword_span.end
    for part in [f.span for f in ins.flags] + [a.span for a in ins.arguments]:
        assert inside[0] <= part.start <= part.end <= inside[1]
        assert part.start >= position
        position = part.end
    for flag in ins.flags:
        assert model.text[flag.span.start : flag.span.end].startswith("--")


@pytest.mark.skipif(not FILES, reason=f"shared corpus not found under {shared_dir()}")
def test_every_file_parses_with_buildkit_spans() -> None:
    rejected = 0
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        try:
            model = parse(text, str(path))
        except ParseError:
            with pytest.raises(buildkit.GoParseError):
                buildkit.parse_string(text)
            rejected += 1
            continue
        _check_spans(model)
        _check_lossless(model)
    assert rejected <= 5


@pytest.mark.skipif(not FILES, reason=f"shared corpus not found under {shared_dir()}")
def test_corpus_parses_fast() -> None:
    texts = [path.read_text(encoding="utf-8") for path in FILES]
    started = time.process_time()  # CPU time: other work on a shared machine does not count
    for text in texts:
        with contextlib.suppress(ParseError):
            parse(text)
    elapsed = time.process_time() - started
    assert elapsed < 2.0, f"parsing {len(texts)} files took {elapsed:.2f}s"


# Pieces that stress the scanner and the argument splitting: quotes, escapes, continuations,
# JSON, name=value pairs, heredocs, expansions, directives, NUL and a byte-order mark.
MUTATIONS = ['"', "'", "\\", "\n", "[", "]", ",", "=", " ", "\t", "#", "<<EOF\n", "EOF\n", "`", "$", "{", "}",
             "\r\n", "ENV ", "ARG ", "LABEL ", "CMD [", "RUN ", "ONBUILD ", "HEALTHCHECK ", "# escape=`\n",
             "COPY <<-E\n", "\\\n", "\n\n", "--", '=""', "${A:-x}", "${A/b}", "\x00", "\ufeff"]  # fmt: skip


def _mutant(rng: random.Random, texts: list[str]) -> str:
    lines = rng.choice(texts).split("\n")
    start = rng.randrange(len(lines))
    text = "\n".join(lines[start : start + rng.randint(1, 15)])
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.6:
            text = text[:at] + rng.choice(MUTATIONS) + text[at:]
        else:
            text = text[:at] + text[at + rng.randint(1, 5) :]
    return text


@pytest.mark.skipif(not FILES, reason=f"shared corpus not found under {shared_dir()}")
def test_mutated_corpus_text_parses_like_buildkit() -> None:
    """layerwise parses without BuildKit's parser unless it finds an error: on thousands of
    damaged pieces of real files, both must give the same verdict, instructions and values."""
    rng = random.Random(20261128)
    texts = [path.read_text(encoding="utf-8") for path in FILES]
    for _ in range(5000):
        text = _mutant(rng, texts)
        try:
            commands = list(buildkit.parse_string(for_buildkit(text)))
        except buildkit.GoParseError:
            with pytest.raises(ParseError):
                parse(text)
            continue
        model = parse(text)
        assert len(model.instructions) == len(commands), text
        for ins, command in zip(model.instructions, commands, strict=True):
            assert (ins.span.line, ins.span.end_line) == (command.start_line, command.end_line), text
            if ins.onbuild is None and not any("\0" in v for v in ins.values):  # the C binding cuts at NUL
                assert (ins.values, ins.is_json) == (list(command.value), bool(command.json)), text
