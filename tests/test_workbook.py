"""The catalog workbook writer: template layout, drop-downs, print setup, text-only codes, determinism."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell
from python_calamine import CalamineWorkbook

from catalogtool.codes import load_code_list
from catalogtool.errors import InputError
from catalogtool.model import FIELD_LABELS, FIELDS
from catalogtool.workbook import (
    LINE_HEIGHT,
    ROW_PADDING,
    cell_value,
    education_choices,
    row_height,
    template_spec,
    text_lines,
    text_width,
    write_catalog_xlsx,
)

CODES = load_code_list()
STAMP = dt.datetime(2026, 7, 1, 8, 30)
ROW = {
    "seq": "1",
    "subcategory_code": "2-02-10",
    "subcategory_name": "信息和通信工程技术人员",
    "occupation_codes": ["2-02-10-03", "2-02-10-01"],
    "position": "工业软件架构师",
    "industry": "软件和信息服务",
    "education": "学士",
    "experience_years": "5",
    "skills": "熟悉工业软件架构",
}


def write(tmp_path: Path, rows: list[dict[str, object]], **kwargs: object) -> Path:
    path = tmp_path / "catalog.xlsx"
    options: dict[str, object] = {"title": "江苏省外国人来华工作指导目录（2026年版）", "validity_line": None}
    options.update(kwargs)
    write_catalog_xlsx(path, rows, codes=CODES, **options)  # type: ignore[arg-type]
    return path


def test_sheets_instructions_first_data_then_hidden_protected_code_sheet(tmp_path: Path) -> None:
    spec = template_spec()
    wb = openpyxl.load_workbook(write(tmp_path, [ROW]))
    assert wb.sheetnames == [spec.instructions_sheet, spec.data_sheet, spec.codes_sheet]
    codes = wb[spec.codes_sheet]
    assert codes.sheet_state == "hidden"
    assert codes.protection.sheet is True
    listed = [(r[0].value, r[1].value) for r in codes.iter_rows(min_row=2)]
    assert len(listed) == 450
    assert ("2-02-10", "信息和通信工程技术人员") in listed
    assert all(codes.cell(row, 1).number_format == "@" for row in range(2, 452))


def test_instructions_sheet_has_each_point_in_chinese_with_english_below(tmp_path: Path) -> None:
    spec = template_spec()
    ws = openpyxl.load_workbook(write(tmp_path, []))[spec.instructions_sheet]
    texts = [c.value for c in ws["A"] if c.value]
    assert texts[0] == "填表说明  How to fill in this catalog"
    points = texts[1:]
    assert len(points) == 2 * len(spec.instructions)
    assert points[0].startswith("1. 本表按")
    assert points[1].strip().startswith("One row per position")
    required = next(p for p in points if p.startswith("2. "))
    assert (
        required
        == "2. 必填列：小类代码、小类名称、岗位名称、产业领域、学历（学位）、工作经历（年）、专业技能。"
    )
    assert not any("{" in p for p in points)  # every template field was filled
    # The example row's marker is quoted from the spec, in the language of each line.
    zh, en = spec.example_marker
    assert any(p.startswith(f"9. 备注为“{zh}”的行仅作示例") for p in points)
    assert any(f'notes say "{en}"' in p for p in points)
    # Chinese lines name the code list in Chinese and quote with Chinese quotes; English lines in English.
    zh_lines, en_lines = points[0::2], points[1::2]
    assert not any('"' in p or "NOC" in p for p in zh_lines)
    assert CODES.label_zh in next(p for p in zh_lines if p.startswith("3. "))
    assert CODES.label in next(p for p in en_lines if "drop-down list" in p)


def test_instructions_print_one_page_wide_with_wrapped_rows_tall_enough(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, []))[template_spec().instructions_sheet]
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
    width = ws.column_dimensions["A"].width
    for cell in ws["A"][2:]:
        if cell.value:
            assert cell.alignment.wrap_text is True
            assert cell.font.name == template_spec().data_font.name
            height = ws.row_dimensions[cell.row].height
            assert height == row_height([cell.value], [width], font_size=cell.font.size)
    heights = {ws.row_dimensions[c.row].height for c in ws["A"][2:] if c.value}
    assert len(heights) > 1  # long points get more lines than short ones


def test_title_validity_and_two_level_header_like_the_jiangsu_layout(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(
        write(tmp_path, [ROW], validity_line="有效期：自2026年7月1日起至2030年6月30日止")
    )["指导目录"]
    assert ws["A1"].value == "江苏省外国人来华工作指导目录（2026年版）"
    assert ws["A2"].value == "有效期：自2026年7月1日起至2030年6月30日止"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {
        "A1:M1", "A2:M2", "A3:A4", "B3:C3", "D3:D4", "E3:E4", "F3:F4", "G3:K3", "L3:L4", "M3:M4",
    }  # fmt: skip
    # Labels too wide for their column break where a reader expects, never leaving one character alone.
    assert [ws.cell(3, c).value for c in (1, 2, 4, 7, 12)] == [
        "序号",
        "职业分类",
        "相关职业代码",
        "能力要求",
        "年龄\n要求",
    ]
    field_row = [ws.cell(4, c).value for c in range(2, 4)] + [ws.cell(4, c).value for c in range(7, 12)]
    assert field_row == [
        "小类代码",
        "小类名称",
        "学历\n（学位）",
        "工作经历\n（年）",
        "专业技能",
        "职业资格\n证书",
        "薪酬要求",
    ]
    assert [label.replace("\n", "") for label in field_row] == [
        FIELD_LABELS[k][0] for k in FIELDS if FIELD_LABELS[k][2]
    ]
    assert [c.value for c in ws[5]] == [
        1, "2-02-10", "信息和通信工程技术人员", "2-02-10-03；2-02-10-01", "工业软件架构师", "软件和信息服务",
        "学士", 5, "熟悉工业软件架构", None, None, None, None,
    ]  # fmt: skip


def test_freeze_panes_print_setup_widths_and_wrapping(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [ROW]))["指导目录"]
    assert ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.column_dimensions["I"].width == template_spec().widths["skills"]
    assert ws["I5"].alignment.wrap_text is True


def test_every_written_cell_has_the_template_font(tmp_path: Path) -> None:
    spec = template_spec()
    ws = openpyxl.load_workbook(write(tmp_path, [ROW], validity_line="有效期：长期"))["指导目录"]
    assert (ws["A1"].font.name, ws["A1"].font.size) == (spec.title_font.name, spec.title_font.size)
    assert (spec.title_font.name, spec.title_font.size) == ("黑体", 16)
    assert (ws["A2"].font.name, ws["A2"].font.size) == ("宋体", 10)
    for row in (3, 4):  # openpyxl reads the cells hidden by a merge without their style
        assert {(c.font.name, c.font.size) for c in ws[row] if not isinstance(c, MergedCell)} == {
            ("黑体", 10)
        }
    assert {(c.font.name, c.font.size) for c in ws[5]} == {("宋体", 10)}


def test_the_header_row_is_tall_enough_for_every_wrapped_label(tmp_path: Path) -> None:
    # Columns are narrow enough to print at 100 % on A4 landscape (tests/test_print.py), so some
    # labels wrap (学历 over （学位）): the field row grows to hold them.
    spec = template_spec()
    size = spec.header_font.size
    ws = openpyxl.load_workbook(write(tmp_path, [ROW]))["指导目录"]
    labels = [FIELD_LABELS[key][0] for key in FIELDS]
    widths = [spec.widths[key] for key in FIELDS]
    assert any(text_lines(label, w, font_size=size) > 1 for label, w in zip(labels, widths, strict=True))
    assert ws.row_dimensions[4].height == max(spec.header_height, row_height(labels, widths, font_size=size))


def test_row_height_estimate() -> None:
    one = LINE_HEIGHT + ROW_PADDING
    assert text_width("ab") == 2 and text_width("技能") == 4 and text_width("（年）") == 6
    assert row_height([None, ""], [10, 10]) == one  # empty rows keep one line
    assert row_height(["短", 3], [10, 6]) == one
    assert text_lines("字" * 30, 36) == 2  # 60 units in a 36-wide column
    assert text_lines("a\nb", 36) == 2  # explicit line breaks count
    assert row_height(["短", "字" * 30, "x" * 100], [6, 36, 200]) == 2 * LINE_HEIGHT + ROW_PADDING
    assert row_height(["字" * 30], [36], font_size=20) == 4 * 2 * LINE_HEIGHT + ROW_PADDING


@settings(max_examples=50, deadline=None)
@given(text=st.text(min_size=1, max_size=200), width=st.floats(min_value=2, max_value=120))
def test_row_height_grows_with_text_and_shrinks_with_width(text: str, width: float) -> None:
    base = row_height([text], [width])
    assert base >= LINE_HEIGHT + ROW_PADDING
    assert row_height([text + "字" * 40], [width]) >= base
    assert row_height([text], [width * 2]) <= base


def test_data_rows_are_tall_enough_for_their_wrapped_text(tmp_path: Path) -> None:
    long_skills = "熟悉机器学习与深度学习算法，具有独立承担大型研发项目并带领团队完成产品落地的经验" * 2
    short = {**ROW, "occupation_codes": ["2-02-10-03"]}
    rows = [short, {**ROW, "skills": long_skills}]
    ws = openpyxl.load_workbook(write(tmp_path, rows, example=True))["指导目录"]
    spec = template_spec()
    widths = [spec.widths[k] for k in FIELDS]
    heights = [ws.row_dimensions[r].height for r in (5, 6, 7)]
    for r, height in zip((5, 6, 7), heights, strict=True):
        assert height == row_height([c.value for c in ws[r]], widths)
    assert heights[2] > heights[1]  # long skills wrap onto more lines than the short row's
    assert heights[2] >= 4 * LINE_HEIGHT + ROW_PADDING  # 80 CJK characters in the skills column


def test_drop_downs_for_education_and_codes_and_a_hint_on_every_column(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [ROW]))["指导目录"]
    validations = ws.data_validations.dataValidation
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in validations if dv.type == "list"}
    # The code column offers "code name" (column C of the code sheet); the name column has no list of
    # its own, so a picked code and its name cannot disagree.
    assert lists == {
        "B": "'小类代码表'!$C$2:$C$451",
        "G": '"博士,硕士,学士,大专,不限"',
    }
    codes_sheet = openpyxl.load_workbook(write(tmp_path, [ROW]))["小类代码表"]
    assert codes_sheet["C2"].value == f"{codes_sheet['A2'].value} {codes_sheet['B2'].value}"
    assert education_choices() == ("博士", "硕士", "学士", "大专", "不限")
    prompted = {str(dv.sqref)[0] for dv in validations if dv.showInputMessage and dv.prompt}
    assert prompted == {chr(ord("A") + i) for i in range(len(FIELDS))}
    header_hints = [dv for dv in validations if "G3" in str(dv.sqref)]
    assert header_hints and "博士、硕士、学士、大专、不限" in header_hints[0].prompt
    assert all(len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32 for dv in validations)


def test_codes_are_text_cells_and_code_columns_stay_text_for_new_rows(tmp_path: Path) -> None:
    row = {**ROW, "subcategory_code": "20210", "occupation_codes": ["02"]}
    ws = openpyxl.load_workbook(write(tmp_path, [row]))["指导目录"]
    assert (ws["B5"].value, ws["B5"].data_type, ws["B5"].number_format) == ("20210", "s", "@")
    assert (ws["D5"].value, ws["D5"].number_format) == ("02", "@")
    assert ws.column_dimensions["B"].number_format == "@"
    assert ws.column_dimensions["D"].number_format == "@"


FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")']


def test_formula_like_values_are_stored_as_text_never_as_formulas(tmp_path: Path) -> None:
    rows = [{**ROW, "position": text, "skills": text, "notes": text} for text in FORMULAS]
    path = write(tmp_path, rows)
    ws = openpyxl.load_workbook(path)["指导目录"]
    for number, text in enumerate(FORMULAS, start=5):
        for col in ("E", "I", "M"):
            cell = ws[f"{col}{number}"]
            assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet_xml
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("指导目录").to_python()
    assert [r[4] for r in grid[4:]] == FORMULAS


def test_example_row_first_with_the_official_name_and_marked_as_example(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [ROW], example=True))["指导目录"]
    assert ws["B5"].value == "2-02-38"
    assert ws["C5"].value == CODES.get("2-02-38").name  # type: ignore[union-attr]
    assert ws["M5"].value == "示例行，可删除 / example row, delete me"
    assert ws["B6"].value == "2-02-10"


def test_same_rows_and_timestamp_give_identical_bytes_with_fixed_properties(tmp_path: Path) -> None:
    first = write(tmp_path, [ROW], timestamp=STAMP).read_bytes()
    second = write(tmp_path, [ROW], timestamp=STAMP).read_bytes()
    assert first == second
    props = openpyxl.load_workbook(tmp_path / "catalog.xlsx").properties
    assert (props.created, props.modified, props.creator) == (STAMP, STAMP, "catalogtool")
    with zipfile.ZipFile(tmp_path / "catalog.xlsx") as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 7, 1, 8, 30, 0)}


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, [ROW])
    before = path.read_bytes()
    write_bytes = Path.write_bytes

    def disk_full(self: Path, data: bytes) -> int:
        write_bytes(self, data[: len(data) // 2])  # half the workbook reaches the disk, then it is full
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(InputError, match=r"cannot write .*catalog\.xlsx: disk full"):
        write(tmp_path, [ROW, ROW])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.xlsx"]


def test_cell_value_types() -> None:
    assert cell_value("seq", "12") == 12
    assert cell_value("experience_years", "03") == "03"  # a leading zero is text as written
    assert cell_value("experience_years", "3年以上") == "3年以上"
    assert cell_value("subcategory_code", 20210) == "20210"
    assert cell_value("occupation_codes", ("2-02-10-01", " ", "2-02-10-03")) == "2-02-10-01；2-02-10-03"
    assert cell_value("notes", "  ") is None
    assert cell_value("notes", "a\x07b") == "a\x07b"  # kept: safe_cells writes it as _x0007_


# Text that openpyxl can store: no C0 controls (dropped by design, tested above), no lone surrogates.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_TEXT, min_size=1, max_size=8))
def test_any_text_reads_back_exactly_as_written(tmp_path: Path, texts: list[str]) -> None:
    rows = [{"position": t, "skills": t} for t in texts]
    path = write(tmp_path, rows, instructions=False)
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("指导目录").to_python()
    assert [r[4] for r in grid[4 : 4 + len(texts)]] == [t.strip() for t in texts]
