"""Rendering lint results in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from layerwise.errors import ParseError
from layerwise.lint.runner import FileResult
from layerwise.report.findings import FORMATS, render
from layerwise.report.findings_sarif import sarif_log
from layerwise.rules.base import Applicability, Edit, Finding, Fix, Severity

TEXT = "FROM debian\nRUN apt-get install curl\nRUN echo $x\n"


def sample() -> list[FileResult]:
    fix = Fix("Add -y", (Edit.insert(31, "-y "),), Applicability.SAFE)
    findings = [
        Finding("DL3014", Severity.WARNING, "Use the -y switch", "svc/Dockerfile", 2, 5, 2, 25, fix),
        Finding("SC2086", Severity.INFO, "Double quote, to prevent: splitting", "svc/Dockerfile", 3, 10, 3, 12),
    ]
    good = FileResult(path="svc/Dockerfile", text=TEXT, findings=findings)
    bad = FileResult(path="bad/Dockerfile", error=ParseError("unterminated heredoc", "bad/Dockerfile", 4, 1))
    clean = FileResult(path="clean/Dockerfile", text="FROM scratch\n")
    return [good, bad, clean]


def test_tty_has_location_source_caret_and_summary() -> None:
    out = render(sample(), "tty", show_fixes=True)
    lines = out.splitlines()
    assert lines[0] == "svc/Dockerfile:2:5 DL3014 warning: Use the -y switch"
    assert lines[1] == "    2 | RUN apt-get install curl"
    assert lines[2] == "      |     ^~~~~~~~~~~~~~~~~~~~"
    assert "fix (safe): Add -y" in lines[3]
    assert "bad/Dockerfile:4:1: unterminated heredoc" in out
    assert lines[-1] == (
        "Found 2 problems (1 warning, 1 info) in 3 files; 1 fixable with `layerwise fix`; 1 file could not be linted."
    )
    assert "\x1b[" not in out
    assert "\x1b[" in render(sample(), "tty", color=True)


def test_tty_clean() -> None:
    assert render([FileResult(path="Dockerfile", text="FROM a\n")]).strip() == "No problems found in 1 file."


def test_json_fields() -> None:
    data = json.loads(render(sample(), "json"))
    assert [d["code"] for d in data] == ["DL3014", "SC2086", "DL1000"]
    first = data[0]
    for key in ("file", "line", "column", "end_line", "end_column", "code", "severity", "message", "fixable"):
        assert key in first
    assert first["fixable"] is True and first["fix_applicability"] == "safe"
    assert first["fix"]["edits"] == [{"start": 31, "end": 31, "replacement": "-y "}]
    assert data[2]["line"] == 4 and data[2]["severity"] == "error"


def test_sarif_shape() -> None:
    log = sarif_log(sample())
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "layerwise"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == ["DL3014", "SC2086", "DL1000"]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
        assert location["physicalLocation"]["artifactLocation"]["uri"]
    assert run["results"][1]["level"] == "note"
    assert driver["rules"][1]["helpUri"].endswith("/SC2086")


def test_sarif_rule_help_comes_from_the_docstring() -> None:
    finding = Finding("DL1001", Severity.INFO, "m", "Dockerfile", 1, 1, 1, 10)
    log = sarif_log([FileResult(path="Dockerfile", text="# x\n", findings=[finding])])
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert "What it does" in rule["help"]["text"]
    assert rule["name"] == "DL1001NoIgnorePragmas"


def test_checkstyle() -> None:
    root = ET.fromstring(render(sample(), "checkstyle"))
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    files = root.findall("file")
    assert [f.get("name") for f in files] == ["svc/Dockerfile", "bad/Dockerfile", "clean/Dockerfile"]
    error = files[0].find("error")
    assert error is not None
    assert (error.get("line"), error.get("column"), error.get("severity"), error.get("source")) == (
        "2",
        "5",
        "warning",
        "DL3014",
    )


def test_junit() -> None:
    root = ET.fromstring(render(sample(), "junit"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    assert len(root.findall("testsuite/testcase/failure")) == 3


def test_gitlab_codeclimate() -> None:
    issues = json.loads(render(sample(), "gitlab_codeclimate"))
    assert [i["check_name"] for i in issues] == ["DL3014", "SC2086", "DL1000"]
    assert issues[0]["severity"] == "major" and issues[0]["location"] == {
        "path": "svc/Dockerfile",
        "lines": {"begin": 2, "end": 2},
    }
    assert len({i["fingerprint"] for i in issues}) == 3
    # A fingerprint follows the line's text, not its number.
    moved = sample()[0]
    moved.text = "# new comment\n" + TEXT
    moved.findings = [
        Finding("DL3014", Severity.WARNING, "Use the -y switch", "svc/Dockerfile", 3, 5, 3, 25),
    ]
    again = json.loads(render([moved], "gitlab_codeclimate"))
    assert again[0]["fingerprint"] == issues[0]["fingerprint"]


def test_github_annotations_are_escaped() -> None:
    lines = render(sample(), "github").splitlines()
    assert lines[0] == (
        "::warning file=svc/Dockerfile,line=2,col=5,endLine=2,endColumn=25,title=DL3014::DL3014 Use the -y switch"
    )
    assert lines[1].startswith("::notice ") and "splitting" in lines[1]
    assert lines[2].startswith("::error file=bad/Dockerfile,line=4,")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render([], "yaml")
    assert "tty" in FORMATS


def test_summary_with_only_an_unparseable_file() -> None:
    bad = FileResult(path="Dockerfile", error=ParseError("unterminated heredoc", "Dockerfile", 2, 1))
    assert render([bad]).splitlines()[-1] == "No problems found in 1 file; 1 file could not be linted."
