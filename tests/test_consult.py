"""`catalogtool consult`: feedback forms out, every opinion back, none lost, none twice.

The forms are generated from the Jiangsu sample, filled with openpyxl the way parties fill them (renamed
files, re-sorted rows, blank rows, text in the wrong column, several opinions in one cell, a draft cell
edited in place, a proposed new row), collected, and consultation.yaml is checked entry by entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from cli_inproc import Outcome, cli
from conftest import SAMPLE
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from catalogtool.consult.core import (
    FORM_FIELDS,
    FORM_SHEET,
    IDENTITY_SHEET,
    INSTRUCTIONS_SHEET,
    draft_digest,
    parse_kind,
    split_items,
)
from catalogtool.consult.forms import windows_safe
from catalogtool.consult.jobs import load_draft
from catalogtool.model import FIELD_LABELS

FORMS = Path("consult") / "JS-2026"
RECORD = Path("provinces") / "JS" / "consultation.yaml"
SEMI = "01-江苏省半导体行业协会.xlsx"
PHARMA = "02-江苏省医药行业协会.xlsx"
TALENT = "04-江苏省人才流动服务中心.xlsx"
FIRST = 7  # first draft row on the form
DRAFT_ROWS = 39
# Form columns: A..K the draft (FORM_FIELDS), L 意见类型, M 意见内容, N 理由, O the hidden row key.
KIND, CONTENT, REASON, KEY = 12, 13, 14, 15


def said(outcome: Outcome) -> str:
    """What a command printed, standard output and error together."""
    return outcome.stdout + outcome.stderr


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A copy of the Jiangsu sample with its feedback forms written."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    result = cli("consult", "forms", "--province", "JS", "--workspace", root)
    assert result.code == 0, said(result)
    return root


def load_record(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((root / RECORD).read_text("utf-8"))
    return data


def new_opinions(root: Path) -> list[dict[str, Any]]:
    """The opinions collect added (the sample's own have no id)."""
    return [o for o in load_record(root)["opinions"] if "id" in o]


def fill(path: Path, target: Path, edit: Callable[[Any], None], *, unprotect: bool = False) -> Path:
    """Open a generated form, let ``edit`` fill its sheet as a party would, save it as ``target``."""
    wb = openpyxl.load_workbook(path)
    sheet = wb[FORM_SHEET]
    if unprotect:
        sheet.protection.sheet = False
    edit(sheet)
    wb.save(target)
    return target


def row_of(sheet: Any, seq: int) -> int:
    """The sheet row holding draft row ``seq`` (wherever sorting put it)."""
    for r in range(FIRST, sheet.max_row + 1):
        if sheet.cell(r, 1).value == seq:
            return r
    raise AssertionError(f"no row {seq}")


# --- forms --------------------------------------------------------------------------------------------


def test_a_form_per_party_and_the_consultation_draft(ws: Path) -> None:
    names = sorted(p.name for p in (ws / FORMS).iterdir())
    assert len(names) == 13
    assert names[:2] == [SEMI, PHARMA]
    assert "12-社会公众（省人社厅网站公开征求意见）.xlsx" in names
    assert "征求意见稿.docx" in names


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("江苏省半导体行业协会", "江苏省半导体行业协会"),
        ('A/B:C*D?"E"<F>|G', "A_B_C_D__E__F__G"),
        ("CON", "form"),
        ("  trailing dots... ", "trailing dots"),
        ("", "form"),
    ],
)
def test_file_names_are_safe_on_windows(name: str, safe: str) -> None:
    assert windows_safe(name) == safe


def test_the_form_locks_the_draft_and_offers_the_opinion_columns(ws: Path) -> None:
    wb = openpyxl.load_workbook(ws / FORMS / SEMI)
    assert wb.sheetnames == [FORM_SHEET, INSTRUCTIONS_SHEET, IDENTITY_SHEET]
    sheet = wb[FORM_SHEET]
    header = [sheet.cell(FIRST - 1, c).value for c in range(1, KEY + 1)]
    assert header == [FIELD_LABELS[k][0] for k in FORM_FIELDS] + ["意见类型", "意见内容", "理由", "行标识"]
    assert sheet.column_dimensions["O"].hidden
    # The cover block: who, what kind, the deadline; contact fields to fill.
    assert (sheet["A2"].value, sheet["C2"].value, sheet["I2"].value, sheet["M2"].value) == (
        "单位名称",
        "江苏省半导体行业协会",
        "行业协会",
        "2026年4月15日",
    )
    assert sheet["A3"].value == "联系人" and not sheet["C3"].protection.locked
    assert sheet["C2"].protection.locked  # the party's own name is not for changing
    # Draft rows locked, opinion columns open; blank rows below open in full.
    assert (sheet.cell(FIRST, 1).value, sheet.cell(FIRST, 4).value) == (1, "芯片设计工程师")
    assert sheet.cell(FIRST, 4).protection.locked
    assert not any(sheet.cell(FIRST, c).protection.locked for c in (KIND, CONTENT, REASON))
    blank = FIRST + DRAFT_ROWS
    assert not any(sheet.cell(blank + 9, c).protection.locked for c in range(1, REASON + 1))
    assert sheet.protection.sheet
    kinds = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert [dv.formula1 for dv in kinds] == ['"修改,删除,新增,其他"']
    assert str(kinds[0].sqref) == f"L{FIRST}:L{blank + 9}"
    # Printable: A4 landscape, one page wide, the header repeated, instructions in Chinese.
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${FIRST - 1}:${FIRST - 1}"
    assert str(sheet["A5"].value).startswith(
        "填写说明：1. 请在各岗位行右侧的“意见类型”栏选择修改、删除、新增、其他"
    )


def test_the_hidden_identity_names_province_edition_party_and_draft(ws: Path) -> None:
    wb = openpyxl.load_workbook(ws / FORMS / SEMI)
    ident = wb[IDENTITY_SHEET]
    assert ident.sheet_state == "veryHidden"
    values = {ident.cell(r, 1).value: ident.cell(r, 2).value for r in range(1, ident.max_row + 1)}
    draft = load_draft(ws, "JS")
    assert values == {
        "catalogtool-consult-form": "1",
        "province": "JS",
        "edition": "2026",
        "party": "江苏省半导体行业协会",
        "party_type": "industry_association",
        "draft": draft_digest(d.key for d in draft.rows),
        "rows": "39",
    }
    keys = [wb[FORM_SHEET].cell(r, KEY).value for r in range(FIRST, FIRST + DRAFT_ROWS)]
    assert keys == [d.key for d in draft.rows]


def test_forms_are_reproducible(ws: Path) -> None:
    before = (ws / FORMS / SEMI).read_bytes(), (ws / FORMS / "征求意见稿.docx").read_bytes()
    assert (
        cli("consult", "forms", "--province", "JS", "--workspace", ws, "--party", "江苏省半导体行业协会").code
        == 0
    )
    after = (ws / FORMS / SEMI).read_bytes(), (ws / FORMS / "征求意见稿.docx").read_bytes()
    assert before == after


def test_a_generic_form_when_no_party_is_listed(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    (root / RECORD).write_text("period: {start: 2026-03-01, end: 2026-04-15}\nparties: []\n", "utf-8")
    result = cli("consult", "forms", "--province", "JS", "--workspace", root, "--out", tmp_path / "out")
    assert result.code == 0, said(result)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "00-通用意见反馈表.xlsx",
        "征求意见稿.docx",
    ]
    sheet = openpyxl.load_workbook(tmp_path / "out" / "00-通用意见反馈表.xlsx")[FORM_SHEET]
    assert sheet["C2"].value is None and not sheet["C2"].protection.locked
    types = [dv for dv in sheet.data_validations.dataValidation if str(dv.sqref) == "I2"]
    assert types[0].formula1 == '"行业协会,人力资源服务机构,政府有关部门,用人单位,社会公众"'


def test_only_the_named_party_and_an_unknown_name_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    out = tmp_path / "out"
    assert cli("consult", "forms", "-p", "JS", "-w", root, "-o", out, "--party", "东南大学").code == 0
    assert sorted(p.name for p in out.iterdir()) == ["10-东南大学.xlsx", "征求意见稿.docx"]
    result = cli("consult", "forms", "-p", "JS", "-w", root, "-o", tmp_path / "o2", "--party", "某某协会")
    assert result.code == 2
    assert (
        "--party '某某协会' is not among the parties of consultation.yaml (江苏省半导体行业协会、"
        in result.stderr
    )
    assert not (tmp_path / "o2").exists()


def test_the_consultation_draft_has_the_letter_and_the_catalog(ws: Path) -> None:
    document = docx.Document(str(ws / FORMS / "征求意见稿.docx"))
    texts = [p.text for p in document.paragraphs]
    assert (
        texts[0].replace("\n", "")
        == "关于征求《江苏省外国人来华工作指导目录（2026年版）》（征求意见稿）意见的函"
    )
    assert texts[1] == "各有关单位："
    body = "".join(texts)
    assert "于2026年4月15日前将《意见反馈表》（Excel格式）发送至foreign-experts@example.gov.cn" in body
    assert "联系人：外国专家工作处 张三，电话：025-00000000" in body
    assert "江苏省人力资源和社会保障厅" in texts and "2026年3月1日" in texts
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height
    (table,) = document.tables
    assert len(table.rows) == 1 + DRAFT_ROWS
    assert [c.text for c in table.rows[0].cells][:5] == [
        "序号",
        "小类代码",
        "小类名称",
        "相关职业代码",
        "岗位名称",
    ]
    assert [c.text for c in table.rows[1].cells][4] == "芯片设计工程师"


# --- collect: the round trip ----------------------------------------------------------------------


def semiconductor(sheet: Any) -> None:
    """Several opinions in one cell, a deletion typed into the drop-down column, a reason alone, a new
    row, an opinion on the whole draft, and the cover filled in."""
    r1 = row_of(sheet, 1)
    sheet.cell(r1, KIND, "修改")
    sheet.cell(r1, CONTENT, "1. 建议将工作经历要求提高到5年。2. 建议增加英语能力要求")
    sheet.cell(r1, REASON, "1. 行业实践 2. 国际合作需要")
    sheet.cell(row_of(sheet, 3), KIND, "建议删除该岗位，需求已饱和")
    sheet.cell(row_of(sheet, 4), REASON, "学历要求偏高")
    new = FIRST + DRAFT_ROWS + 1
    for col, value in ((2, "2-02-10"), (3, "信息和通信工程技术人员"), (4, "5G网络优化工程师"), (6, "硕士")):
        sheet.cell(new, col, value)
    sheet.cell(new, KIND, "新增")
    sheet.cell(new, CONTENT, "5G建设急需")
    sheet.cell(new + 2, CONTENT, "建议目录同时发布英文版")
    sheet["C3"] = "李四"
    sheet["C4"] = dt.datetime(2026, 3, 28)


def pharma(sheet: Any) -> None:
    """Rows re-sorted (last first) and blank rows inserted, then an opinion on row 10."""
    rows = [[sheet.cell(r, c).value for c in range(1, KEY + 1)] for r in range(FIRST, FIRST + DRAFT_ROWS)]
    for r, values in enumerate(reversed(rows), start=FIRST):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c).value = value
    sheet.insert_rows(FIRST + 5, 3)
    sheet.cell(row_of(sheet, 10), KIND, "删除")
    sheet["C4"] = "2026年3月30日"


def talent(sheet: Any) -> None:
    """The protection lifted: a requirement edited in place, and an opinion beside the form."""
    sheet.cell(row_of(sheet, 5), 7, "8年以上")
    sheet.cell(row_of(sheet, 6), 16, "薪酬建议按年薪表述")


def test_collect_records_every_opinion_field_by_field(ws: Path, tmp_path: Path) -> None:
    forms = ws / FORMS
    returned = [
        fill(forms / SEMI, tmp_path / "反馈-半导体协会（最终版）.xlsx", semiconductor),
        fill(forms / PHARMA, tmp_path / "医药.xlsx", pharma),
        fill(forms / TALENT, tmp_path / "talent.xlsx", talent, unprotect=True),
    ]
    original = (ws / RECORD).read_text("utf-8")
    result = cli("consult", "collect", "-p", "JS", "-w", ws, "--received", "2026-04-02", *returned)
    assert result.code == 0, said(result)
    assert "wrote" in said(result) and ": 9 new opinion(s)." in said(result)

    # Comments, order and formatting kept: the old text is the start of the new one.
    text = (ws / RECORD).read_text("utf-8")
    assert text.startswith(original)
    semi = "江苏省半导体行业协会"
    chip = {"seq": 1, "code": "2-02-38", "position": "芯片设计工程师"}
    src = "反馈-半导体协会（最终版）.xlsx"
    got = new_opinions(ws)
    for o in got:
        assert o["id"].startswith("op-") and len(o["id"]) == 15
        del o["id"]
    assert got == [
        {
            "party": semi,
            "row": chip,
            "kind": "modify",
            "summary": "建议将工作经历要求提高到5年。",
            "reason": "行业实践",
            "received": dt.date(2026, 3, 28),
            "source": {"file": src, "cell": "意见反馈!M7", "part": 1},
            "adopted": None,
        },
        {
            "party": semi,
            "row": chip,
            "kind": "modify",
            "summary": "建议增加英语能力要求",
            "reason": "国际合作需要",
            "received": dt.date(2026, 3, 28),
            "source": {"file": src, "cell": "意见反馈!M7", "part": 2},
            "adopted": None,
        },
        {
            "party": semi,
            "row": {"seq": 3, "code": "2-02-09", "position": "功率半导体器件研发工程师"},
            "kind": "delete",
            "summary": "建议删除该岗位，需求已饱和",
            "received": dt.date(2026, 3, 28),
            "source": {"file": src, "cell": "意见反馈!L9"},
            "adopted": None,
        },
        {
            "party": semi,
            "row": {"seq": 4, "code": "2-02-09", "position": "半导体材料研发工程师"},
            "kind": "other",
            "summary": "学历要求偏高",
            "received": dt.date(2026, 3, 28),
            "source": {"file": src, "cell": "意见反馈!N10"},
            "adopted": None,
        },
        {
            "party": semi,
            "row": "new",
            "kind": "add",
            "summary": "建议新增岗位：2-02-10 信息和通信工程技术人员，5G网络优化工程师（学历（学位）：硕士）\n5G建设急需",
            "proposal": {
                "subcategory_code": "2-02-10",
                "subcategory_name": "信息和通信工程技术人员",
                "position": "5G网络优化工程师",
                "education": "硕士",
            },
            "received": dt.date(2026, 3, 28),
            "source": {"file": src, "cell": "意见反馈!M47"},
            "adopted": None,
        },
        {
            "party": semi,
            "kind": "other",
            "summary": "建议目录同时发布英文版",
            "received": dt.date(2026, 3, 28),
            "source": {"file": src, "cell": "意见反馈!M49"},
            "adopted": None,
        },
        {
            "party": "江苏省医药行业协会",
            "row": {"seq": 10, "code": "2-01-06", "position": "药物化学研究员"},
            "kind": "delete",
            "summary": "建议删除该岗位",
            "received": dt.date(2026, 3, 30),
            "source": {"file": "医药.xlsx", "cell": "意见反馈!L39"},
            "adopted": None,
        },
        {
            "party": "江苏省人才流动服务中心",
            "row": {"seq": 5, "code": "2-02-10", "position": "嵌入式系统架构师"},
            "kind": "modify",
            "summary": "建议将“工作经历（年）”由“5年以上”改为“8年以上”",
            "received": dt.date(2026, 4, 2),
            "source": {"file": "talent.xlsx", "cell": "意见反馈!G11"},
            "adopted": None,
        },
        {
            "party": "江苏省人才流动服务中心",
            "row": {"seq": 6, "code": "2-02-07", "position": "半导体检测设备工程师"},
            "kind": "other",
            "summary": "薪酬建议按年薪表述",
            "received": dt.date(2026, 4, 2),
            "source": {"file": "talent.xlsx", "cell": "意见反馈!P12"},
            "adopted": None,
        },
    ]


def test_collecting_again_adds_nothing_and_leaves_the_file_untouched(ws: Path, tmp_path: Path) -> None:
    form = fill(ws / FORMS / SEMI, tmp_path / "a.xlsx", semiconductor)
    assert cli("consult", "collect", "-p", "JS", "-w", ws, form).code == 0
    before = (ws / RECORD).read_bytes()
    renamed = shutil.copy(form, tmp_path / "半导体协会回复.xlsx")
    result = cli("consult", "collect", "-p", "JS", "-w", ws, form, renamed)
    assert result.code == 0, said(result)
    assert "nothing new: all 12 opinion(s) are already in consultation.yaml" in said(result)
    assert (ws / RECORD).read_bytes() == before


def test_a_party_not_listed_needs_add_party(ws: Path, tmp_path: Path) -> None:
    assert cli("consult", "forms", "-p", "JS", "-w", ws, "-o", tmp_path / "generic").code == 0
    (ws / RECORD).write_text((ws / RECORD).read_text("utf-8"), "utf-8")
    generic = ws / FORMS / SEMI  # a party form with its identity cleared stands for the generic one

    def stranger(sheet: Any) -> None:
        sheet["C2"] = "江苏省软件行业协会"
        sheet.cell(row_of(sheet, 30), CONTENT, "建议增加数据安全工程师岗位")

    wb = openpyxl.load_workbook(generic)
    ident = wb[IDENTITY_SHEET]
    for r in range(1, ident.max_row + 1):
        if ident.cell(r, 1).value in ("party", "party_type"):
            ident.cell(r, 2).value = None
    wb.save(tmp_path / "generic.xlsx")
    form = fill(tmp_path / "generic.xlsx", tmp_path / "软件协会.xlsx", stranger)
    before = (ws / RECORD).read_bytes()
    result = cli("consult", "collect", "-p", "JS", "-w", ws, form)
    assert result.code == 1
    assert "江苏省软件行业协会 is not among the parties of consultation.yaml" in said(result)
    assert "consultation.yaml not written." in said(result)
    assert (ws / RECORD).read_bytes() == before

    result = cli("consult", "collect", "-p", "JS", "-w", ws, "--add-party", "--received", "2026-04-03", form)
    assert result.code == 0, said(result)
    record = load_record(ws)
    assert record["parties"][-1] == {
        "name": "江苏省软件行业协会",
        "type": "industry_association",
        "date": dt.date(2026, 4, 3),
    }
    assert [o["summary"] for o in new_opinions(ws)] == ["建议增加数据安全工程师岗位"]
    assert new_opinions(ws)[0]["row"] == {"seq": 30, "code": "2-02-38", "position": "大数据平台架构师"}


def test_a_form_for_another_province_writes_nothing(ws: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(ws / FORMS / SEMI)
    wb[IDENTITY_SHEET]["B2"] = "ZJ"
    wb[FORM_SHEET].cell(FIRST, CONTENT, "意见")
    wb.save(tmp_path / "zj.xlsx")
    before = (ws / RECORD).read_bytes()
    result = cli("consult", "collect", "-p", "JS", "-w", ws, tmp_path / "zj.xlsx")
    assert result.code == 1
    assert "this form is for province ZJ, not JS" in said(result)
    assert (ws / RECORD).read_bytes() == before


def test_a_workbook_that_is_not_a_form_is_unusable_input(ws: Path) -> None:
    catalog = ws / "provinces" / "JS" / "catalog.xlsx"
    result = cli("consult", "collect", "-p", "JS", "-w", ws, catalog)
    assert result.code == 2
    assert result.stderr == (  # the path as given
        f"catalogtool: {catalog}: not a feedback form: no sheet has the columns 意见类型 / 意见内容 / 理由\n"
    )


def test_a_form_answering_an_older_draft_is_accepted_with_a_warning_per_row(ws: Path, tmp_path: Path) -> None:
    def answer(sheet: Any) -> None:
        sheet.cell(row_of(sheet, 2), CONTENT, "建议降低工作年限")
        sheet.cell(row_of(sheet, 39), CONTENT, "建议保留该岗位")
        sheet.cell(row_of(sheet, 1), CONTENT, "同意")

    form = fill(ws / FORMS / SEMI, tmp_path / "old.xlsx", answer)
    # The draft moves on: row 2's requirement changes, row 39 is deleted.
    catalog = ws / "provinces" / "JS" / "catalog.xlsx"
    wb = openpyxl.load_workbook(catalog)
    data = next(s for s in wb.worksheets if any(c.value == "集成电路工艺整合工程师" for c in s["E"]))
    r2 = next(c.row for c in data["E"] if c.value == "集成电路工艺整合工程师")
    data.cell(r2, 8).value = "8年以上"
    r39 = next(c.row for c in data["E"] if c.value == "金融科技风控专家")
    data.delete_rows(r39)
    wb.save(catalog)
    result = cli("consult", "collect", "-p", "JS", "-w", ws, form)
    assert result.code == 0, said(result)
    assert "old.xlsx: this form answers an earlier version of the draft" in said(result)
    assert "old.xlsx!8: the row (2 2-02-38 集成电路工艺整合工程师) was changed in the draft" in said(result)
    assert "old.xlsx!45: the row (39 2-06-14 金融科技风控专家) is no longer in the draft" in said(result)
    rows = {o["summary"]: o["row"] for o in new_opinions(ws)}
    assert rows == {
        "同意": {"seq": 1, "code": "2-02-38", "position": "芯片设计工程师"},
        "建议降低工作年限": {"seq": 2, "code": "2-02-38", "position": "集成电路工艺整合工程师"},
        "建议保留该岗位": {"seq": 39, "code": "2-06-14", "position": "金融科技风控专家"},
    }
    assert "江苏省半导体行业协会         3                  0               2  old.xlsx" in said(result)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_form_saved_again_by_another_office_suite_gives_the_same_opinions(ws: Path, tmp_path: Path) -> None:
    form = fill(ws / FORMS / SEMI, tmp_path / "a.xlsx", semiconductor)
    out = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(form),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        # A profile of its own: a LibreOffice already running with the default profile (another render
        # on the machine) would take the conversion over and this one would produce nothing.
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert cli("consult", "collect", "-p", "JS", "-w", ws, out / "a.xlsx").code == 0
    resaved = new_opinions(ws)
    assert len(resaved) == 6
    result = cli("consult", "collect", "-p", "JS", "-w", ws, form)
    assert "nothing new: all 6 opinion(s)" in said(result)  # same ids as the original file's


# --- validate ------------------------------------------------------------------------------------


def test_undecided_opinions_are_warnings_and_partly_adopted_needs_a_response(
    ws: Path, tmp_path: Path
) -> None:
    form = fill(ws / FORMS / SEMI, tmp_path / "a.xlsx", semiconductor)
    assert cli("consult", "collect", "-p", "JS", "-w", ws, form).code == 0
    text = (ws / RECORD).read_text("utf-8")
    text = text.replace("adopted: null", "adopted: partly", 1)
    (ws / RECORD).write_text(text, "utf-8")
    result = cli(
        "validate", "--province", "JS", "--workspace", ws, "--today", "2026-05-01", "--format", "json"
    )
    report = json.loads(result.stdout)
    findings = [f for fr in report["files"] for f in fr["findings"] if f["rule"] in ("CT510", "CT520")]
    assert [(f["rule"], f["field"]) for f in findings] == [
        ("CT510", "opinions[8].response"),
        *[("CT520", f"opinions[{i}].adopted") for i in range(9, 14)],
    ]
    assert findings[1]["message"] == (
        "The opinion of 江苏省半导体行业协会 (建议增加英语能力要求) is still undecided (adopted: null)."
    )
    assert (
        findings[0]["message"]
        == "The opinion of 江苏省半导体行业协会 was partly adopted and has no response."
    )
    assert result.code == 0  # warnings


# --- the core -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("1. 甲。2. 乙", ["甲。", "乙"]),
        ("（1）甲；（2）乙；（3）丙", ["甲", "乙", "丙"]),
        ("①甲\n②乙", ["甲", "乙"]),
        ("一、甲 二、乙", ["甲", "乙"]),
        ("建议甲\n建议乙", ["建议甲", "建议乙"]),
        ("将年限由3年提高到5年", ["将年限由3年提高到5年"]),
        ("1.5倍以上的薪酬要求偏高", ["1.5倍以上的薪酬要求偏高"]),
        ("2. 只有一条", ["2. 只有一条"]),
        ("甲\n乙", ["甲\n乙"]),
        ("", []),
    ],
)
def test_several_opinions_in_one_cell_are_split(text: str, items: list[str]) -> None:
    assert split_items(text) == items


@given(
    st.lists(
        st.text(alphabet="岗位学历经验要求建议增加删除提高，", min_size=1, max_size=12),
        min_size=2,
        max_size=6,
    )
)
def test_numbered_opinions_split_back_into_the_same_items(items: list[str]) -> None:
    text = " ".join(f"{i}. {item}" for i, item in enumerate(items, start=1))
    assert split_items(text) == [i.strip() for i in items]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("修改", "modify"), (" 删除 ", "delete"), ("新增。", "add"), ("其它", "other"), ("建议删除", None)],
)
def test_kinds_are_read_loosely(text: str, kind: str | None) -> None:
    assert parse_kind(text) == kind


# --- package ----------------------------------------------------------------------------------------


def test_the_package_files_the_adoption_table_and_counts_by_party_type(ws: Path, tmp_path: Path) -> None:
    form = fill(ws / FORMS / SEMI, tmp_path / "a.xlsx", semiconductor)
    assert cli("consult", "collect", "-p", "JS", "-w", ws, form).code == 0
    # A person decides: the first collected opinion adopted, the second partly, the third not; the rest wait.
    text = (ws / RECORD).read_text("utf-8")
    for decision in (
        "true\n    response: 已调整为5年以上",
        "partly\n    response: 英语要求列为优先条件",
        "false\n    response: 该岗位仍有需求",
    ):
        text = text.replace("adopted: null", f"adopted: {decision}", 1)
    (ws / RECORD).write_text(text, "utf-8")
    result = cli("package", "--province", "JS", "--workspace", ws, "--today", "2026-05-01")
    assert result.code == 0, said(result)
    package = ws / "dist" / "JS-2026"
    wb = openpyxl.load_workbook(package / "opinion-adoption.xlsx")
    assert wb.sheetnames == ["意见采纳情况", "分类统计"]
    table = wb["意见采纳情况"]
    assert table["A1"].value == "意见采纳情况表"
    assert [c.value for c in table[3]] == [
        "序号",
        "提出单位",
        "单位类别",
        "涉及岗位",
        "意见类型",
        "意见内容",
        "理由",
        "处理结果",
        "处理说明",
    ]
    rows = [[c.value for c in r] for r in table.iter_rows(min_row=4)]
    assert len(rows) == 8 + 6
    # Party by party: the semiconductor association's hand-entered opinion, then its six collected ones.
    assert rows[0][1:4] == ["江苏省半导体行业协会", "行业协会", None]
    assert rows[1] == [
        "2",
        "江苏省半导体行业协会",
        "行业协会",
        "1. 2-02-38 芯片设计工程师",
        "修改",
        "建议将工作经历要求提高到5年。",
        "行业实践",
        "采纳",
        "已调整为5年以上",
    ]
    assert rows[2][7:] == ["部分采纳", "英语要求列为优先条件"]
    assert rows[3][3:] == [
        "3. 2-02-09 功率半导体器件研发工程师",
        "删除",
        "建议删除该岗位，需求已饱和",
        None,
        "未采纳",
        "该岗位仍有需求",
    ]
    assert rows[5][3:5] == ["新增岗位：5G网络优化工程师", "新增"]
    assert rows[6][3] == "目录整体"
    assert [r[7] for r in rows].count("待定") == 3
    counts = [[c.value for c in r] for r in wb["分类统计"].iter_rows(min_row=4)]
    assert counts == [
        ["行业协会", "3", "3", "9", "4", "1", "1", "3"],
        ["人力资源服务机构", "2", "1", "1", "0", "0", "1", "0"],
        ["政府有关部门", "4", "2", "2", "2", "0", "0", "0"],
        ["用人单位", "2", "1", "1", "0", "0", "1", "0"],
        ["社会公众", "1", "1", "1", "1", "0", "0", "0"],
        ["合计", "12", "8", "14", "7", "1", "3", "3"],
    ]
    explanation = docx.Document(str(package / "drafting-explanation.docx"))
    body = "".join(p.text for p in explanation.paragraphs)
    assert "收到意见14条，采纳7条，部分采纳1条，未采纳3条，待定3条" in body
    assert "各类参与方的征求和意见采纳情况如下（逐条情况见《意见采纳情况表》）：" in body
    adoption = next(t for t in explanation.tables if t.rows[0].cells[0].text == "参与方类别")
    assert [c.text for c in adoption.rows[1].cells] == ["行业协会", "3", "3", "9", "4", "1", "1", "3"]
    report = docx.Document(str(package / "filing-report.docx"))
    assert any("意见采纳情况表（opinion-adoption.xlsx）" in p.text for p in report.paragraphs)
    assert cli("package", "--province", "JS", "--workspace", ws, "--check").code == 0


def test_a_dry_run_reports_in_chinese_and_writes_nothing(ws: Path, tmp_path: Path) -> None:
    form = fill(ws / FORMS / SEMI, tmp_path / "a.xlsx", semiconductor)
    before = (ws / RECORD).read_bytes()
    result = cli(
        "consult", "collect", "-p", "JS", "-w", ws, "--dry-run", form, env={"CATALOGTOOL_LANG": "zh"}
    )
    assert result.code == 0
    assert result.stdout.splitlines() == [
        "单位                  意见  其中新增建议  未匹配行  文件",
        "-" * 58,
        "江苏省半导体行业协会     6             1         0  a.xlsx",
        "合计                     6             1         0  1 份",
        "试运行：将新增意见 6 条，未写入 consultation.yaml。",
    ]
    assert "警告：a.xlsx!L9：意见类型列中的文字已作为意见内容读取" in result.stderr
    assert (ws / RECORD).read_bytes() == before


# Opinion texts without item markers or kind words, so each cell is exactly one opinion.
_OPINION_TEXT = st.text(
    alphabet="岗位学历经验要求建议薪酬年限英语证书，。；=+@（）ABCxyz ", min_size=1, max_size=30
).filter(lambda s: s.strip() != "" and parse_kind(s) is None)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 38),
            st.sampled_from(["", "修改", "其他"]),
            _OPINION_TEXT,
            st.sampled_from(["", "理由"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_no_opinion_is_lost_or_doubled(answers: list[tuple[int, str, str, str]]) -> None:
    from catalogtool.consult.core import FormCell, FormRead, FormRow, draft_rows, interpret

    draft = draft_rows(
        {"seq": str(i + 1), "subcategory_code": "2-02-10", "position": f"岗位{i}"} for i in range(39)
    )
    rows = []
    for n, (index, kind, content, reason) in enumerate(answers, start=FIRST):
        cells = {
            k: FormCell(chr(65 + c), v) for c, k in enumerate(FORM_FIELDS) if (v := draft[index].texts[k])
        }
        cells |= {"key": FormCell("O", draft[index].key), "content": FormCell("M", content.strip())}
        if kind:
            cells["kind"] = FormCell("L", kind)
        if reason:
            cells["reason"] = FormCell("N", reason)
        rows.append(FormRow(n, cells))
    form = FormRead("f.xlsx", FORM_SHEET, None, {}, {"content": "M"}, tuple(rows))
    result = interpret(form, "某协会", draft)
    # Every text comes back once, as written, on the row it answers; the same text on the same row once.
    expected = {(answers[i][0] + 1, answers[i][2].strip()) for i in range(len(answers))}
    assert sorted((o.row.seq, o.summary) for o in result.opinions if o.row) == sorted(expected)
    assert len({o.id for o in result.opinions}) == len(result.opinions) == len(expected)
    assert interpret(form, "某协会", draft) == result


def test_a_form_that_claims_a_huge_sheet_is_refused_before_it_is_read(ws: Path, tmp_path: Path) -> None:
    form = fill(ws / FORMS / SEMI, tmp_path / "huge.xlsx", lambda sheet: sheet.cell(50_000, CONTENT, "x"))
    before = (ws / RECORD).read_bytes()
    result = cli("consult", "collect", "-p", "JS", "-w", ws, form)
    assert result.code == 2
    assert result.stderr == (
        f"catalogtool: {form}: sheet “意见反馈” uses row 50,000, beyond the limit of 20,000 rows; "
        "delete the stray cells far from the table and save again\n"
    )
    assert (ws / RECORD).read_bytes() == before


def test_an_untyped_request_to_add_to_a_listed_post_modifies_it(ws: Path, tmp_path: Path) -> None:
    """No type chosen: "建议增加…" beside a post of the draft asks for more in that post (修改), not for a
    new subcategory; asking for a new post beside it is still 新增, and a chosen type is kept."""

    def answer(sheet: Any) -> None:
        sheet.cell(row_of(sheet, 2), CONTENT, "建议增加英语能力要求")
        sheet.cell(row_of(sheet, 5), CONTENT, "建议补充行业认证证书要求")
        sheet.cell(row_of(sheet, 6), CONTENT, "建议在该小类下增设两个岗位：射频工程师、封装工程师")
        sheet.cell(row_of(sheet, 7), KIND, "新增")
        sheet.cell(row_of(sheet, 7), CONTENT, "建议增加海外工作经历要求")

    returned = fill(ws / FORMS / SEMI, tmp_path / "semi.xlsx", answer)
    result = cli("consult", "collect", "-p", "JS", "-w", ws, "--received", "2026-04-02", returned)
    assert result.code == 0, said(result)
    kinds = {o["row"]["seq"]: (o["kind"], o["summary"]) for o in new_opinions(ws)}
    assert kinds == {
        2: ("modify", "建议增加英语能力要求"),
        5: ("modify", "建议补充行业认证证书要求"),
        6: ("add", "建议在该小类下增设两个岗位：射频工程师、封装工程师"),
        7: ("add", "建议增加海外工作经历要求"),
    }
