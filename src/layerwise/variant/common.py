"""What both variants share: stage ancestry, swapping a FROM image, `# layerwise:` comments,
the header line, and re-parsing the result to prove it is still a Dockerfile."""

from __future__ import annotations

from dataclasses import dataclass, field

from layerwise.dockerfile import parse
from layerwise.dockerfile.model import Dockerfile, Instruction, Stage, line_start
from layerwise.errors import LayerwiseError, ParseError
from layerwise.variant.edits import EditPlan, header_offset
from layerwise.variant.result import Risk, Variant, VariantKind


def image_argument(stage: Stage) -> Instruction | None:
    return stage.from_instruction if stage.from_instruction.arguments else None


@dataclass
class VariantBuilder:
    """Collects edits, risks and their comments for one Dockerfile, then renders the result."""

    dockerfile: Dockerfile
    kind: VariantKind
    plan: EditPlan = field(init=False)
    variant: Variant = field(init=False)
    _comments: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.plan = EditPlan(self.dockerfile.text)
        self.variant = Variant(self.kind, self.dockerfile.path, "")

    def risk(self, code: str, ins: Instruction, message: str, comment: bool = True) -> None:
        """Record a risk; unless told otherwise, also write it above the instruction."""
        self.variant.risks.append(Risk(code, ins.line, message))
        if comment:
            at = line_start(self.dockerfile.text, ins.span.start)
            lines = self._comments.setdefault(at, [])
            if message not in lines:
                lines.append(message)

    def swap_base(self, stage: Stage, replacement: str) -> None:
        argument = stage.from_instruction.arguments[0]
        self.plan.replace(argument.span.start, argument.span.end, replacement)

    def render(self, header: str) -> Variant:
        self.plan.insert(header_offset(self.dockerfile), f"# {header}\n")
        for at, messages in self._comments.items():
            self.plan.insert(at, "".join(f"# layerwise: {m}\n" for m in messages))
        text = self.plan.apply()
        try:
            parse(text, self.dockerfile.path)
        except ParseError as error:
            raise LayerwiseError(
                f"internal error: the {self.kind} variant does not parse ({error.message})",
                self.dockerfile.path,
            ) from None
        self.variant.text = text
        return self.variant
