"""CI gates over an analysis: `--fail-on 'efficiency<0.9'` expressions and dive's `.dive-ci` rules."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from layerwise.errors import LayerwiseError

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}
EXPRESSION = re.compile(r"^\s*([a-z_]+)\s*(<=|>=|==|!=|<|>)\s*(\S.*?)\s*$")
UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "k": 1000,
    "mb": 1000**2,
    "m": 1000**2,
    "gb": 1000**3,
    "g": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
KNOWN_METRICS = (
    "efficiency",
    "wasted",
    "wasted_bytes",
    "reclaimable",
    "reclaimable_bytes",
    "user_reclaimable",
    "user_wasted_percent",
    "size",
    "size_bytes",
    "duplicates",
    "leftovers",
)
DISABLED = {"disabled", "off", "false", ""}
# dive's defaults for rules a .dive-ci file leaves out
DIVE_DEFAULTS: dict[str, object] = {
    "lowestEfficiency": 0.9,
    "highestWastedBytes": "disabled",
    "highestUserWastedPercent": 0.1,
}


@dataclass(frozen=True)
class Gate:
    metric: str
    op: str
    threshold: float
    text: str  # as the user wrote it, or the .dive-ci rule it came from

    def fails(self, metrics: dict[str, float]) -> bool:
        value = metrics[self.metric]
        return not math.isnan(value) and OPERATORS[self.op](value, self.threshold)


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    value: float
    failed: bool


def parse_quantity(text: str) -> float:
    """A number, a percentage ("10%") or a byte size as dive writes them ("20MB", "1GiB")."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    if cleaned.endswith("%"):
        return float(cleaned[:-1]) / 100
    match = re.fullmatch(r"([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-zA-Z]*)", cleaned)
    if not match or match.group(2).lower() not in UNITS:
        raise LayerwiseError(f"cannot read {text!r} as a number or a byte size")
    return float(match.group(1)) * UNITS[match.group(2).lower()]


def parse_gate(text: str) -> Gate:
    match = EXPRESSION.match(text)
    if not match:
        raise LayerwiseError(f"--fail-on {text!r}: expected METRIC<op>VALUE, e.g. 'efficiency<0.9'")
    metric, op, value = match.groups()
    if metric not in KNOWN_METRICS:
        raise LayerwiseError(f"--fail-on {text!r}: unknown metric {metric!r} (known: {', '.join(KNOWN_METRICS)})")
    return Gate(metric, op, parse_quantity(value), text.strip())


def gates_from_dive_ci(path: Path) -> list[Gate]:
    """dive's `.dive-ci` rules; a rule set to `disabled` (or off/false/empty) is skipped."""
    import yaml  # here: loading it takes ~40 ms and only .dive-ci files need it

    try:
        document = yaml.safe_load(path.read_text()) or {}
    except OSError as exc:
        raise LayerwiseError(f"cannot read CI config: {exc}", str(path)) from exc
    except yaml.YAMLError as exc:
        raise LayerwiseError(f"not valid YAML: {exc}", str(path)) from exc
    rules = document.get("rules") if isinstance(document, dict) else None
    if not isinstance(rules, dict):
        raise LayerwiseError("expected a `rules:` mapping", str(path))
    mapping = {
        "lowestEfficiency": ("efficiency", "<"),
        "highestWastedBytes": ("wasted", ">"),
        "highestUserWastedPercent": ("user_wasted_percent", ">"),
    }
    gates = []
    for key, value in {**DIVE_DEFAULTS, **rules}.items():
        if key not in mapping:
            raise LayerwiseError(f"unknown rule {key!r} (known: {', '.join(mapping)})", str(path))
        if value is None or str(value).strip().lower() in DISABLED:
            continue
        metric, op = mapping[key]
        try:
            threshold = parse_quantity(str(value))
        except LayerwiseError as exc:
            raise LayerwiseError(f"rule {key}: {exc}", str(path)) from exc
        gates.append(Gate(metric, op, threshold, f"{key}: {value}"))
    return gates


def evaluate(gates: list[Gate], metrics: dict[str, float]) -> list[GateResult]:
    return [GateResult(gate, metrics[gate.metric], gate.fails(metrics)) for gate in gates]
