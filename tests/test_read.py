"""read_sheet on real files written by the tests: layouts, encodings, row numbers, reading findings."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.styles import Font

from catalogtool.errors import InputError
from catalogtool.model import FIELDS, RawRow, Sheet
from catalogtool.read import Limits, read_sheet
from catalogtool.safe_cells import csv_field as guard_csv_text
from catalogtool.safe_cells import csv_unfield as unguard_csv_text
from catalogtool.safe_cells import is_formula_like
from tests.conftest import LEADING_HEADER, new_workbook

HEADER = [
    *LEADING_HEADER,
    "学历（学位）",
    "工作经历（年）",
    "专业技能",
]
ROW = [
    1,
    "2-02-10",
    "信息和通信工程技术人员",
    "2-02-10-03",
    "软件架构师",
    "软件和信息服务",
    "学士",
    "3年以上",
    "熟悉",
]


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> Path:
    """A workbook with one sheet per entry, rows written from A1."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def patch_part(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Replace bytes inside one zip member (to write what openpyxl cannot, e.g. cached values)."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == part:
                assert old in data
                data = data.replace(old, new)
            zout.writestr(info, data)


def rows_of(sheet: Sheet) -> list[RawRow]:
    return list(sheet.rows)


def rules_of(sheet: Sheet) -> list[tuple[str, int | None, str | None]]:
    return [(f.rule, f.location.row, f.location.column) for f in sheet.findings]


# ---- the shared fixtures --------------------------------------------------------------------------


def test_jiangsu_fixture_two_level_header_and_excel_row_numbers(shared_fixtures: Path) -> None:
    sheet = read_sheet(shared_fixtures / "jiangsu-draft-2026.xlsx")
    assert (sheet.format, sheet.sheet, sheet.header_rows, sheet.encoding) == (
        "xlsx",
        "指导目录",
        (3, 4),
        None,
    )
    assert dict(sheet.columns) == {key: chr(65 + i) for i, key in enumerate(FIELDS)}
    assert sheet.findings == ()
    rows = rows_of(sheet)
    assert [r.number for r in rows] == list(range(5, 23))
    first = rows[0]
    assert (first.text("subcategory_code"), first.column("subcategory_code")) == ("2-02-38", "B")
    assert first.text("seq") == "1"
    assert rows[-1].text("position") == ""  # row 22: position left blank


def test_guangdong_fixture_gb18030_csv(shared_fixtures: Path) -> None:
    sheet = read_sheet(shared_fixtures / "guangdong-draft.gb18030.csv")
    assert (sheet.format, sheet.encoding, sheet.sheet, sheet.header_rows) == ("csv", "gb18030", None, (1,))
    assert [r.number for r in rows_of(sheet)] == [2, 3, 4, 5, 6, 7, 8]
    assert [(f.rule, f.message_en) for f in sheet.findings] == [
        ("CT106", "Read as GB18030, fields separated by ','")
    ]


# ---- xlsx layouts ---------------------------------------------------------------------------------


def test_table_starting_at_c3_keeps_real_row_numbers_and_letters(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for j, text in enumerate(HEADER):
        ws.cell(3, 3 + j, text)
    for j, value in enumerate(ROW):
        ws.cell(4, 3 + j, value)
        ws.cell(6, 3 + j, value)  # row 5 left blank inside the table
    wb.save(tmp_path / "c3.xlsx")
    sheet = read_sheet(tmp_path / "c3.xlsx")
    assert sheet.header_rows == (3,)
    assert sheet.columns["seq"] == "C" and sheet.columns["skills"] == "K"
    rows = rows_of(sheet)
    assert [r.number for r in rows] == [4, 6]
    assert rows[0].column("position") == "G"
    assert rows[0].text("position") == "软件架构师"


def test_bilingual_headers_in_another_order(tmp_path: Path) -> None:
    header = [
        "Skills\n专业技能",
        "岗位名称\nPosition",
        "Industry 产业",
        "*学历",
        "工作年限",
        "Subcategory name",
        "小类代码",
    ]
    row = ["熟悉", "工程师", "软件", "硕士", "2", "信息和通信工程技术人员", "2-02-10"]
    path = write_xlsx(tmp_path / "bi.xlsx", {"Sheet1": [header, row]})
    sheet = read_sheet(path)
    assert dict(sheet.columns) == {
        "skills": "A",
        "position": "B",
        "industry": "C",
        "education": "D",
        "experience_years": "E",
        "subcategory_name": "F",
        "subcategory_code": "G",
    }
    assert sheet.findings == ()
    (only,) = rows_of(sheet)
    assert (only.number, only.text("subcategory_code"), only.column("subcategory_code")) == (
        2,
        "2-02-10",
        "G",
    )


def test_instructions_sheet_first_and_hidden_copy_are_passed_over(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "multi.xlsx",
        {
            "填表说明": [
                ["填表说明"],
                ["1. 岗位名称、学历、专业技能为必填项。"],
                ["2. 小类代码以大典为准。"],
            ],
            "代码表": [HEADER, ROW],
            "目录": [["标题"], HEADER, ROW, ROW],
        },
        hidden=("代码表",),
    )
    sheet = read_sheet(path)
    assert (sheet.sheet, sheet.header_rows) == ("目录", (2,))
    assert [r.number for r in rows_of(sheet)] == [3, 4]


def test_two_matching_sheets_need_sheet_option(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "two.xlsx", {"2025版": [HEADER, ROW], "2026版": [HEADER, ROW]})
    with pytest.raises(InputError) as err:
        read_sheet(path)
    assert "2025版、2026版" in err.value.message_en and "--sheet" in err.value.message_en
    assert "--sheet" in err.value.message_zh
    assert read_sheet(path, sheet="2026版").sheet == "2026版"


def test_unknown_sheet_name_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "one.xlsx", {"目录": [HEADER, ROW], "说明": [["x"]]})
    with pytest.raises(InputError, match="there is no sheet '目录2'; the sheets are: 目录、说明"):
        read_sheet(path, sheet="目录2")


def test_workbook_without_a_catalog_table(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "none.xlsx", {"A": [["名称", "数量"], ["x", 1]], "B": [["hello"]]})
    with pytest.raises(InputError) as err:
        read_sheet(path)
    assert "no catalog table found in any sheet (A、B)" in err.value.message_en
    assert "小类代码" in err.value.message_en
    assert "未找到目录表格" in err.value.message_zh


def test_trailing_formatted_rows_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    wb, ws = new_workbook(HEADER, ROW, [], ROW)
    for r in range(5, 2000):
        for c in range(1, 10):
            ws.cell(r, c).font = Font(bold=True)
    ws.cell(3, 12, "note outside the table")  # an unmapped cell does not make a row
    wb.save(tmp_path / "trailing.xlsx")
    sheet = read_sheet(tmp_path / "trailing.xlsx")
    assert [r.number for r in rows_of(sheet)] == [2, 4]


BLANKISH = ["  ", "\u3000", " \t ", "\u00a0", "\u200b"]  # spaces, ideographic, tab, no-break, zero-width


def test_whitespace_only_rows_are_skipped_like_blank_rows(tmp_path: Path) -> None:
    blankish = [BLANKISH[i % len(BLANKISH)] for i in range(len(ROW))]
    wb, _ = new_workbook(HEADER, ROW, blankish, ROW, ["  ", None, "\u3000"], blankish)
    wb.save(tmp_path / "spaces.xlsx")
    rows = rows_of(read_sheet(tmp_path / "spaces.xlsx"))
    assert [r.number for r in rows] == [2, 4]


def test_whitespace_only_cells_of_a_data_row_are_left_out(tmp_path: Path) -> None:
    row = [*ROW]
    row[6] = "\u3000 "
    wb, _ = new_workbook(HEADER, row)
    wb.save(tmp_path / "cell.xlsx")
    (only,) = rows_of(read_sheet(tmp_path / "cell.xlsx"))
    assert "education" not in only.cells and only.text("position") == "软件架构师"


def test_header_with_only_whitespace_rows_under_it_warns(tmp_path: Path) -> None:
    wb, _ = new_workbook(HEADER, ["  "] * len(ROW))
    wb.save(tmp_path / "none.xlsx")
    sheet = read_sheet(tmp_path / "none.xlsx")
    assert rows_of(sheet) == [] and rules_of(sheet)[-1] == ("CT107", 1, None)


def test_excel_date_in_code_column_stays_a_date(tmp_path: Path) -> None:
    row = [*ROW]
    row[1] = dt.date(2002, 2, 10)
    path = write_xlsx(tmp_path / "date.xlsx", {"S": [HEADER, row]})
    (only,) = rows_of(read_sheet(path))
    assert only.cells["subcategory_code"].value == dt.date(2002, 2, 10)
    assert only.cells["seq"].value == 1


def test_formula_cells_with_and_without_a_saved_value(tmp_path: Path) -> None:
    row2 = [*ROW]
    row2[0] = "=A2+1"
    row2[2] = '=VLOOKUP(B3,"x",1)'
    path = write_xlsx(tmp_path / "f.xlsx", {"S": [HEADER, ROW, row2]})
    patch_part(path, "xl/worksheets/sheet1.xml", b"<f>A2+1</f><v></v>", b"<f>A2+1</f><v>2</v>")
    sheet = read_sheet(path)
    assert rules_of(sheet) == [("CT103", 3, "A"), ("CT104", 3, "C")]
    assert sheet.findings[0].severity == "warning" and sheet.findings[1].severity == "error"
    assert sheet.findings[0].message_en == "A3 holds a formula (=A2+1); its saved value '2' was used"
    second = rows_of(sheet)[1]
    assert (second.cells["seq"].value, second.cells["seq"].formula) == (2, "A2+1")
    assert "subcategory_name" not in second.cells  # no saved value: reads as empty


def test_long_cell_is_truncated_with_an_error(tmp_path: Path) -> None:
    row = [*ROW]
    row[8] = "技" * 80
    path = write_xlsx(tmp_path / "long.xlsx", {"S": [HEADER, row]})
    sheet = read_sheet(path, limits=Limits(max_cell_chars=50))
    assert rules_of(sheet) == [("CT105", 2, "I")]
    assert sheet.findings[0].message_en == "I2 has 80 characters, more than 50; only the first 50 were read"
    (only,) = rows_of(sheet)
    assert only.text("skills") == "技" * 50


def test_long_shared_string_is_found(tmp_path: Path) -> None:
    row = [*ROW]
    row[8] = "LONGTEXT"
    path = write_xlsx(tmp_path / "shared.xlsx", {"S": [HEADER, row]})
    # Rewrite the inline string as a shared string, as Excel and WPS store text.
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml")
    start = sheet_xml.index(b'<c r="I2"')
    end = sheet_xml.index(b"</c>", start) + 4
    patch_part(path, "xl/worksheets/sheet1.xml", sheet_xml[start:end], b'<c r="I2" t="s"><v>0</v></c>')
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
        + "能".encode() * 70
        + b"</t></si></sst>"
    )
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/sharedStrings.xml", shared)
    patch_part(
        path,
        "xl/_rels/workbook.xml.rels",
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    sheet = read_sheet(path, limits=Limits(max_cell_chars=60))
    assert rules_of(sheet) == [("CT105", 2, "I")]
    assert rows_of(sheet)[0].text("skills") == "能" * 60


def test_a_category_merged_down_is_read_into_every_row_once(tmp_path: Path) -> None:
    wb, ws = new_workbook(HEADER, ROW, ROW, ROW)
    ws.merge_cells("F2:F4")
    wb.save(tmp_path / "merged.xlsx")
    sheet = read_sheet(tmp_path / "merged.xlsx")
    assert rules_of(sheet) == []
    assert [r.text("industry") for r in rows_of(sheet)] == ["软件和信息服务"] * 3
    assert [(f.rule, f.severity, f.location.row, f.location.column) for f in sheet.layout] == [
        ("CT110", "info", 2, "F")
    ]
    assert "(F2:F4)" in sheet.layout[0].message_en


def test_merged_cells_across_fields_of_a_row_warn(tmp_path: Path) -> None:
    wb, ws = new_workbook(HEADER, ROW, ROW)
    ws.merge_cells("E2:F2")
    wb.save(tmp_path / "merged.xlsx")
    sheet = read_sheet(tmp_path / "merged.xlsx")
    rows = rows_of(sheet)
    assert [(f.rule, f.location.row, f.location.column) for f in sheet.layout] == [("CT109", 2, "E")]
    assert [r.text("industry") for r in rows] == ["", "软件和信息服务"]


def test_unknown_duplicate_and_missing_columns(tmp_path: Path) -> None:
    header = ["岗位名称", "岗位职责", "学历", "学历要求", "小类代码"]
    path = write_xlsx(tmp_path / "cols.xlsx", {"S": [header, ["a", "b", "c", "d", "2-02-10"]]})
    sheet = read_sheet(path)
    assert rules_of(sheet) == [("CT101", None, None), ("CT102", 1, "B"), ("CT108", 1, "D")]
    missing = sheet.findings[0]
    assert missing.severity == "error"
    assert missing.message_en == (
        "The table has no column for: Subcategory name, Industry, Experience (years), Skills"
    )
    assert missing.message_zh == "表格缺少以下列：小类名称、产业领域、工作经历（年）、专业技能"
    assert sheet.findings[1].severity == "warning" and sheet.findings[2].severity == "error"


def test_header_without_rows_warns(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty-table.xlsx", {"S": [["标题"], HEADER]})
    sheet = read_sheet(path)
    assert rules_of(sheet) == [("CT107", 2, None)]
    assert rows_of(sheet) == []


def test_inputs_are_never_modified(tmp_path: Path, shared_fixtures: Path) -> None:
    xlsx = write_xlsx(tmp_path / "x.xlsx", {"S": [HEADER, ROW]})
    csv = tmp_path / "x.csv"
    csv.write_text(",".join(HEADER) + "\n" + ",".join(map(str, ROW)) + "\n", encoding="utf-8")
    for path in (xlsx, csv):
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        rows_of(read_sheet(path))
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# ---- CSV ------------------------------------------------------------------------------------------


def _csv_text() -> str:
    return (
        "江苏省外国人来华工作指导目录\n"
        + ",".join(HEADER)
        + "\n"
        + ",".join(map(str, ROW))
        + "\n\n"
        + '2,2-02-38,数字技术工程技术人员,,"芯片\n设计工程师",集成电路,硕士,3,熟悉\n'
        + ",".join(map(str, ROW))
        + "\n"
    )


@pytest.mark.parametrize(
    ("encoding", "expected", "shown"),
    [
        ("utf-8", "utf-8", "UTF-8"),
        ("utf-8-sig", "utf-8-sig", "UTF-8 with BOM"),
        ("gb18030", "gb18030", "GB18030"),
    ],
)
def test_csv_encodings_and_physical_line_numbers(
    tmp_path: Path, encoding: str, expected: str, shown: str
) -> None:
    path = tmp_path / "draft.csv"
    path.write_bytes(_csv_text().encode(encoding))
    sheet = read_sheet(path)
    assert (sheet.encoding, sheet.header_rows) == (expected, (2,))
    assert sheet.findings[0].message_en == f"Read as {shown}, fields separated by ','"
    rows = rows_of(sheet)
    assert [r.number for r in rows] == [3, 5, 7]  # line 4 blank; the record on line 5 spans two lines
    assert rows[1].text("position") == "芯片\n设计工程师"
    assert rows[1].column("position") == "E"


def test_csv_encoding_decided_on_the_whole_file(tmp_path: Path) -> None:
    # ASCII for more than a megabyte, then GB18030: the first chunk alone would say UTF-8.
    filler = "".join(f"{i},2-02-10,name,,pos,ind,edu,2,skills\n" for i in range(40_000))
    text = ",".join(HEADER) + "\n" + filler + ",".join(map(str, ROW)) + "\n"
    path = tmp_path / "late.csv"
    path.write_bytes(text.encode("gb18030"))
    sheet = read_sheet(path)
    assert sheet.encoding == "gb18030"
    assert list(sheet.rows)[-1].text("position") == "软件架构师"


def test_csv_whitespace_only_records_are_skipped(tmp_path: Path) -> None:
    blank = ",".join(BLANKISH[i % len(BLANKISH)] for i in range(len(ROW)))
    path = tmp_path / "spaces.csv"
    path.write_text(
        "\n".join([",".join(HEADER), ",".join(map(str, ROW)), blank, ",".join(map(str, ROW)), blank]) + "\n"
    )
    assert [r.number for r in rows_of(read_sheet(path))] == [2, 4]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("'- 熟悉芯片设计", "- 熟悉芯片设计"),
        ("'=1+1", "=1+1"),
        ("'+86 电话", "+86 电话"),
        ("'@SUM(A1)", "@SUM(A1)"),
        ("''=1+1", "'=1+1"),  # text that itself began with the guard was guarded once more
        ("'熟悉", "'熟悉"),  # not a guard: nothing formula-like follows
        ("'", "'"),
    ],
)
def test_csv_formula_guard_is_undone_on_reading(tmp_path: Path, written: str, read: str) -> None:
    row = [*map(str, ROW)]
    row[8] = written
    path = tmp_path / "guarded.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, row])
    (only,) = rows_of(read_sheet(path))
    assert only.text("skills") == read


@given(st.text(max_size=8))
def test_csv_guard_round_trips_and_leaves_nothing_formula_like(text: str) -> None:
    guarded = guard_csv_text(text)
    assert unguard_csv_text(guarded) == text
    assert len(text) <= 1 or not is_formula_like(guarded)


@pytest.mark.parametrize(("delimiter", "name"), [("\t", "tab"), (";", "';'")])
def test_csv_delimiter_is_detected(tmp_path: Path, delimiter: str, name: str) -> None:
    path = tmp_path / "d.txt"
    path.write_text(delimiter.join(HEADER) + "\n" + delimiter.join(map(str, ROW)) + "\n", encoding="utf-8")
    sheet = read_sheet(path)
    assert sheet.findings[0].message_en == f"Read as UTF-8, fields separated by {name}"
    assert rows_of(sheet)[0].text("industry") == "软件和信息服务"


def test_csv_long_field_is_truncated_with_an_error(tmp_path: Path) -> None:
    row = [*map(str, ROW)]
    row[8] = "x" * 120
    path = tmp_path / "long.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    sheet = read_sheet(path, limits=Limits(max_cell_chars=100))
    assert rules_of(sheet)[1:] == [("CT105", 2, "I")]
    assert rows_of(sheet)[0].text("skills") == "x" * 100


def test_csv_long_field_over_several_lines_is_found(tmp_path: Path) -> None:
    row = [*map(str, ROW)]
    row[8] = '"' + "line\n" * 30 + '"'  # 150 characters, no line longer than 5
    path = tmp_path / "multiline.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    sheet = read_sheet(path, limits=Limits(max_cell_chars=100))
    assert rules_of(sheet)[1:] == [("CT105", 2, "I")]
    assert (
        sheet.findings[1].message_en == "I2 has 150 characters, more than 100; only the first 100 were read"
    )


def test_sheet_option_with_csv_is_a_usage_error(tmp_path: Path) -> None:
    from catalogtool.errors import UsageError

    path = tmp_path / "x.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(UsageError):
        read_sheet(path, sheet="目录")


# ---- YAML / JSON ----------------------------------------------------------------------------------

YAML_ROWS = """\
# 江苏省目录（规范行格式）
rows:
  - seq: 1
    subcategory_code: 2-02-10
    subcategory_name: 信息和通信工程技术人员
    occupation_codes: [2-02-10-01, 2-02-10-03]
    position: 软件架构师
    industry: 软件和信息服务
    education: 学士
    experience_years: 3
    skills: 熟悉
    notes:

  - subcategory_code: 0202
    subcategory_name: x
    岗位名称: 工程师
    industry: y
    education: 硕士
    experience_years: 两年
    skills: z
    color: red
"""


def test_yaml_rows_keep_text_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(YAML_ROWS, encoding="utf-8")
    sheet = read_sheet(path)
    assert (sheet.format, sheet.header_rows) == ("yaml", ())
    first, second = rows_of(sheet)
    assert (first.number, second.number) == (3, 14)
    assert first.cells["subcategory_code"].value == "2-02-10"
    assert first.cells["experience_years"].value == "3"
    assert first.text("occupation_codes") == "2-02-10-01; 2-02-10-03"
    # A document has no columns: each field is at the line of its key.
    assert first.column("position") is None and sheet.kind == "line"
    assert (first.lines or {})["position"] == 7 and (second.lines or {})["position"] == 16
    assert "notes" not in first.cells
    assert second.cells["subcategory_code"].value == "0202"  # never an octal number
    assert second.text("position") == "工程师"  # header spellings work as keys
    assert rules_of(sheet) == [("CT102", 21, None)]


def test_json_rows_keep_numbers_as_written(tmp_path: Path) -> None:
    data = [
        {"subcategory_code": "2-02-10", "position": "a", "seq": 1, "experience_years": 2.50},
        {"subcategory_code": 20210, "position": "b", "occupation_codes": ["2-02-10-01"]},
    ]
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"rows": data}), encoding="utf-8")
    sheet = read_sheet(path)
    first, second = rows_of(sheet)
    assert (first.number, second.number) == (1, 1)  # rows are at lines; this JSON is one line
    assert first.cells["seq"].value == "1" and first.cells["experience_years"].value == "2.5"
    assert second.cells["subcategory_code"].value == "20210"
    assert second.text("occupation_codes") == "2-02-10-01"
    assert [f.rule for f in sheet.findings] == ["CT101"]
    assert sheet.findings[0].value == (  # labels, never the internal keys
        "小类名称 / Subcategory name, 产业领域 / Industry, 学历（学位） / Education, 专业技能 / Skills"
    )
