"""Proof with the real engine: every fixed Dockerfile (safe, and safe+unsafe) builds, passes the
same smoke command as the original, is never larger, and is smaller where the original had waste.
Where a download can move to a builder stage, `slim` also builds that version; it must pass too,
and the smaller of the two is the one kept.

This drives `slim`'s loop, which builds the original and the fixed version and runs the smoke
checks in both; here, unlike in `slim`, no fix may need to be dropped.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import docker
import pytest

from fix_builds.harness import Case, load_cases, record
from layerwise.slim.loop import SlimOutcome, SlimRequest, slim

CASES = load_cases()
# A non-root user costs a few kilobytes (/etc/passwd and friends, a home from /etc/skel): the one
# growth a fix may bring, and only when it adds the user.
USER_ACCOUNT_BYTES = 16 * 1024


def _size(client: docker.DockerClient, image_id: str) -> int:
    return int(client.images.get(image_id).attrs["Size"])


def _run_mode(case: Case, context: Path, safe_only: bool) -> SlimOutcome:
    request = SlimRequest(
        context,
        context / "Dockerfile",
        smoke=case.smoke,
        safe_only=safe_only,
        builder=case.builder,  # type: ignore[arg-type]
    )
    return slim(request)


@pytest.mark.integration
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixed_versions_build_pass_and_never_grow(
    case: Case, engine: docker.DockerClient, tls_server: Path, tmp_path: Path
) -> None:
    context = case.prepare(tmp_path, tls_server)
    row: dict[str, object] = {"case": case.name}
    made: list[str] = []
    try:
        for mode, safe_only in (("safe", True), ("unsafe", False)):
            outcome = _run_mode(case, context, safe_only)
            made += [outcome.original.image_id, outcome.optimized.image_id]
            assert not outcome.dropped, f"{mode}: a fix broke {case.name}: {outcome.dropped}"
            assert not outcome.regressions, outcome.regressions
            original, fixed = _size(engine, outcome.original.image_id), _size(engine, outcome.optimized.image_id)
            row.update(original=original, **{mode: fixed, f"{mode}_fixes": outcome.fixes_applied})
            for alternative in outcome.alternatives:  # downloads in a builder stage: must work too
                assert alternative.size_bytes is not None, f"{alternative.name}: {alternative.reason}"
                row.update(purge=alternative.default_size_bytes, multi_stage=alternative.size_bytes)
                row.update(multi_stage_chosen=alternative.chosen)
            if case.unchanged:
                assert not outcome.fix.changed, outcome.fix.text
                continue
            allowance = USER_ACCOUNT_BYTES if "LW001" in outcome.fixes_applied else 0
            assert fixed <= original + allowance, f"{mode}: {fixed} > {original}"
        if case.waste and not case.unchanged:
            assert row["unsafe"] < row["original"], "the unsafe fixes should remove the original's waste"  # type: ignore[operator]
        row["smoke"] = "pass"
    finally:
        record(row)
        for image_id in set(made):
            with contextlib.suppress(docker.errors.APIError):
                engine.images.remove(image_id, force=True)
