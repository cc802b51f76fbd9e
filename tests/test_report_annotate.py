"""The annotated workbook: fills, comments, the 校验结果 sheet with links, and an untouched input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from catalogtool.errors import InputError, UsageError
from catalogtool.model import FileReport, Finding, Location, Severity
from catalogtool.report.annotate import RESULTS_SHEET, write_annotated
from tests.conftest import new_workbook

SHEET = "指导目录"
RED, AMBER, BLUE = "00FFC7CE", "00FFEB9C", "00DDEBF7"


def finding(
    rule: str,
    severity: Severity,
    row: int | None,
    column: str | None,
    value: str | None = None,
    *,
    sheet: str = SHEET,
) -> Finding:
    return Finding(
        rule=rule,
        slug=f"{rule.lower()}-slug",
        severity=severity,
        location=Location("draft.xlsx", sheet, row, column, "subcategory_code" if column == "B" else None),
        message_en=f"{rule} message",
        message_zh=f"{rule} 问题\x07",  # a control character openpyxl would refuse
        hint_en=f"{rule} fix",
        hint_zh=f"{rule} 修改",
        value=value,
    )


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    wb, ws = new_workbook(title=SHEET)
    ws["A1"] = "江苏省外国人来华工作指导目录"
    ws.merge_cells("A1:F1")
    ws.append(["序号", "小类代码", "小类名称", "岗位名称", "学历", "合计"])
    ws.append([1, "2-02-45", "新兴技术工程技术人员", "量子计算工程师", "博士", "=A3*2"])
    ws.append([2, "2-02-10", "信息和通信工程技术人员", None, "大专", "=SUM(A3:A4)"])
    ws["D4"].comment = Comment("起草人：请补充岗位", "起草组")
    wb.create_sheet("说明")["A1"] = "notes"
    path = tmp_path / "draft.xlsx"
    wb.save(path)
    return path


def report() -> FileReport:
    return FileReport(
        file="draft.xlsx",
        sheet=SHEET,
        rows=2,
        findings=(
            finding("CT201", "error", 3, "B", "2-02-45"),
            finding("CT209", "info", 3, "B", "2-02-45"),
            finding("CT301", "warning", 4, "E", "大专"),
            finding("CT302", "info", 4, "C", '=HYPERLINK("x")'),
            finding("CT102", "error", 4, "D", ""),
            finding("CT401", "warning", 4, None),  # row-level: marks A4
            finding("CT501", "info", None, None),  # file-level: listed, linked to the sheet
            finding("CT110", "warning", 1, "C"),  # inside the merged title: marks its anchor A1
        ),
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotated_copy_marks_cells_and_lists_every_finding(draft: Path, tmp_path: Path) -> None:
    before = sha(draft)
    out = tmp_path / "out" / "draft.annotated.xlsx"
    write_annotated(draft, report(), out, "zh")
    assert sha(draft) == before

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET, "说明", RESULTS_SHEET]
    ws = wb[SHEET]
    fills = {c: ws[c].fill.fgColor.rgb for c in ("B3", "E4", "C4", "D4", "A4", "A1", "C3")}
    assert fills == {
        "B3": RED,
        "E4": AMBER,
        "C4": BLUE,
        "D4": RED,
        "A4": AMBER,
        "A1": AMBER,
        "C3": "00000000",
    }
    assert ws["B3"].comment.text == (
        "[错误 CT201 ct201-slug] CT201 问题\n修改建议：CT201 修改\n\n[提示 CT209 ct209-slug] CT209 问题\n修改建议：CT209 修改"
    )
    assert ws["B3"].comment.author == "catalogtool"
    assert ws["D4"].comment.text.startswith("起草人：请补充岗位\n\n— catalogtool —\n[错误 CT102")
    assert ws["F3"].value == "=A3*2" and ws["F4"].value == "=SUM(A3:A4)"  # formulas kept, not evaluated
    assert wb["说明"]["A1"].value == "notes"

    results = wb[RESULTS_SHEET]
    rows = list(results.iter_rows(values_only=True))
    assert rows[0] == ("级别", "规则", "位置", "字段", "值", "问题", "修改建议")
    assert rows[1:4] == [
        ("提示", "CT501 ct501-slug", SHEET, None, None, "CT501 问题", "CT501 修改"),
        ("警告", "CT110 ct110-slug", f"{SHEET}!C1", None, None, "CT110 问题", "CT110 修改"),
        ("错误", "CT201 ct201-slug", f"{SHEET}!B3", "小类代码", "2-02-45", "CT201 问题", "CT201 修改"),
    ]
    assert len(rows) == 1 + 8
    formula_like = next(r for r in results.iter_rows(min_row=2) if r[1].value == "CT302 ct302-slug")
    assert (
        formula_like[4].value == '=HYPERLINK("x")' and formula_like[4].data_type == "s"
    )  # text, not a formula
    assert next(r for r in rows if r[1] == "CT102 ct102-slug")[4] == "（空）"
    links = {r[1].value: r[2].hyperlink.location for r in results.iter_rows(min_row=2) if r[2].hyperlink}
    assert links == {
        "CT501 ct501-slug": f"'{SHEET}'!A1",
        "CT110 ct110-slug": f"'{SHEET}'!A1",
        "CT201 ct201-slug": f"'{SHEET}'!B3",
        "CT209 ct209-slug": f"'{SHEET}'!B3",
        "CT302 ct302-slug": f"'{SHEET}'!C4",
        "CT102 ct102-slug": f"'{SHEET}'!D4",
        "CT301 ct301-slug": f"'{SHEET}'!E4",
        "CT401 ct401-slug": f"'{SHEET}'!A4",
    }


def test_annotation_speaks_english_and_never_reuses_an_existing_sheet_name(
    draft: Path, tmp_path: Path
) -> None:
    first = tmp_path / "once.xlsx"
    write_annotated(draft, report(), first, "en")
    second = tmp_path / "twice.xlsx"
    write_annotated(first, report(), second, "en")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames == [SHEET, "说明", RESULTS_SHEET, f"{RESULTS_SHEET} (2)"]
    assert wb[RESULTS_SHEET]["A1"].value == "Severity"
    assert wb[SHEET]["E4"].comment.text.endswith("[warning CT301 ct301-slug] CT301 message\nFix: CT301 fix")


def test_annotation_refuses_to_overwrite_its_input_or_annotate_a_csv(draft: Path, tmp_path: Path) -> None:
    before = sha(draft)
    with pytest.raises(UsageError, match="cannot overwrite its input"):
        write_annotated(draft, report(), tmp_path / "." / "draft.xlsx", "en")
    assert sha(draft) == before
    csv = tmp_path / "draft.csv"
    csv.write_text("小类代码\n2-02-10\n", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        write_annotated(csv, report(), tmp_path / "x.xlsx", "en")
    assert "needs an .xlsx workbook" in exc.value.message_en and "需要 .xlsx" in exc.value.message_zh
    with pytest.raises(UsageError, match=r"must be an \.xlsx"):
        write_annotated(draft, report(), tmp_path / "x.csv", "en")


def test_a_damaged_workbook_is_an_input_error_and_leaves_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out.xlsx"
    with pytest.raises(InputError, match=r"cannot open bad\.xlsx"):
        write_annotated(bad, report(), out, "en")
    assert list(tmp_path.iterdir()) == [bad]


def test_annotates_the_shared_jiangsu_fixture(shared_fixtures: Path, tmp_path: Path) -> None:
    source = shared_fixtures / "jiangsu-draft-2026.xlsx"
    expected = json.loads((shared_fixtures / "jiangsu-draft-2026.expected.json").read_text(encoding="utf-8"))
    before = sha(source)
    findings = tuple(finding("CT201", "error", row, "B") for row in expected["error_rows"]) + tuple(
        finding("CT301", "warning", row, "G") for row in expected["warning_rows_at_least"]
    )
    out = tmp_path / "jiangsu.annotated.xlsx"
    write_annotated(source, FileReport(source.name, SHEET, 18, findings), out, "zh")
    assert sha(source) == before
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET]
    assert [ws[f"B{row}"].fill.fgColor.rgb for row in expected["error_rows"]] == [RED] * len(
        expected["error_rows"]
    )
    assert ws["G21"].fill.fgColor.rgb == AMBER
    assert wb[RESULTS_SHEET].max_row == 1 + len(findings)
    assert ws["A1"].value == "江苏省外国人来华工作指导目录（2026年版）（征求意见稿）"
