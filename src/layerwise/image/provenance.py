"""Match an image's history to the Dockerfile that claims to have built it.

History strings follow the builders' formats (reference §5): classic `/bin/sh -c #(nop) ...` for
metadata, `COPY file:<hash> in <dest>`, `|N k=v` build-arg prefixes on RUN; BuildKit writes the
instruction itself, with ` # buildkit` after RUN/COPY/ADD. Both sides are normalised, then aligned
in order (a dynamic programme that lets the base image's own history go unmatched at the start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from layerwise.image.model import HistoryEntry

NOP = re.compile(r"^(?P<shell>\S+(?: \S+)*? -c) #\(nop\) ?")
ARGS_PREFIX = re.compile(r"^\|(\d+)\s+")
CLASSIC_COPY = re.compile(r"^(COPY|ADD) (?:file|dir|multi):\S+ in (?P<dest>.*?)\s*$")
GO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
KEYWORDS = {
    "RUN", "COPY", "ADD", "ENV", "ARG", "LABEL", "WORKDIR", "USER", "EXPOSE", "VOLUME", "STOPSIGNAL",
    "HEALTHCHECK", "SHELL", "ONBUILD", "ENTRYPOINT", "CMD", "MAINTAINER",
}  # fmt: skip
EXACT, WEAK = 2, 1


@dataclass
class Step:
    """One side of the alignment, normalised: an instruction keyword and the text that identifies it."""

    keyword: str
    text: str
    keys: tuple[str, ...] = ()  # ENV/ARG/LABEL names, EXPOSE ports, CMD/ENTRYPOINT words


@dataclass
class Pair:
    line: int
    instruction: str
    history_index: int
    created_by: str
    exact: bool


@dataclass
class ProvenanceResult:
    dockerfile: str
    matched: list[Pair] = field(default_factory=list)
    differs: list[Pair] = field(default_factory=list)  # same kind of instruction, other content
    missing: list[tuple[int, str]] = field(default_factory=list)  # (line, instruction) with no history
    extra: list[tuple[int, str]] = field(default_factory=list)  # (history index, created_by) unexplained
    base_entries: int = 0  # history entries attributed to the base image

    @property
    def ok(self) -> bool:
        return not (self.differs or self.missing or self.extra)


def collapse(text: str) -> str:
    return " ".join(text.split())


def split_keys(text: str) -> tuple[str, ...]:
    """Names of `k=v k2=v2` or `k v` pairs (values may be quoted)."""
    names = re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_.\-]*)=", text)
    if names:
        return tuple(sorted(set(names)))
    first = text.split(maxsplit=1)
    return (first[0],) if first else ()


def port_keys(text: str) -> tuple[str, ...]:
    ports = re.findall(r"(\d+)(?:/(tcp|udp|sctp))?", text)
    return tuple(sorted({f"{port}/{proto or 'tcp'}" for port, proto in ports}))


def history_step(created_by: str) -> Step:
    text = created_by.strip()
    text = text.removesuffix("# buildkit").rstrip()
    nop = NOP.match(text)
    if nop:
        return _metadata_step(text[nop.end() :].strip())
    keyword = text.split(" ", 1)[0]
    if keyword in KEYWORDS:  # BuildKit: the instruction as written
        rest = text[len(keyword) :].strip()
        if keyword == "RUN":
            return Step("RUN", collapse(_strip_run_prefixes(rest)))
        return _metadata_step(f"{keyword} {rest}")
    return Step("RUN", collapse(_strip_run_prefixes(text)))  # classic RUN


def _strip_run_prefixes(text: str) -> str:
    prefix = ARGS_PREFIX.match(text)
    if prefix:
        words = text[prefix.end() :].split(" ")
        text = " ".join(words[int(prefix.group(1)) :])
    for shell in ("/bin/sh -c ", "/bin/bash -c ", "cmd /S /C ", "powershell -command "):
        if text.startswith(shell):
            return text[len(shell) :]
    match = re.match(r"^\S+ -c ", text)  # a SHELL override
    return text[match.end() :] if match else text


def _metadata_step(text: str) -> Step:
    keyword, _, rest = text.partition(" ")
    keyword = keyword.upper()
    rest = rest.strip()
    copy = CLASSIC_COPY.match(text)
    if copy:
        return Step(keyword, collapse(copy.group("dest")), ("classic",))
    if keyword in ("COPY", "ADD"):
        words = [w for w in rest.split() if not w.startswith("--")]
        return Step(keyword, words[-1] if words else "", ())
    if keyword in ("ENV", "ARG", "LABEL"):
        return Step(keyword, collapse(rest), split_keys(rest))
    if keyword == "EXPOSE":
        return Step(keyword, collapse(rest), port_keys(rest))
    if keyword in ("CMD", "ENTRYPOINT"):
        return Step(
            keyword, collapse(rest), tuple(bytes(w, "utf-8").decode("unicode_escape") for w in GO_STRING.findall(rest))
        )
    return Step(keyword, collapse(rest))


def instruction_step(keyword: str, values: list[str], is_json: bool, expanded: str, shell: list[str]) -> Step:
    """An instruction of the Dockerfile, in the form history would record it."""
    if keyword == "RUN":
        text = " ".join(values)
        return Step("RUN", collapse(_strip_run_prefixes(text) if is_json else text))
    if keyword in ("COPY", "ADD"):
        return Step(keyword, collapse(values[-1]) if values else "", ())
    if keyword in ("ENV", "LABEL"):
        return Step(keyword, collapse(expanded), tuple(sorted(set(values[0::2]))))
    if keyword == "ARG":
        return Step(keyword, collapse(expanded), tuple(sorted({value.split("=", 1)[0] for value in values})))
    if keyword == "EXPOSE":
        return Step(keyword, collapse(expanded), port_keys(expanded))
    if keyword in ("CMD", "ENTRYPOINT"):
        words = tuple(values) if is_json else (*shell, " ".join(values))
        return Step(keyword, collapse(" ".join(values)), words)
    return Step(keyword, collapse(expanded))


def score(history: Step, instruction: Step) -> int:
    if history.keyword != instruction.keyword:
        return 0
    keyword = history.keyword
    if keyword in ("ENV", "ARG", "LABEL", "EXPOSE", "CMD", "ENTRYPOINT"):
        return EXACT if history.keys == instruction.keys else WEAK
    if keyword in ("COPY", "ADD"):
        return EXACT if _same_dest(history.text, instruction.text) else WEAK
    if keyword in ("RUN", "WORKDIR", "USER"):
        return (
            EXACT
            if history.text == instruction.text or history.text.rstrip("/") == instruction.text.rstrip("/")
            else WEAK
        )
    return EXACT  # VOLUME, STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER: the kind is enough


def _same_dest(left: str, right: str) -> bool:
    return left.rstrip("/") == right.rstrip("/") or (left in ("./", ".") and right in ("./", "."))


def align(history: list[Step], instructions: list[Step]) -> list[tuple[int | None, int | None, int]]:
    """Best in-order pairing: (history index, instruction index, score); None on the unpaired side.

    Unpaired history before the first pair is the base image's and costs nothing.
    """
    rows, cols = len(history), len(instructions)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for j in range(1, cols + 1):
        best[0][j] = -j
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            s = score(history[i - 1], instructions[j - 1])
            pair = best[i - 1][j - 1] + (s if s else -10)
            best[i][j] = max(pair, best[i - 1][j] - 1, best[i][j - 1] - 1)
    path: list[tuple[int | None, int | None, int]] = []
    i, j = rows, cols
    while j > 0 and i > 0:
        s = score(history[i - 1], instructions[j - 1])
        if s and best[i][j] == best[i - 1][j - 1] + s:
            path.append((i - 1, j - 1, s))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j] - 1:
            path.append((i - 1, None, 0))
            i -= 1
        else:
            path.append((None, j - 1, 0))
            j -= 1
    path.extend((None, jj, 0) for jj in reversed(range(j)))
    path.extend((ii, None, 0) for ii in reversed(range(i)))
    path.reverse()
    return path


def match_dockerfile(history: list[HistoryEntry], dockerfile_path: str | Path) -> ProvenanceResult:
    from layerwise.dockerfile import parse_file

    dockerfile = parse_file(dockerfile_path)
    instructions = _built_instructions(dockerfile)
    result = ProvenanceResult(str(dockerfile_path))
    start = next((k for k, e in enumerate(history) if e.comment == "buildkit.dockerfile.v0"), None)
    history_steps = [history_step(entry.created_by) for entry in history]
    if start is not None:  # BuildKit marks its own entries: everything before is the base image
        result.base_entries = start
        # BuildKit records ONBUILD only in the config, never as a history entry
        instructions = [item for item in instructions if item[2].keyword != "ONBUILD"]
    offset = result.base_entries
    pairs = align(history_steps[offset:], [step for _, _, step in instructions])
    seen_pair = False
    for h_index, i_index, s in pairs:
        h_abs = None if h_index is None else h_index + offset
        if h_abs is not None and i_index is not None:
            seen_pair = True
            line, source, _ = instructions[i_index]
            pair = Pair(line, source, h_abs, history[h_abs].created_by, s == EXACT)
            (result.matched if s == EXACT else result.differs).append(pair)
        elif i_index is not None:
            line, source, _ = instructions[i_index]
            result.missing.append((line, source))
        elif h_abs is not None:
            if not seen_pair and start is None:
                result.base_entries += 1
            else:
                result.extra.append((h_abs, history[h_abs].created_by))
    return result


def _built_instructions(dockerfile: object) -> list[tuple[int, str, Step]]:
    """(line, source, step) for the final stage and the stages it is built FROM, in build order."""
    from layerwise.dockerfile.variables import compute_scopes, expand

    scopes = compute_scopes(dockerfile)  # type: ignore[arg-type]
    chain = []
    stage = dockerfile.final_stage  # type: ignore[attr-defined]
    while stage is not None:
        chain.append(stage)
        parent = dockerfile.stage_by_name(stage.base) if stage.base else None  # type: ignore[attr-defined]
        stage = parent if parent is not None and parent.index < stage.index else None
    steps: list[tuple[int, str, Step]] = []
    shell = ["/bin/sh", "-c"]
    for stage in reversed(chain):
        for ins in stage.instructions:
            if ins.keyword == "FROM":
                continue
            if ins.keyword == "SHELL" and ins.values:
                shell = list(ins.values)
            env = scopes.before.get(id(ins), {})
            text = " ".join(ins.values)
            expanded = expand(text, env, dockerfile.escape, keep_unresolved=True).value  # type: ignore[attr-defined]
            step = instruction_step(ins.keyword, list(ins.values), ins.is_json, expanded, shell)
            steps.append((ins.line, ins.source.splitlines()[0][:200] if ins.source else ins.keyword, step))
    return steps
