"""The text, JSON, JUnit and Code Quality reports, from hand-built reports, parsed back and compared."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from catalogtool.errors import UsageError
from catalogtool.model import FileReport, Finding, Location, Report, Severity
from catalogtool.report import FORMATS, default_format, render, render_rich
from catalogtool.report.common import fingerprints

SHEET = "指导目录"


def finding(
    rule: str,
    severity: Severity,
    row: int | None = None,
    column: str | None = None,
    field: str | None = None,
    value: str | None = None,
    *,
    file: str = "jiangsu.xlsx",
    sheet: str | None = SHEET,
    slug: str = "some-rule",
    hint: bool = True,
) -> Finding:
    return Finding(
        rule=rule,
        slug=slug,
        severity=severity,
        location=Location(file, sheet, row, column, field),
        message_en=f"{rule} says no",
        message_zh=f"{rule} 不通过",
        hint_en="Fix it like this." if hint else "",
        hint_zh="请这样修改。" if hint else "",
        value=value,
    )


def jiangsu(**kw: object) -> Report:
    """Mirrors the shared fixture: an unknown code, a blank position, a warning below the baseline, and a
    file-level note. Rule ids, slugs and severities are the registry's (tested below)."""
    findings = (
        finding("CT201", "error", 9, "B", "subcategory_code", "2-02-45", slug="unknown-subcategory"),
        finding("CT301", "error", 22, "E", "position", None, slug="required-field-blank", hint=False),
        finding("CT306", "warning", 21, "G", "education", "大专", slug="below-baseline"),
        finding("CT106", "info", None, None, None, None, sheet=None, slug="csv-encoding"),
        finding("CT203", "error", 9, "C", "subcategory_name", "", slug="subcategory-name-mismatch"),
    )
    fr = FileReport(file="jiangsu.xlsx", sheet=SHEET, rows=18, findings=findings)
    return Report(files=(replace(fr, **kw),), code_list="NOC 2022 (+2024-07)")  # type: ignore[arg-type]


def test_the_mirrored_findings_carry_the_registry_s_slugs_and_severities() -> None:
    from catalogtool.rules import get_rule

    for f in jiangsu().findings:
        rule = get_rule(f.rule)
        assert rule is not None and (f.slug, f.severity) == (rule.slug, rule.severity), f.rule


def test_registry_lists_every_format_by_its_own_name() -> None:
    assert list(FORMATS) == ["text", "json", "github", "sarif", "junit", "codequality"]
    assert all(r.name == name for name, r in FORMATS.items())


def test_unknown_format_is_a_usage_error_in_both_languages() -> None:
    with pytest.raises(UsageError) as exc:
        render("xml", jiangsu(), "en")
    assert "xml" in exc.value.message_en and "text, json" in exc.value.message_en
    assert "未知的输出格式" in exc.value.message_zh


def test_default_format_comes_from_the_environment() -> None:
    assert default_format({}) == "text"
    assert default_format({"CATALOGTOOL_FORMAT": " GitHub "}) == "github"
    with pytest.raises(UsageError, match="CATALOGTOOL_FORMAT"):
        default_format({"CATALOGTOOL_FORMAT": "gihtub"})


# --- text -------------------------------------------------------------------------------------


def test_text_report_in_chinese_groups_findings_by_row_with_cell_refs() -> None:
    out = render("text", jiangsu(), "zh")
    assert out.splitlines() == [
        "jiangsu.xlsx（工作表：指导目录）：18 行：错误 3 个，警告 1 个，提示 1 个 — 未通过",
        "",
        "整个文件",
        "  提示   CT106 csv-encoding  jiangsu.xlsx",
        "    CT106 不通过",
        "    修改建议：请这样修改。",
        "",
        "第 9 行",
        "  错误   CT201 unknown-subcategory  指导目录!B9（小类代码）",
        "    CT201 不通过",
        "    值：「2-02-45」",
        "    修改建议：请这样修改。",
        "  错误   CT203 subcategory-name-mismatch  指导目录!C9（小类名称）",
        "    CT203 不通过",
        "    值：（空）",
        "    修改建议：请这样修改。",
        "",
        "第 21 行",
        "  警告   CT306 below-baseline  指导目录!G21（学历（学位））",
        "    CT306 不通过",
        "    值：「大专」",
        "    修改建议：请这样修改。",
        "",
        "第 22 行",
        "  错误   CT301 required-field-blank  指导目录!E22（岗位名称）",
        "    CT301 不通过",
        "",  # the last screen says what happened: the tally by rule, then the verdict
        "按规则统计：CT106 ×1，CT201 ×1，CT203 ×1，CT301 ×1，CT306 ×1",
        "结论：18 行：错误 3 个，警告 1 个，提示 1 个 — 未通过",
    ]


def test_text_report_in_english() -> None:
    out = render("text", jiangsu(), "en")
    lines = out.splitlines()
    assert lines[0] == "jiangsu.xlsx (sheet 指导目录): 18 rows, 3 errors, 1 warning, 1 info — NOT valid"
    assert "Row 9" in lines and "Whole file" in lines
    assert "  error    CT201 unknown-subcategory  指导目录!B9 (Subcategory code)" in lines
    assert '    value: "2-02-45"' in lines
    assert "    fix: Fix it like this." in lines
    assert "    value: (empty)" in lines
    assert "None" not in out


def test_text_report_says_partial_and_strict_honestly() -> None:
    partial = render("text", jiangsu(partial=True), "en")
    assert "partial: the findings limit was reached" in partial
    assert "部分结果" in render("text", jiangsu(partial=True), "zh")
    only_warning = Report(
        files=(FileReport("a.csv", None, 3, (finding("CT301", "warning", 2, "G", "education", "大专"),)),),
        code_list="NOC 2022",
        strict=True,
    )
    first = render("text", only_warning, "en").splitlines()[0]
    assert first == "a.csv: 3 rows, 0 errors, 1 warning, 0 infos — NOT valid (--strict: warnings count)"
    assert render("text", replace(only_warning, strict=False), "en").splitlines()[0].endswith("— valid")


def test_text_report_for_a_clean_file_and_for_several_files() -> None:
    clean = FileReport("b.xlsx", SHEET, 5, ())
    report = Report(files=(jiangsu().files[0], clean), code_list="NOC 2022")
    lines = render("text", report, "en").splitlines()
    assert "b.xlsx (sheet 指导目录): 5 rows, 0 errors, 0 warnings, 0 infos — valid" in lines
    assert "  No findings." in lines
    assert lines[-1] == "Total: 2 files, 23 rows, 3 errors, 1 warning, 1 info — NOT valid"
    assert render("text", report, "zh").splitlines()[-1] == (
        "合计 2 个文件，23 行：错误 3 个，警告 1 个，提示 1 个 — 未通过"
    )


def test_rich_rendering_matches_the_plain_text_and_never_reads_values_as_markup() -> None:
    report = Report(
        files=(FileReport("a.xlsx", "S", 1, (finding("CT201", "error", 2, "B", "position", "[bold]x[/]"),)),),
        code_list="NOC 2022",
    )
    console = Console(
        file=io.StringIO(), record=True, force_terminal=True, width=200, color_system="truecolor"
    )
    render_rich(report, "en", console)
    assert console.export_text(clear=False) == render("text", report, "en")
    assert "\x1b[1;31m" in console.export_text(styles=True)  # red for the error, on a terminal


values = st.one_of(st.none(), st.text(max_size=30).filter(lambda v: "None" not in v))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["error", "warning", "info"]),
            st.one_of(st.none(), st.integers(1, 10_000)),
            st.one_of(st.none(), st.sampled_from(["A", "B", "M", "AA"])),
            values,
        ),
        max_size=12,
    ),
    st.sampled_from(["zh", "en"]),
)
def test_every_finding_appears_once_in_the_text_and_json_reports(
    specs: list[tuple[Severity, int | None, str | None, str | None]], lang: str
) -> None:
    findings = tuple(
        finding(f"CT{i + 100}", sev, row, col if row else None, None, value)
        for i, (sev, row, col, value) in enumerate(specs)
    )
    report = Report(files=(FileReport("x.xlsx", "S", 10, findings),), code_list="NOC 2022")
    text = render("text", report, lang)
    for f in findings:
        assert text.count(f" {f.rule} some-rule ") == 1
    assert "None" not in text
    data = json.loads(render("json", report, lang))
    assert sorted(f["rule"] for f in data["findings"]) == sorted(f.rule for f in findings)
    assert [f["value"] for f in data["findings"]] == [f.value for f in sorted(findings, key=Finding.sort_key)]


# --- json -------------------------------------------------------------------------------------


def test_json_report_is_exactly_the_design_contract() -> None:
    data = json.loads(render("json", jiangsu(encoding=None), "zh"))
    assert list(data) == ["tool", "code_list", "file", "sheet", "valid", "partial", "summary", "findings"]
    assert data["tool"]["name"] == "catalogtool"
    assert data["code_list"] == "NOC 2022 (+2024-07)"
    assert (data["file"], data["sheet"], data["valid"], data["partial"]) == (
        "jiangsu.xlsx",
        SHEET,
        False,
        False,
    )
    assert data["summary"] == {
        "rows": 18,
        "errors": 3,
        "warnings": 1,
        "infos": 1,
        "by_rule": {"CT106": 1, "CT201": 1, "CT203": 1, "CT301": 1, "CT306": 1},
    }
    assert [(f["rule"], f["row"], f["column"]) for f in data["findings"]] == [
        ("CT106", None, None),
        ("CT201", 9, "B"),
        ("CT203", 9, "C"),
        ("CT306", 21, "G"),
        ("CT301", 22, "E"),
    ]
    assert data["findings"][1] == {
        "rule": "CT201",
        "slug": "unknown-subcategory",
        "severity": "error",
        "sheet": SHEET,
        "row": 9,
        "column": "B",
        "cell": "B9",
        "field": "subcategory_code",
        "value": "2-02-45",
        "message": "CT201 不通过",
        "message_zh": "CT201 不通过",
        "message_en": "CT201 says no",
        "hint": "请这样修改。",
        "hint_zh": "请这样修改。",
        "hint_en": "Fix it like this.",
    }
    english = json.loads(render("json", jiangsu(encoding=None), "en"))["findings"][1]
    assert (english["message"], english["hint"]) == ("CT201 says no", "Fix it like this.")
    assert data["findings"][0]["cell"] is None and data["findings"][0]["sheet"] is None
    assert json.loads(render("json", jiangsu(), "en"))["findings"][1]["hint"] == "Fix it like this."


def test_json_report_adds_encoding_and_honours_strict() -> None:
    fr = FileReport(
        "gd.csv", None, 2, (finding("CT301", "warning", 3, "G", "education", "大专"),), encoding="gb18030"
    )
    data = json.loads(render("json", Report((fr,), "NOC 2022", strict=True), "en"))
    assert data["encoding"] == "gb18030"
    assert data["valid"] is False
    assert json.loads(render("json", Report((fr,), "NOC 2022"), "en"))["valid"] is True


def test_json_report_for_several_files_has_totals_and_one_object_per_file() -> None:
    clean = FileReport("a.xlsx", SHEET, 5, (), partial=False)
    report = Report(files=(jiangsu(partial=True).files[0], clean), code_list="NOC 2022 (+2024-07)")
    data = json.loads(render("json", report, "en"))
    assert list(data) == ["tool", "code_list", "valid", "partial", "summary", "files"]
    assert (data["valid"], data["partial"]) == (False, True)
    assert data["summary"]["rows"] == 23 and data["summary"]["errors"] == 3 and data["summary"]["files"] == 2
    assert [f["file"] for f in data["files"]] == ["a.xlsx", "jiangsu.xlsx"]
    assert data["files"][0]["valid"] is True and data["files"][0]["findings"] == []
    assert data["files"][1] == json.loads(render("json", jiangsu(partial=True), "en"))


# --- junit ------------------------------------------------------------------------------------


def test_junit_has_one_suite_per_file_and_one_case_per_finding() -> None:
    clean = FileReport("ok.xlsx", SHEET, 5, ())
    evil = finding("CT210", "error", 30, "D", "position", 'a<b & "c"\x0b\nd', file="jiangsu.xlsx")
    dup = finding("CT210", "error", 30, "D", "position", "other", file="jiangsu.xlsx")
    base = jiangsu().files[0]
    report = Report(files=(replace(base, findings=(*base.findings, evil, dup)), clean), code_list="NOC 2022")
    root = ET.fromstring(render("junit", report, "en"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("8", "5")
    jiangsu_suite, ok_suite = root.findall("testsuite")
    assert jiangsu_suite.get("name") == "jiangsu.xlsx"
    props = {p.get("name"): p.get("value") for p in jiangsu_suite.iter("property")}
    assert props["sheet"] == SHEET and props["rows"] == "18" and props["valid"] == "false"
    cases = jiangsu_suite.findall("testcase")
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)) == 7
    assert "指导目录!B9 [subcategory_code] CT201 unknown-subcategory" in names
    assert "指导目录!D30 [position] CT210 some-rule #2" in names
    failing = {c.get("name") for c in cases if c.find("failure") is not None}
    assert len(failing) == 5 and not any("CT306" in n or "CT106" in n for n in failing)
    warning_case = next(c for c in cases if "CT306" in (c.get("name") or ""))
    assert "CT306 says no" in (warning_case.findtext("system-out") or "")
    evil_case = next(c for c in cases if c.get("name") == "指导目录!D30 [position] CT210 some-rule")
    failure = evil_case.find("failure")
    assert failure is not None and failure.get("type") == "CT210 some-rule"
    assert 'Value: "a<b & "c"\\x0b\\nd"' in (failure.text or "")
    assert evil_case.get("line") is None and evil_case.get("time") == "0"  # the row is in the name
    assert jiangsu_suite.get("file") == "jiangsu.xlsx" and jiangsu_suite.get("time") == "0.000"
    [ok_case] = ok_suite.findall("testcase")
    assert ok_case.get("name") == "指导目录: no findings" and len(ok_case) == 0


def test_junit_counts_warnings_as_failures_under_strict() -> None:
    root = ET.fromstring(render("junit", replace(jiangsu(), strict=True), "zh"))
    assert root.get("failures") == "4"
    assert root.find("testsuite/testcase/failure") is not None


# --- codequality ------------------------------------------------------------------------------


def test_codequality_issues_have_what_gitlab_requires() -> None:
    issues = json.loads(render("codequality", jiangsu(), "zh"))
    assert len(issues) == 5
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == "jiangsu.xlsx"
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == 5
    by_rule = {i["check_name"].split()[0]: i for i in issues}
    assert by_rule["CT201"]["severity"] == "blocker"
    assert by_rule["CT306"]["severity"] == "minor"
    assert by_rule["CT106"]["severity"] == "info"
    assert by_rule["CT106"]["location"]["lines"]["begin"] == 1
    assert by_rule["CT201"]["description"] == "指导目录!B9: CT201 不通过"
    assert json.loads(render("codequality", replace(jiangsu(), strict=True), "en"))[3]["severity"] == "major"


def test_fingerprints_ignore_the_row_but_stay_unique() -> None:
    a = finding("CT201", "error", 9, "B", "subcategory_code", "2-02-45")
    moved = replace(a, location=replace(a.location, row=40))
    twin = finding("CT201", "error", 12, "B", "subcategory_code", "2-02-45")
    other = finding("CT201", "error", 9, "B", "subcategory_code", "2-02-46")
    assert fingerprints([a]) == fingerprints([moved])
    first, second, third = fingerprints([a, twin, other])
    assert len({first, second, third}) == 3
    assert first.split(":")[0] == second.split(":")[0]


def test_importing_the_reporters_stays_light() -> None:
    code = (
        "import sys, catalogtool.report, catalogtool.commands.rules;"
        "print(sorted(m for m in ('openpyxl', 'jsonschema', 'python_calamine', 'ruamel', 'rich', 'docx')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
