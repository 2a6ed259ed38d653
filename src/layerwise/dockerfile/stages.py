"""Stages, their bases after ARG expansion, and which stages the final image depends on."""

from __future__ import annotations

from layerwise.dockerfile.model import Dockerfile, Instruction, Stage
from layerwise.dockerfile.variables import Environment, compute_scopes, expand


def build_stages(dockerfile: Dockerfile) -> None:
    """Fill `stages`, every instruction's `stage_index`, `global_args` and `reaches_final`."""
    stages: list[Stage] = []
    for ins in dockerfile.instructions:
        if ins.keyword == "FROM":
            stages.append(_new_stage(len(stages), ins))
        ins.stage_index = len(stages) - 1
        if ins.onbuild is not None:
            ins.onbuild.stage_index = ins.stage_index
        if stages and ins.keyword != "FROM":
            stages[-1].instructions.append(ins)
    dockerfile.stages = stages
    _assign_shells(dockerfile)
    scopes = compute_scopes(dockerfile)
    dockerfile.global_args = {
        name: scopes.global_args.get(name) for name in _declared_global_args(dockerfile.instructions)
    }
    for stage in stages:
        env = scopes.before[id(stage.from_instruction)]
        stage.base = expand(stage.base_raw, env, dockerfile.escape).value
        if stage.platform is not None:
            stage.platform = expand(stage.platform, env, dockerfile.escape).value
    if any(stage.base != stage.base_raw for stage in stages):
        scopes = compute_scopes(dockerfile)  # a stage built FROM ${PARENT} inherits that stage's ENV
    _mark_reaching_final(dockerfile, scopes.before)
    dockerfile.scopes = scopes


def _new_stage(index: int, ins: Instruction) -> Stage:
    values = ins.values
    name = values[2].lower() if len(values) >= 3 and values[1].lower() == "as" else None
    platform = ins.flag("platform")
    return Stage(
        index=index,
        name=name,
        base=values[0] if values else "",
        base_raw=values[0] if values else "",
        platform=platform.value if platform else None,
        from_instruction=ins,
        instructions=[ins],
    )


def _assign_shells(dockerfile: Dockerfile) -> None:
    """Record the SHELL in effect at each instruction; a stage built FROM a stage inherits it."""
    final_shell: list[tuple[str, ...] | None] = []
    for stage in dockerfile.stages:
        parent = dockerfile.stage_by_name(stage.base_raw)
        current = final_shell[parent.index] if parent is not None and parent.index < stage.index else None
        for ins in stage.instructions:
            ins.run_shell = current
            if ins.onbuild is not None:
                ins.onbuild.run_shell = current
            if ins.keyword == "SHELL" and ins.is_json and ins.values:
                current = tuple(ins.values)
        final_shell.append(current)


def _declared_global_args(instructions: list[Instruction]) -> list[str]:
    names: list[str] = []
    for ins in instructions:
        if ins.stage_index >= 0:
            break
        if ins.keyword == "ARG":
            names.extend(value.partition("=")[0] for value in ins.values)
    return names


def stage_dependencies(dockerfile: Dockerfile, stage: Stage, before: dict[int, Environment]) -> set[int]:
    """Indexes of earlier stages this stage uses: FROM <stage>, COPY --from, RUN --mount from=."""
    found: set[int] = set()
    parent = _stage_ref(dockerfile, stage.base, stage.index, by_index=False)
    if parent is not None:
        found.add(parent)
    for ins in stage.instructions[1:]:
        env = before.get(id(ins), {})
        for ref in _references(ins):
            value = expand(ref, env, dockerfile.escape).value
            target = _stage_ref(dockerfile, value, stage.index, by_index=True)
            if target is not None:
                found.add(target)
    return found


def _references(ins: Instruction) -> list[str]:
    refs: list[str] = []
    if ins.keyword in ("COPY", "ADD"):
        refs.extend(ins.flag_values("from"))
    for mount in ins.flag_values("mount"):
        for field in mount.split(","):
            key, _, value = field.partition("=")
            if key.strip().lower() == "from" and value:
                refs.append(value.strip())
    return refs


def _stage_ref(dockerfile: Dockerfile, ref: str, before_index: int, by_index: bool) -> int | None:
    """The stage a name (or, for --from, a number) refers to; only earlier stages count."""
    if by_index and ref.isdigit():
        index = int(ref)
        return index if index < before_index else None
    stage = dockerfile.stage_by_name(ref)
    return stage.index if stage is not None and stage.index < before_index else None


def _mark_reaching_final(dockerfile: Dockerfile, before: dict[int, Environment]) -> None:
    if not dockerfile.stages:
        return
    pending = [dockerfile.stages[-1].index]
    while pending:
        stage = dockerfile.stages[pending.pop()]
        if stage.reaches_final:
            continue
        stage.reaches_final = True
        pending.extend(stage_dependencies(dockerfile, stage, before))


def external_images(dockerfile: Dockerfile) -> list[str]:
    """Images the build needs from outside the Dockerfile: each stage's base that is not an
    earlier stage, and `COPY --from=` / `RUN --mount=from=` of an image (ARG values expanded);
    a builder pulls these when they are missing."""
    images: list[str] = []
    for stage in dockerfile.stages:
        if _stage_ref(dockerfile, stage.base, stage.index, by_index=False) is None:
            images.append(stage.base)
        for ins in stage.instructions[1:]:
            env = dockerfile.env_at(ins)
            for ref in _references(ins):
                value = expand(ref, env, dockerfile.escape).value
                if _stage_ref(dockerfile, value, stage.index, by_index=True) is None:
                    images.append(value)
    return [image for image in dict.fromkeys(images) if image != "scratch"]
