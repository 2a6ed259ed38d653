"""Every rule class layerwise knows, found by importing the rule family packages.

Adding a rule means adding one module under `layerwise.rules.hadolint` or `layerwise.rules.layerwise`;
nothing here has to change.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from types import ModuleType

from layerwise.errors import LayerwiseError
from layerwise.rules.base import Rule

FAMILY_PACKAGES = ("layerwise.rules.hadolint", "layerwise.rules.layerwise")


def _family_modules(package_name: str) -> list[ModuleType]:
    package = importlib.import_module(package_name)
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.ispkg)
    return [importlib.import_module(f"{package_name}.{name}") for name in names]


def _rules_in(module: ModuleType) -> list[type[Rule]]:
    # Only classes defined in this module, so a rule imported elsewhere is not counted twice.
    return [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Rule) and obj.__module__ == module.__name__ and "code" in vars(obj)
    ]


def all_rules() -> list[type[Rule]]:
    """Every rule class, sorted by code. Two classes with one code is an error."""
    return list(_collect())


@cache
def _collect() -> tuple[type[Rule], ...]:
    by_code: dict[str, type[Rule]] = {}
    for package_name in FAMILY_PACKAGES:
        for module in _family_modules(package_name):
            for rule in _rules_in(module):
                other = by_code.get(rule.code)
                if other is not None and other is not rule:
                    raise LayerwiseError(
                        f"duplicate rule code {rule.code}: {other.__module__}.{other.__name__} "
                        f"and {rule.__module__}.{rule.__name__}"
                    )
                by_code[rule.code] = rule
    return tuple(by_code[code] for code in sorted(by_code))


@cache
def rules_by_code() -> dict[str, type[Rule]]:
    return {rule.code: rule for rule in _collect()}


def rule_for(code: str) -> type[Rule] | None:
    return rules_by_code().get(code.upper())
