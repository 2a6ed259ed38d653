"""The fixer's rounds, conflict handling, validity guard and reasons, with stand-in rules (the
real rules' fixes are tested in tests/rules/hadolint and over the corpus in test_corpus.py)."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile
from layerwise.errors import LayerwiseError
from layerwise.fix import fixer
from layerwise.fix.fixer import CONFLICT, NO_FIX, UNSAFE, fix_text
from layerwise.lint.config import LintConfig
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Severity
from layerwise.variant import make_variant

REPO = Path(__file__).resolve().parents[2]

Rule = Callable[[Dockerfile], list[Finding]]


def finding(dockerfile: Dockerfile, code: str, at: int, fix: Fix | None) -> Finding:
    line = dockerfile.text.count("\n", 0, at) + 1
    return Finding(code, Severity.WARNING, f"{code} here", dockerfile.path, line, 1, line, 1, fix)


def add_yes(dockerfile: Dockerfile) -> list[Finding]:
    found = []
    for match in re.finditer(r"apt-get install(?![^\n]*-y)", dockerfile.text):
        fix = Fix("Add -y", (Edit.insert(match.end(), " -y"),))
        found.append(finding(dockerfile, "T001", match.start(), fix))
    return found


def add_quiet_same_spot(dockerfile: Dockerfile) -> list[Finding]:
    """Competes with add_yes for the same offset: must wait for the next round."""
    found = []
    for match in re.finditer(r"apt-get install(?![^\n]*-q)", dockerfile.text):
        fix = Fix("Add -q", (Edit.insert(match.end(), " -q"),))
        found.append(finding(dockerfile, "T002", match.start(), fix))
    return found


def drop_backslash(dockerfile: Dockerfile) -> list[Finding]:
    at = dockerfile.text.find(" \\\n")
    if at == -1:
        return []
    return [finding(dockerfile, "T003", at, Fix("Join lines badly", (Edit(at, at + 2, ""),)))]


def unsafe_and_unfixable(dockerfile: Dockerfile) -> list[Finding]:
    at = dockerfile.text.find("RUN")
    unsafe = Fix("Risky", (Edit.insert(at, "# risky\n"),), Applicability.UNSAFE)
    found = [finding(dockerfile, "T005", at, None)]
    return found if "# risky" in dockerfile.text else [finding(dockerfile, "T004", at, unsafe), *found]


def never_done(dockerfile: Dockerfile) -> list[Finding]:
    end = len(dockerfile.text.rstrip("\n"))
    return [finding(dockerfile, "T006", 0, Fix("More", (Edit.insert(end, " x"),)))]


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def use(*chosen: Rule) -> None:
        def lint(dockerfile: Dockerfile, config: LintConfig | None = None) -> list[Finding]:
            return [f for rule in chosen for f in rule(dockerfile)]

        monkeypatch.setattr(fixer, "lint_dockerfile", lint)

    return use


def test_conflicting_fixes_apply_over_rounds(rules: Callable[..., None]) -> None:
    rules(add_yes, add_quiet_same_spot)
    result = fix_text("FROM a\nRUN apt-get install curl\n")
    assert result.text in ("FROM a\nRUN apt-get install -q -y curl\n", "FROM a\nRUN apt-get install -y -q curl\n")
    assert result.rounds == 2
    assert sorted(f.code for f in result.fixed) == ["T001", "T002"]
    assert result.remaining == []


def test_fixing_twice_changes_nothing(rules: Callable[..., None]) -> None:
    rules(add_yes)
    once = fix_text("FROM a\nRUN apt-get install a && apt-get install b\n")
    twice = fix_text(once.text)
    assert twice.text == once.text and not twice.changed and twice.fixed == []


def test_a_fix_that_breaks_the_file_is_dropped_and_reported(rules: Callable[..., None]) -> None:
    rules(drop_backslash, add_yes)
    text = "FROM a\nRUN apt-get install curl \\\n    && echo done\n"
    result = fix_text(text)
    assert result.text == "FROM a\nRUN apt-get install -y curl \\\n    && echo done\n"
    assert [r.code for r in result.rejected] == ["T003"]
    assert "unknown instruction" in result.rejected[0].message
    [remaining] = result.remaining
    assert remaining.finding.code == "T003" and remaining.reason.startswith("fix rejected: ")


def test_reasons_for_remaining_findings(rules: Callable[..., None]) -> None:
    rules(unsafe_and_unfixable)
    result = fix_text("FROM a\nRUN b\n")
    assert not result.changed
    assert {r.finding.code: r.reason for r in result.remaining} == {"T004": UNSAFE, "T005": NO_FIX}
    result = fix_text("FROM a\nRUN b\n", unsafe=True)
    assert result.text.startswith("FROM a\n# risky\nRUN b")


def test_conflict_reason_when_rounds_cannot_settle_it(rules: Callable[..., None]) -> None:
    assert CONFLICT  # reported for an applicable fix still present after the last round
    rules(never_done)
    with pytest.raises(LayerwiseError, match="did not converge"):
        fix_text("FROM a\nRUN b\n")


def test_input_that_does_not_parse_is_an_error() -> None:
    with pytest.raises(LayerwiseError):
        fix_text("FROM a\nRUN <<EOF\nx\n")


def test_select_and_ignore_with_the_real_rules() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\n"
    config = LintConfig(shellcheck=False)
    only_yes = fix_text(text, config=config, select=["DL3014"])
    assert only_yes.text == "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    assert {r.finding.code for r in only_yes.remaining} == set()
    no_merge = fix_text(text, config=config, ignore=["DL3059"])
    assert "RUN apt-get update\nRUN" in no_merge.text
    everything = fix_text(text, config=config, unsafe=True)
    assert everything.text.startswith(
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install --no-install-recommends -y curl"
    )
    assert fix_text(everything.text, config=config, unsafe=True).text == everything.text


def test_multi_stage_moves_the_seed_download_to_a_builder_stage() -> None:
    seed = (REPO / "examples" / "youtube-dl" / "Dockerfile").read_text()
    result = fix_text(seed, unsafe=True, multi_stage=True)
    builder, final = result.text.split("\n\n", 1)
    assert builder.startswith("FROM debian:bookworm-slim AS fetch\n") and "curl -L -o" in builder
    assert "curl" not in final.replace("--from=fetch", "") and "COPY --from=fetch /usr/local/bin/youtube-dl" in final
    assert not fix_text(result.text, unsafe=True, multi_stage=True).changed
    assert "apt-get purge -y --auto-remove curl" in fix_text(seed, unsafe=True).text  # the default


def test_a_byte_order_mark_stays_first() -> None:
    """BuildKit strips a BOM only as the file's first character: a builder stage or a header put
    before it would turn `FROM` into an unknown instruction."""
    seed = (REPO / "examples" / "youtube-dl" / "Dockerfile").read_text()
    result = fix_text("\ufeff" + seed, unsafe=True, multi_stage=True)
    assert result.text.startswith("\ufeffFROM debian:bookworm-slim AS fetch\n")
    assert not [r for r in result.remaining if "rejected" in r.reason]
    assert make_variant(parse("\ufeff" + seed), "alpine").text.startswith("\ufeff# Generated by layerwise variant")


def test_a_rewrite_is_checked_by_buildkit_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """layerwise's parser accepts what BuildKit accepts; a rewrite is still shown to BuildKit."""
    from layerwise.dockerfile import parser
    from layerwise.errors import ParseError

    before = parse("FROM a\nRUN x\n")

    def rejecting(text: str, path: str, *rest: object) -> list[object]:
        raise ParseError("BuildKit says no", path, 2)

    monkeypatch.setattr(parser, "_buildkit_commands", rejecting)
    result = fixer.validate(before, "FROM a\nRUN y\n")
    assert result == "the result does not parse: BuildKit says no"
