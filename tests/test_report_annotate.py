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
        message_zh=f"{rule} 问题\x07",  # a control character: shown as \\x07 (issue #19)
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
        "[错误 CT201 ct201-slug] CT201 问题\\x07\n修改建议：CT201 修改\n\n[提示 CT209 ct209-slug] CT209 问题\\x07\n修改建议：CT209 修改"
    )
    assert ws["B3"].comment.author == "catalogtool"
    assert ws["D4"].comment.text.startswith("起草人：请补充岗位\n\n— catalogtool —\n[错误 CT102")
    assert ws["F3"].value == "=A3*2" and ws["F4"].value == "=SUM(A3:A4)"  # formulas kept, not evaluated
    assert wb["说明"]["A1"].value == "notes"

    results = wb[RESULTS_SHEET]
    rows = list(results.iter_rows(max_col=7, values_only=True))
    assert rows[0] == ("级别", "规则", "位置", "字段", "值", "问题", "修改建议")
    assert rows[1:4] == [
        ("提示", "CT501 ct501-slug", SHEET, None, None, "CT501 问题\\x07", "CT501 修改"),
        ("警告", "CT110 ct110-slug", f"{SHEET}!C1", None, None, "CT110 问题\\x07", "CT110 修改"),
        ("错误", "CT201 ct201-slug", f"{SHEET}!B3", "小类代码", "2-02-45", "CT201 问题\\x07", "CT201 修改"),
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


def test_annotation_speaks_english_and_never_reuses_a_drafters_sheet_name(
    draft: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(draft)
    wb.create_sheet(RESULTS_SHEET)["A1"] = "起草组自己的校验记录"
    wb.save(draft)
    out = tmp_path / "once.xlsx"
    write_annotated(draft, report(), out, "en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET, "说明", RESULTS_SHEET, f"{RESULTS_SHEET} (2)"]
    assert wb[RESULTS_SHEET]["A1"].value == "起草组自己的校验记录"
    assert wb[f"{RESULTS_SHEET} (2)"]["A1"].value == "Severity"
    assert wb[SHEET]["E4"].comment.text.endswith("[warning CT301 ct301-slug] CT301 message\nFix: CT301 fix")


GREEN = "00C6EFCE"


def test_annotating_an_annotated_copy_replaces_the_previous_results(draft: Path, tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill

    wb = openpyxl.load_workbook(draft)
    ws = wb[SHEET]
    for coordinate in ("B3", "C3"):  # the drafters' own highlight, on a cell we mark and on one we do not
        ws[coordinate].fill = PatternFill(fill_type="solid", fgColor=GREEN)
    wb.save(draft)
    first, second = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    write_annotated(draft, report(), first, "zh")
    wb = openpyxl.load_workbook(first)
    wb[SHEET]["E4"].fill = PatternFill(fill_type="solid", fgColor="00FFFF00")  # drafter recolours a mark
    wb[SHEET]["A3"].comment = Comment("已与行业协会确认", "张三")
    wb.save(first)

    later = FileReport("draft.xlsx", SHEET, 2, (finding("CT301", "warning", 3, "C", "x"),))
    write_annotated(first, later, second, "en")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames == [SHEET, "说明", RESULTS_SHEET]
    rows = list(wb[RESULTS_SHEET].iter_rows(min_col=1, max_col=7, values_only=True))
    assert rows == [
        _HEADER_EN,
        ("warning", "CT301 ct301-slug", f"{SHEET}!C3", None, "x", "CT301 message", "CT301 fix"),
    ]
    ws = wb[SHEET]
    fills = {c: ws[c].fill.fgColor.rgb for c in ("B3", "C3", "D4", "E4", "A4", "A1")}
    assert fills == {
        "B3": GREEN,
        "C3": AMBER,
        "D4": "00000000",
        "E4": "00FFFF00",
        "A4": "00000000",
        "A1": "00000000",
    }
    assert ws["B3"].comment is None and ws["A4"].comment is None
    assert (ws["D4"].comment.text, ws["D4"].comment.author) == ("起草人：请补充岗位", "起草组")
    assert (ws["A3"].comment.text, ws["A3"].comment.author) == ("已与行业协会确认", "张三")
    assert ws["C3"].comment.text == "[warning CT301 ct301-slug] CT301 message\nFix: CT301 fix"

    # And a third time, from the copy just made: C3 gets its drafters' green back when nothing is found.
    third = tmp_path / "thrice.xlsx"
    write_annotated(second, FileReport("draft.xlsx", SHEET, 2, ()), third, "zh")
    wb = openpyxl.load_workbook(third)
    assert wb.sheetnames == [SHEET, "说明", RESULTS_SHEET]
    assert wb[SHEET]["C3"].fill.fgColor.rgb == GREEN and wb[SHEET]["C3"].comment is None
    assert wb[RESULTS_SHEET].max_row == 1


_HEADER_EN = ("Severity", "Rule", "Cell", "Field", "Value", "Message", "Fix")


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


def test_a_copy_annotated_before_the_marker_existed_is_cleaned_too(draft: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.xlsx"
    write_annotated(draft, report(), old, "zh")
    wb = openpyxl.load_workbook(old)
    results = wb[RESULTS_SHEET]
    results.delete_cols(10, 4)  # no marker, no record: as written by earlier versions
    wb.copy_worksheet(results).title = f"{RESULTS_SHEET} (2)"  # ...which stacked results sheets
    ws = wb[SHEET]
    ws["B3"].comment = Comment(
        f"{ws['B3'].comment.text}\n\n— catalogtool —\n[错误 CT201 x] 又一次", "catalogtool"
    )
    ws["C3"].fill = openpyxl.styles.PatternFill(fill_type="solid", fgColor=GREEN)
    wb.save(old)
    out = tmp_path / "new.xlsx"
    write_annotated(old, FileReport("draft.xlsx", SHEET, 2, ()), out, "en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET, "说明", RESULTS_SHEET]
    ws = wb[SHEET]
    assert ws["B3"].comment is None and ws["B3"].fill.fgColor.rgb == "00000000"
    assert ws["D4"].comment.text == "起草人：请补充岗位" and ws["C3"].fill.fgColor.rgb == GREEN


def test_every_comment_box_opens_beside_its_own_cell(draft: Path, tmp_path: Path) -> None:
    # openpyxl gives every comment the same position and no anchor: shown, they all opened in the
    # sheet's top-left corner, stacked. Each note now has Excel's anchor: from the column right of its
    # cell and the row above, as wide and tall as its box.
    import re
    import zipfile
    from xml.etree import ElementTree

    wide = openpyxl.load_workbook(draft)
    wide[SHEET].column_dimensions["C"].width = 30  # 210 px: the box of B3 reaches only into E
    wide.save(draft)
    out = tmp_path / "annotated.xlsx"
    write_annotated(draft, report(), out, "zh")
    with zipfile.ZipFile(out) as archive:
        (part,) = [name for name in archive.namelist() if name.endswith(".vml")]
        vml = ElementTree.fromstring(archive.read(part))
    x = "{urn:schemas-microsoft-com:office:excel}"
    notes = {}
    for shape in vml.iter("{urn:schemas-microsoft-com:vml}shape"):
        data = shape.find(f"{x}ClientData")
        assert data is not None
        anchor = tuple(int(n) for n in data.findtext(f"{x}Anchor", "").split(", "))
        height = int(re.search(r"height:(\d+)px", shape.get("style", ""))[1])  # type: ignore[index]
        notes[(int(data.findtext(f"{x}Row", "")), int(data.findtext(f"{x}Column", "")))] = (anchor, height)
    # 0-based (row, column) of B3, C4, D4, E4, A4 and A1 (the merged title's anchor)
    assert sorted(notes) == [(0, 0), (2, 1), (3, 0), (3, 2), (3, 3), (3, 4)]
    for (row, column), (anchor, height) in notes.items():
        left, left_offset, top, top_offset, right, _, bottom, _ = anchor
        assert (left, left_offset) == (column + 1, 15)  # just right of its cell
        assert (top, top_offset) == (max(row - 1, 0), 10)  # from the row above
        assert right > left and bottom >= top + height // 20 - 1
    (anchor, _) = notes[(2, 1)]
    assert anchor[4:6] == (4, 15 + 320 - 210 - 64)  # C is 210 px wide, D 64: 61 px into E
    assert len({anchor for anchor, _ in notes.values()}) == len(notes)  # no two boxes in one place
    # The copy still reads as a workbook with its comments, ours and the drafter's.
    comments = {c.coordinate: c.comment for c in openpyxl.load_workbook(out)[SHEET]["D"] if c.comment}
    assert comments["D4"].text.startswith("起草人：请补充岗位")
