"""Configuration: precedence, file formats, discovery and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from layerwise.lint.config import (
    ConfigError,
    ConfigResolver,
    LintConfig,
    find_config_files,
    from_environment,
    load_file,
    load_hadolint_yaml,
    load_layerwise_toml,
)
from layerwise.rules.base import Severity


def test_defaults_enable_default_rules_and_fail_at_info() -> None:
    config = LintConfig()
    assert config.is_enabled("DL3008")
    assert not config.is_enabled("DL3057", enabled_by_default=False)
    assert config.fails_on(Severity.INFO)
    assert not config.fails_on(Severity.STYLE)


def test_select_prefix_and_exact_code() -> None:
    config = LintConfig(select=["DL30", "DL3057"])
    assert config.is_enabled("DL3008")
    assert not config.is_enabled("DL4006")
    assert not config.is_enabled("DL3059", enabled_by_default=False)
    assert config.is_enabled("DL3057", enabled_by_default=False)


def test_ignore_wins_and_override_enables_or_disables() -> None:
    config = LintConfig(ignore=["SC"], severity={"DL3057": Severity.INFO, "DL3008": Severity.IGNORE})
    assert not config.is_enabled("SC2086")
    assert config.is_enabled("DL3057", enabled_by_default=False)
    assert not config.is_enabled("DL3008")
    assert config.severity_for("DL3057", Severity.WARNING) is Severity.INFO


def test_threshold_none_and_no_fail() -> None:
    assert LintConfig(failure_threshold=None).fails_on(Severity.STYLE)
    assert not LintConfig(no_fail=True).fails_on(Severity.ERROR)
    assert not LintConfig(failure_threshold=Severity.ERROR).fails_on(Severity.WARNING)


def test_hadolint_yaml(tmp_path: Path) -> None:
    path = tmp_path / ".hadolint.yaml"
    path.write_text(
        "ignored: [DL3000, SC1010]\n"
        "override:\n  error: [DL3008]\n  info: [DL3059]\n"
        "trustedRegistries: docker.io\n"
        "label-schema: {author: text, created: rfc3339}\n"
        "strict-labels: true\nfailure-threshold: warning\nno-fail: false\ndisable-ignore-pragma: true\n"
        "format: json\n"
    )
    config = LintConfig().patched(load_hadolint_yaml(path))
    assert config.ignore == ["DL3000", "SC1010"]
    assert config.severity == {"DL3008": Severity.ERROR, "DL3059": Severity.INFO}
    assert config.settings.trusted_registries == ["docker.io"]
    assert config.settings.label_schema == {"author": "text", "created": "rfc3339"}
    assert config.settings.strict_labels
    assert config.failure_threshold is Severity.WARNING
    assert config.disable_ignore_pragma


def test_layerwise_toml_and_pyproject(tmp_path: Path) -> None:
    toml = tmp_path / ".layerwise.toml"
    toml.write_text(
        '[lint]\nselect = ["DL", "LW"]\nignore = ["DL3008"]\nseverity = { DL3059 = "style" }\n'
        'failure-threshold = "none"\nshellcheck = false\nexclude = ["vendor"]\n\n[slim]\nwhatever = 1\n'
    )
    config = LintConfig().patched(load_file(toml))
    assert config.select == ["DL", "LW"]
    assert config.severity["DL3059"] is Severity.STYLE
    assert config.failure_threshold is None
    assert not config.shellcheck
    assert config.exclude == ["vendor"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n')
    assert load_layerwise_toml(pyproject) is None
    pyproject.write_text('[tool.layerwise.lint]\nignore = "DL3006, DL3007"\n')
    assert load_layerwise_toml(pyproject) == {"ignore": ["DL3006", "DL3007"]}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".layerwise.toml", "[lint\n", "invalid TOML"),
        (".layerwise.toml", "[lint]\nignor = []\n", "unknown option lint.ignor"),
        (".layerwise.toml", '[lint]\nfailure-threshold = "loud"\n', "unknown severity"),
        (".layerwise.toml", "[lint]\nignore = [3008]\n", "not a rule code"),
        (".layerwise.toml", '[lint]\nshellcheck = "no"\n', "expected true or false"),
        (".hadolint.yaml", "ignored: [DL3000\n", "invalid YAML"),
        (".hadolint.yaml", "- a\n", "mapping"),
        (".hadolint.yaml", "override: {loud: [DL3000]}\n", "unknown severity"),
        (".hadolint.yaml", "label-schema: {a: colour}\n", "unknown label type"),
        (".hadolint.yaml", "ignore: [DL3000]\n", "unknown option 'ignore'"),
    ],
)
def test_malformed_config_is_an_error_naming_the_file(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_file(path)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)


def test_discovery_upward_nearest_of_each_kind(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yml").write_text("ignored: [DL3000]\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.layerwise.lint]\nignore = ["DL3006"]\n')
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no table: keep looking
    found = find_config_files(sub / "Dockerfile")
    assert found == [tmp_path / ".hadolint.yml", tmp_path / "a" / "pyproject.toml"]


def test_resolver_precedence_env_file_cli(tmp_path: Path) -> None:
    (tmp_path / ".layerwise.toml").write_text('[lint]\nfailure-threshold = "warning"\nignore = ["DL3000"]\n')
    env = {"HADOLINT_FAILURE_THRESHOLD": "error", "HADOLINT_IGNORE": "DL3001", "HADOLINT_NOFAIL": "1"}
    resolver = ConfigResolver(cli={"ignore": ["DL3002"]}, env=env)
    config = resolver.for_path(tmp_path / "Dockerfile")
    assert config.failure_threshold is Severity.WARNING  # file beats environment
    assert config.ignore == ["DL3001", "DL3000", "DL3002"]  # lists accumulate, as hadolint's
    assert config.no_fail
    cli = ConfigResolver(cli={"failure_threshold": Severity.ERROR}, env={}).for_path(tmp_path / "Dockerfile")
    assert cli.failure_threshold is Severity.ERROR


def test_explicit_config_replaces_search(tmp_path: Path) -> None:
    (tmp_path / ".layerwise.toml").write_text('[lint]\nignore = ["DL3000"]\n')
    other = tmp_path / "other.yaml"
    other.write_text("ignored: [DL3001]\n")
    config = ConfigResolver(explicit=other, env={}).for_path(tmp_path / "Dockerfile")
    assert config.ignore == ["DL3001"]
    with pytest.raises(ConfigError, match="not found"):
        ConfigResolver(explicit=tmp_path / "missing.toml", env={}).for_path(tmp_path / "Dockerfile")


def test_environment_overrides_and_labels() -> None:
    patch = from_environment(
        {
            "HADOLINT_OVERRIDE_ERROR": "DL3008,DL3009",
            "HADOLINT_TRUSTED_REGISTRIES": "docker.io,quay.io",
            "HADOLINT_REQUIRE_LABELS": "maintainer:email",
            "HADOLINT_DISABLE_IGNORE_PRAGMA": "true",
        }
    )
    assert patch["severity"] == {"DL3008": Severity.ERROR, "DL3009": Severity.ERROR}
    assert patch["trusted_registries"] == ["docker.io", "quay.io"]
    assert patch["label_schema"] == {"maintainer": "email"}
    assert patch["disable_ignore_pragma"] is True
    with pytest.raises(ConfigError):
        from_environment({"HADOLINT_FAILURE_THRESHOLD": "loud"})


def test_user_hadolint_file_when_none_above(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".config" / "hadolint.yml").write_text("ignored: [DL3007]\n")
    project = tmp_path / "project"
    project.mkdir()
    env = {"HOME": str(home)}
    assert find_config_files(project / "Dockerfile", env) == [home / ".config" / "hadolint.yml"]
    (project / ".hadolint.yaml").write_text("ignored: [DL3006]\n")
    assert find_config_files(project / "Dockerfile", env) == [project / ".hadolint.yaml"]
    assert ConfigResolver(env=env).for_path(project / "Dockerfile").ignore == ["DL3006"]


def test_patching_keeps_every_setting_and_copies_the_mutable_ones() -> None:
    from layerwise.rules.base import LintSettings

    base = LintConfig(settings=LintSettings(multi_stage=True, strict_labels=True, trusted_registries=["a.io"]))
    patched = base.patched({"trusted_registries": ["b.io"]})
    assert patched.settings.multi_stage and patched.settings.strict_labels
    assert patched.settings.trusted_registries == ["a.io", "b.io"]
    assert base.settings.trusted_registries == ["a.io"]
