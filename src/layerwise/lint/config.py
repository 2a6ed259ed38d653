"""Lint configuration: which rules run, at what severity, and when a run fails.

Sources, weakest first (as hadolint orders them): built-in defaults < HADOLINT_* environment
variables < configuration file(s) < command line. Files are found upward from the linted file:
the nearest `.hadolint.yaml`/`.hadolint.yml` (hadolint's format) and the nearest `.layerwise.toml`
or `pyproject.toml` with a `[tool.layerwise.lint]` table; when both exist the layerwise one wins
where they overlap. `-c FILE` replaces the search. A malformed file is an error, never ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from layerwise.errors import LayerwiseError
from layerwise.rules.base import LintSettings, Severity

LABEL_TYPES = frozenset({"text", "rfc3339", "semver", "url", "hash", "spdx", "email"})
HADOLINT_FILES = (".hadolint.yaml", ".hadolint.yml")
LAYERWISE_FILE = ".layerwise.toml"
_CODE = re.compile(r"^(ALL|[A-Za-z]+[0-9]*)$")

# A partial configuration: LintConfig field names -> values, as read from one source.
Patch = dict[str, Any]


class ConfigError(LayerwiseError):
    """A configuration file or option that cannot be understood."""


@dataclass
class LintConfig:
    """Everything the runner needs to decide what to report and whether the run fails."""

    select: list[str] | None = None  # None: every rule that is on by default
    extend_select: list[str] = field(default_factory=list)  # turn on extra (default-off) rules
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)  # per-code override; IGNORE = off
    failure_threshold: Severity | None = Severity.INFO  # None ("none"): any finding fails
    no_fail: bool = False
    shellcheck: bool = True
    disable_ignore_pragma: bool = False
    settings: LintSettings = field(default_factory=LintSettings)
    exclude: list[str] = field(default_factory=list)  # globs of paths not to lint (discovery)

    def is_enabled(self, code: str, enabled_by_default: bool = True) -> bool:
        """Whether rule `code` runs. Selectors are codes, prefixes ("DL30", "SC") or "ALL"; naming a
        default-off rule exactly (or ALL, or a severity override) turns it on."""
        if _matches_any(code, self.ignore):
            return False
        override = self.severity.get(code)
        if override is not None:
            return override is not Severity.IGNORE
        if self.select is not None:
            if not _matches_any(code, self.select):
                return _named(code, self.extend_select)
            return enabled_by_default or _named(code, self.select)
        return enabled_by_default or _named(code, self.extend_select)

    def severity_for(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)

    def fails_on(self, severity: Severity) -> bool:
        """Whether a finding at this severity makes the run fail (inclusive, as hadolint)."""
        if self.no_fail:
            return False
        return self.failure_threshold is None or severity >= self.failure_threshold

    def patched(self, *patches: Patch) -> LintConfig:
        """A copy with the patches applied in order (later ones win; ignore lists accumulate)."""
        values: dict[str, Any] = {
            "select": None if self.select is None else list(self.select),
            "extend_select": list(self.extend_select),
            "ignore": list(self.ignore),
            "severity": dict(self.severity),
            "failure_threshold": self.failure_threshold,
            "no_fail": self.no_fail,
            "shellcheck": self.shellcheck,
            "disable_ignore_pragma": self.disable_ignore_pragma,
            "exclude": list(self.exclude),
        }
        settings = replace(  # every setting carried over, the mutable ones copied
            self.settings,
            trusted_registries=list(self.settings.trusted_registries),
            label_schema=dict(self.settings.label_schema),
        )
        for patch in patches:
            for key, value in patch.items():
                if key in ("ignore", "extend_select", "exclude"):
                    values[key] = _dedup([*values[key], *value])
                elif key == "severity":
                    values[key].update(value)
                elif key == "trusted_registries":
                    settings.trusted_registries = _dedup([*settings.trusted_registries, *value])
                elif key == "label_schema":
                    settings.label_schema.update(value)
                elif key == "strict_labels":
                    settings.strict_labels = value
                else:
                    values[key] = value
        return LintConfig(**values, settings=settings)


def _dedup(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _matches_any(code: str, selectors: Iterable[str]) -> bool:
    return any(sel == "ALL" or code.startswith(sel) for sel in selectors)


def _named(code: str, selectors: Iterable[str]) -> bool:
    return any(sel in ("ALL", code) for sel in selectors)


# ---------------------------------------------------------------------------------------------
# Validation of raw values (from TOML, YAML, environment or command line)


def _fail(source: str, message: str) -> ConfigError:
    return ConfigError(message, where=source)


def parse_codes(value: Any, source: str, key: str) -> list[str]:
    """A list of rule codes from a list or a comma-separated string."""
    if isinstance(value, str):
        items: list[Any] = [part for part in re.split(r"[,\s]+", value) if part]
    elif isinstance(value, list):
        items = value
    else:
        raise _fail(source, f"{key}: expected a list of rule codes, got {type(value).__name__}")
    codes = []
    for item in items:
        if not isinstance(item, str) or not _CODE.match(item.strip()):
            raise _fail(source, f"{key}: {item!r} is not a rule code (such as DL3008, SC2086, LW001)")
        codes.append(item.strip().upper())
    return codes


def parse_severity(value: Any, source: str, key: str, allow_none: bool = False) -> Severity | None:
    if not isinstance(value, str):
        raise _fail(source, f"{key}: expected a severity name, got {value!r}")
    if allow_none and value.strip().lower() == "none":
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise _fail(source, f"{key}: {exc}") from None


def _bool(value: Any, source: str, key: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _fail(source, f"{key}: expected true or false, got {value!r}")


def _strings(value: Any, source: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _fail(source, f"{key}: expected a string or a list of strings, got {value!r}")


def _label_schema(value: Any, source: str, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _fail(source, f"{key}: expected a table of label name -> type, got {value!r}")
    schema = {}
    for label, kind in value.items():
        if not isinstance(kind, str) or kind not in LABEL_TYPES:
            allowed = ", ".join(sorted(LABEL_TYPES))
            raise _fail(source, f"{key}.{label}: unknown label type {kind!r} (expected one of {allowed})")
        schema[str(label)] = kind
    return schema


def _override(value: Any, source: str, key: str) -> dict[str, Severity]:
    """hadolint's `override: {error: [codes], warning: [...], ...}`."""
    if not isinstance(value, dict):
        raise _fail(source, f"{key}: expected a table of severity -> codes, got {value!r}")
    result: dict[str, Severity] = {}
    for level, codes in value.items():
        severity = parse_severity(level, source, f"{key}.{level}")
        assert severity is not None
        for code in parse_codes(codes if codes is not None else [], source, f"{key}.{level}"):
            result[code] = severity
    return result


def _severity_table(value: Any, source: str, key: str) -> dict[str, Severity]:
    """layerwise's `severity = {DL3008 = "error"}`."""
    if not isinstance(value, dict):
        raise _fail(source, f"{key}: expected a table of code -> severity, got {value!r}")
    result: dict[str, Severity] = {}
    for code, level in value.items():
        (checked,) = parse_codes([code], source, key)
        severity = parse_severity(level, source, f"{key}.{code}")
        assert severity is not None
        result[checked] = severity
    return result


# ---------------------------------------------------------------------------------------------
# Sources


def _layerwise_patch(table: Mapping[str, Any], source: str) -> Patch:
    patch: Patch = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        where = f"lint.{key}"
        if key == "select":
            patch["select"] = parse_codes(value, source, where)
        elif key == "extend-select":
            patch["extend_select"] = parse_codes(value, source, where)
        elif key in ("ignore", "ignored"):
            patch["ignore"] = parse_codes(value, source, where)
        elif key == "severity":
            patch["severity"] = _severity_table(value, source, where)
        elif key == "override":
            patch.setdefault("severity", {}).update(_override(value, source, where))
        elif key == "failure-threshold":
            patch["failure_threshold"] = parse_severity(value, source, where, allow_none=True)
        elif key in ("no-fail", "shellcheck", "disable-ignore-pragma", "strict-labels"):
            patch[key.replace("-", "_")] = _bool(value, source, where)
        elif key in ("trusted-registries", "trustedregistries"):
            patch["trusted_registries"] = _strings(value, source, where)
        elif key == "label-schema":
            patch["label_schema"] = _label_schema(value, source, where)
        elif key == "exclude":
            patch["exclude"] = _strings(value, source, where)
        else:
            raise _fail(source, f"unknown option lint.{raw_key}")
    return patch


def load_layerwise_toml(path: Path) -> Patch | None:
    """The lint options of `.layerwise.toml` (table [lint]) or `pyproject.toml` ([tool.layerwise.lint]).
    None for a pyproject.toml without that table."""
    import tomllib  # only when a TOML file is found

    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(source, f"cannot read configuration: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(source, f"invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {}).get("layerwise")
        if tool is None:
            return None
        data = tool
        if not isinstance(data, dict):
            raise _fail(source, "[tool.layerwise] must be a table")
    lint = data.get("lint", {})
    if not isinstance(lint, dict):
        raise _fail(source, "lint must be a table ([lint])")
    return _layerwise_patch(lint, source)


def load_hadolint_yaml(path: Path) -> Patch:
    import yaml  # only when a hadolint file exists: it is slow to import

    source = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(source, f"cannot read configuration: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _fail(source, f"invalid YAML: {' '.join(str(exc).split())}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _fail(source, "expected a mapping of options at the top level")
    patch: Patch = {}
    for key, value in data.items():
        if key in ("ignored", "override", "failure-threshold", "no-fail", "disable-ignore-pragma"):
            patch.update(_layerwise_patch({key: value}, source))
        elif key == "trustedRegistries":
            patch["trusted_registries"] = _strings(value, source, key)
        elif key == "label-schema":
            patch["label_schema"] = _label_schema(value, source, key)
        elif key == "strict-labels":
            patch["strict_labels"] = _bool(value, source, key)
        elif key in ("format", "no-color", "verbose"):
            continue  # presentation: chosen on the command line
        else:
            raise _fail(source, f"unknown option {key!r}")
    return patch


def load_file(path: Path) -> Patch:
    """One configuration file, whatever its kind (by name)."""
    if path.suffix in (".yaml", ".yml"):
        return load_hadolint_yaml(path)
    if path.suffix == ".toml":
        patch = load_layerwise_toml(path)
        if patch is None:
            raise _fail(str(path), "no [tool.layerwise.lint] table")
        return patch
    raise _fail(str(path), "unknown configuration format (expected .toml, .yaml or .yml)")


def from_environment(env: Mapping[str, str] | None = None) -> Patch:
    """hadolint's HADOLINT_* variables (lists are comma-separated)."""
    env = os.environ if env is None else env
    source = "environment"
    patch: Patch = {}
    if "HADOLINT_NOFAIL" in env:
        patch["no_fail"] = _truthy(env["HADOLINT_NOFAIL"])
    if "HADOLINT_FAILURE_THRESHOLD" in env:
        patch["failure_threshold"] = parse_severity(
            env["HADOLINT_FAILURE_THRESHOLD"], source, "HADOLINT_FAILURE_THRESHOLD", allow_none=True
        )
    if "HADOLINT_IGNORE" in env:
        patch["ignore"] = parse_codes(env["HADOLINT_IGNORE"], source, "HADOLINT_IGNORE")
    overrides: dict[str, Severity] = {}
    for level in ("ERROR", "WARNING", "INFO", "STYLE"):
        name = f"HADOLINT_OVERRIDE_{level}"
        if name in env:
            for code in parse_codes(env[name], source, name):
                overrides[code] = Severity[level]
    if overrides:
        patch["severity"] = overrides
    if "HADOLINT_STRICT_LABELS" in env:
        patch["strict_labels"] = _truthy(env["HADOLINT_STRICT_LABELS"])
    if "HADOLINT_DISABLE_IGNORE_PRAGMA" in env:
        patch["disable_ignore_pragma"] = _truthy(env["HADOLINT_DISABLE_IGNORE_PRAGMA"])
    if "HADOLINT_TRUSTED_REGISTRIES" in env:
        patch["trusted_registries"] = [r for r in env["HADOLINT_TRUSTED_REGISTRIES"].split(",") if r]
    if "HADOLINT_REQUIRE_LABELS" in env:
        patch["label_schema"] = parse_required_labels(
            env["HADOLINT_REQUIRE_LABELS"].split(","), source, "HADOLINT_REQUIRE_LABELS"
        )
    return patch


def parse_required_labels(items: Iterable[str], source: str, key: str) -> dict[str, str]:
    """`name:type` pairs, as hadolint's --require-label."""
    schema: dict[str, str] = {}
    for item in items:
        if not item:
            continue
        name, sep, kind = item.partition(":")
        if not sep:
            raise _fail(source, f"{key}: expected LABEL:TYPE, got {item!r}")
        schema.update(_label_schema({name: kind}, source, key))
    return schema


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


# ---------------------------------------------------------------------------------------------
# Discovery


def find_config_files(start: Path, env: Mapping[str, str] | None = None) -> list[Path]:
    """The nearest hadolint file and the nearest layerwise file above `start` (weakest first).
    With no hadolint file above, hadolint's per-user locations are tried, as hadolint does."""
    directory = start if start.is_dir() else start.parent
    hadolint: Path | None = None
    layerwise: Path | None = None
    for folder in [directory, *directory.parents]:
        if hadolint is None:
            hadolint = next((folder / n for n in HADOLINT_FILES if (folder / n).is_file()), None)
        if layerwise is None:
            layerwise = _layerwise_file_in(folder)
        if hadolint is not None and layerwise is not None:
            break
    if hadolint is None:
        hadolint = next((p for p in user_hadolint_files(env) if p.is_file()), None)
    return [p for p in (hadolint, layerwise) if p is not None]


def user_hadolint_files(env: Mapping[str, str] | None = None) -> list[Path]:
    """hadolint's per-user configuration files, in its search order."""
    env = os.environ if env is None else env
    home = Path(env["HOME"]) if env.get("HOME") else None
    folders: list[tuple[Path, str]] = []
    if env.get("XDG_CONFIG_HOME"):
        folders.append((Path(env["XDG_CONFIG_HOME"]), "hadolint"))
    if home is not None:
        folders += [(home / ".config", "hadolint"), (home / ".hadolint", "hadolint"), (home / "hadolint", "config")]
    paths = [folder / f"{stem}{suffix}" for folder, stem in folders for suffix in (".yaml", ".yml")]
    if home is not None:
        paths += [home / name for name in HADOLINT_FILES]
    return paths


def _layerwise_file_in(folder: Path) -> Path | None:
    candidate = folder / LAYERWISE_FILE
    if candidate.is_file():
        return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_layerwise_table(pyproject):
        return pyproject
    return None


def _has_layerwise_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return False
    return "[tool.layerwise" in text


class ConfigResolver:
    """Builds the LintConfig for each linted file, reading each configuration file once."""

    def __init__(
        self,
        cli: Patch | None = None,
        explicit: Path | None = None,
        env: Mapping[str, str] | None = None,
        base: LintConfig | None = None,
    ) -> None:
        self._cli = cli or {}
        self._env = env
        self._explicit = explicit
        self._base = (base or LintConfig()).patched(from_environment(env))
        self._files: dict[Path, Patch] = {}
        self._by_dir: dict[Path, LintConfig] = {}

    def for_path(self, path: Path | None) -> LintConfig:
        """The configuration for a file (None: stdin, searched from the working directory)."""
        directory = Path.cwd() if path is None else Path(os.path.abspath(path)).parent
        cached = self._by_dir.get(directory)  # resolved once per folder, not once per file
        if cached is None:
            files = (
                [self._explicit] if self._explicit is not None else find_config_files(directory.resolve(), self._env)
            )
            cached = self._base.patched(*(self._load(f) for f in files), self._cli)
            self._by_dir[directory] = cached
        return cached

    def _load(self, path: Path) -> Patch:
        if path not in self._files:
            if not path.is_file():
                raise ConfigError("configuration file not found", where=str(path))
            self._files[path] = load_file(path)
        return self._files[path]
