"""The papers of a consultation: a feedback workbook per party and the 征求意见稿 with its cover letter.

The workbook (sheet 意见反馈) has a cover block (party, type, contact fields to fill, deadline), the
draft's rows locked, three columns to fill (意见类型 from a drop-down, 意见内容, 理由), blank rows for
proposed new rows, Chinese instructions, A4 landscape print setup, and a hidden, stable identity
(:class:`~catalogtool.consult.core.FormIdentity` on a very hidden sheet, a key per row in a hidden
column) by which ``consult collect`` matches a returned form to the draft it answers. Writers return
bytes with fixed timestamps (:mod:`catalogtool.deterministic`); the caller stores them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from catalogtool.consult.core import (
    COVER_LABELS,
    FORM_FIELDS,
    FORM_MARK,
    FORM_SHEET,
    FORM_VERSION,
    IDENTITY_SHEET,
    INSTRUCTIONS_SHEET,
    KEY_COLUMN,
    OPINION_COLUMNS,
    DraftRow,
    FormIdentity,
    draft_digest,
)
from catalogtool.deterministic import normalise_ooxml
from catalogtool.fields import TABLE
from catalogtool.model import FIELD_LABELS, FIELDS, column_letter
from catalogtool.rules.catalog import OPINION_KINDS, PARTY_TYPES
from catalogtool.safe_cells import set_cell
from catalogtool.workbook import cell_value, row_height
from catalogtool.workspace import Party, Workspace, cited_basis, date_zh

#: Blank rows at the bottom of a form, for proposed new rows.
BLANK_ROWS = 10
#: Width of each draft column on the form: the template's, narrower, so that the opinion columns fit
#: an A4 landscape page beside them.
_WIDTHS: dict[str, float] = {f.key: max(6.0, round(f.width * 0.7)) for f in TABLE}
_FONT, _HEADING_FONT, _SIZE = "宋体", "黑体", 10
#: The row of the form's header; the cover block and instructions sit above it.
HEADER_ROW = 6
GENERIC_FORM = "通用意见反馈表"
DRAFT_DOCX = "征求意见稿.docx"


def form_columns() -> list[tuple[str, str, float]]:
    """(key, label, width) of every column of the form sheet, the hidden key column last."""
    cols = [(k, FIELD_LABELS[k][0], _WIDTHS[k]) for k in FORM_FIELDS]
    cols += [(k, label, width) for k, (label, width) in OPINION_COLUMNS.items()]
    cols.append((KEY_COLUMN[0], KEY_COLUMN[1], 14))
    return cols


# --- names ----------------------------------------------------------------------------------------

_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def windows_safe(name: str, fallback: str = "form") -> str:
    """``name`` as a file-name part that Windows, macOS and e-mail clients all accept: no <>:"/\\|?*
    or control characters, no trailing dots or spaces, not a reserved device name, at most 60
    characters. Chinese stays as it is."""
    text = unicodedata.normalize("NFC", name)
    text = _WINDOWS_BAD.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")[:60].strip(" .")
    if not text or _RESERVED.match(text):
        return fallback
    return text


def form_file_name(seq: int, party: Party | None) -> str:
    """01-江苏省半导体行业协会.xlsx; 00-通用意见反馈表.xlsx for the generic form."""
    if party is None:
        return f"00-{GENERIC_FORM}.xlsx"
    return f"{seq:02d}-{windows_safe(party.name, f'party-{seq}')}.xlsx"


def form_title(ws: Workspace) -> str:
    return f"《{ws.meta.title}》（征求意见稿）意见反馈表"


def identity_for(ws: Workspace, draft: Sequence[DraftRow], party: Party | None) -> FormIdentity:
    return FormIdentity(
        province=ws.province.abbr,
        edition=ws.meta.edition,
        party=party.name if party else "",
        party_type=party.type if party else "",
        draft=draft_digest(d.key for d in draft),
        rows=len(draft),
    )


def instructions(ws: Workspace) -> list[str]:
    """The numbered instructions, on the form and on its 填表说明 sheet."""
    c = ws.consultation
    deadline = f"{date_zh(c.period_end)}前" if c is not None and c.period_end else "在规定时间内"
    email = ws.meta.contact.email
    send = f"发送至 {email}" if email else f"反馈{ws.meta.authority}"
    kinds = "、".join(zh for zh, _ in OPINION_KINDS.values())
    return [
        f"1. 请在各岗位行右侧的“意见类型”栏选择{kinds}，在“意见内容”栏写明具体意见，在“理由”栏说明依据。",
        "2. 同一岗位有多条意见的，可在同一单元格内按“1. 2. 3.”分条填写；对目录整体的意见，请填在表末空白行。",
        "3. 灰色部分为征求意见稿内容，不可修改；建议修改其内容的，请在“意见内容”栏写明改为什么。",
        "4. 建议新增岗位的，请在表末空白行填写小类代码、小类名称、岗位名称和能力要求，意见类型选“新增”。",
        "5. 请填写单位名称、联系人和联系方式。请勿删除、隐藏或重命名工作表，勿另存为 PDF 或图片。",
        f"6. 请于{deadline}将本表（Excel 格式）{send}。逾期未反馈的，视为无意见。",
    ]


# --- the feedback workbook ----------------------------------------------------------------------------


def feedback_form_xlsx(
    ws: Workspace, draft: Sequence[DraftRow], party: Party | None, when: dt.datetime
) -> bytes:
    """The feedback workbook for ``party`` (None: the generic form a party fills in itself)."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = FORM_SHEET
    last_row = _form_sheet(sheet, ws, draft, party)
    _instructions_sheet(wb.create_sheet(INSTRUCTIONS_SHEET), ws)
    _identity_sheet(wb.create_sheet(IDENTITY_SHEET), identity_for(ws, draft, party))
    sheet.print_area = f"A1:{column_letter(len(form_columns()) - 2)}{last_row}"
    wb.active = 0
    wb.properties.creator = "catalogtool"
    wb.properties.title = form_title(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_ooxml(buffer.getvalue(), when)


def _put(cell: Any, value: object) -> Any:
    """Store a value as inert data (the one cell guard, :func:`catalogtool.safe_cells.set_cell`)."""
    set_cell(cell, value)
    return cell


def _form_sheet(sheet: Any, ws: Workspace, draft: Sequence[DraftRow], party: Party | None) -> int:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.properties import PageSetupProperties

    cols = form_columns()
    visible = len(cols) - 1
    last_col = column_letter(visible - 1)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    font = Font(name=_FONT, size=_SIZE, charset=134)
    bold = Font(name=_HEADING_FONT, size=_SIZE, bold=True, charset=134)
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    fill_in = PatternFill("solid", fgColor="FFF9DB")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    opinion_header_fill = PatternFill("solid", fgColor="FFE699")
    unlocked = Protection(locked=False)
    widths = [w for _, _, w in cols]
    for i, (_, _, width) in enumerate(cols):
        sheet.column_dimensions[column_letter(i)].width = width
    sheet.column_dimensions[column_letter(visible)].hidden = True

    # Title and cover block.
    title = _put(sheet.cell(1, 1), form_title(ws))
    title.font = Font(name=_HEADING_FONT, size=16, bold=True, charset=134)
    title.alignment = centre
    sheet.merge_cells(f"A1:{last_col}1")
    sheet.row_dimensions[1].height = 30
    c = ws.consultation
    deadline = date_zh(c.period_end) if c is not None and c.period_end else ""
    type_label = PARTY_TYPES[party.type][0] if party is not None and party.type in PARTY_TYPES else ""
    # (label key, value, editable) in three label/value pairs per row; each pair spans 2 + 3 columns.
    cover = [
        [
            ("party", party.name if party else "", party is None),
            ("party_type", type_label, party is None),
            ("deadline", deadline, False),
        ],
        [("contact", "", True), ("phone", "", True), ("email", "", True)],
        [("date", "", True)],
    ]
    spans = [(1, 2, 3, 6), (7, 8, 9, 10), (11, 12, 13, 14)]  # label from..to, value from..to
    for r, pairs in enumerate(cover, start=2):
        for (key, value, editable), (l0, l1, v0, v1) in zip(pairs, spans, strict=False):
            label = sheet.cell(r, l0, COVER_LABELS[key])
            label.font, label.alignment, label.fill = bold, centre, header_fill
            sheet.merge_cells(start_row=r, start_column=l0, end_row=r, end_column=l1)
            cell = _put(sheet.cell(r, v0), value or None)
            cell.font, cell.alignment = font, Alignment(vertical="center", wrap_text=True)
            if editable:
                cell.fill, cell.protection = fill_in, unlocked
            if key == "date":
                cell.number_format = "yyyy-mm-dd"
            sheet.merge_cells(start_row=r, start_column=v0, end_row=r, end_column=v1)
            for col in range(l0, v1 + 1):
                sheet.cell(r, col).border = border
                if editable and col >= v0:
                    sheet.cell(r, col).protection = unlocked
            if key == "party_type" and editable:
                types = DataValidation(
                    type="list",
                    formula1='"' + ",".join(zh for zh, _ in PARTY_TYPES.values()) + '"',
                    allow_blank=True,
                )
                types.add(cell.coordinate)
                sheet.add_data_validation(types)
        sheet.row_dimensions[r].height = 22
    note = _put(sheet.cell(5, 1), "填写说明：" + " ".join(instructions(ws)))
    note.font, note.alignment = font, Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A5:{last_col}5")
    sheet.row_dimensions[5].height = row_height([note.value], [sum(widths[:visible])], font_size=_SIZE)

    # Header.
    for i, (key, label, _) in enumerate(cols):
        cell = sheet.cell(HEADER_ROW, i + 1, label)
        cell.font, cell.alignment, cell.border = bold, centre, border
        cell.fill = opinion_header_fill if key in OPINION_COLUMNS else header_fill
    sheet.row_dimensions[HEADER_ROW].height = 30

    # The draft's rows, then blank rows for proposals.
    first = HEADER_ROW + 1
    for number, row in enumerate(draft, start=first):
        values: list[object] = [cell_value(k, row.texts.get(k, "")) for k in FORM_FIELDS]
        values += [None] * len(OPINION_COLUMNS) + [row.key]
        for i, item in enumerate(values):
            data = _put(sheet.cell(number, i + 1), item)
            data.font, data.alignment, data.border = font, wrap, border
            if cols[i][0] in OPINION_COLUMNS:
                data.protection = unlocked
            else:
                data.fill = locked_fill
                if cols[i][0] == "subcategory_code":
                    data.number_format = "@"
        sheet.row_dimensions[number].height = row_height(values[:visible], widths[:visible], font_size=_SIZE)
    blank_first = first + len(draft)
    last = blank_first + BLANK_ROWS - 1
    for number in range(blank_first, last + 1):
        for i in range(visible):
            cell = sheet.cell(number, i + 1)
            cell.font, cell.alignment, cell.border, cell.protection = font, wrap, border, unlocked
            if cols[i][0] == "subcategory_code":
                cell.number_format = "@"
        sheet.row_dimensions[number].height = 30

    col_of = {key: column_letter(i) for i, (key, _, _) in enumerate(cols)}
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(zh for zh, _ in OPINION_KINDS.values()) + '"',
        allow_blank=True,
        showInputMessage=True,
        promptTitle="意见类型",
        prompt="请选择：修改、删除、新增或其他",
        # A warning, not a stop: a party that types its opinion here still has it collected.
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="意见类型",
        error="请从下拉列表中选择；意见请写在“意见内容”栏。",
    )
    kinds.add(f"{col_of['kind']}{first}:{col_of['kind']}{last}")
    sheet.add_data_validation(kinds)
    content_hint = DataValidation(
        showInputMessage=True,
        promptTitle="意见内容",
        prompt="写明具体意见；多条意见可按 1. 2. 分条填写。",
    )
    content_hint.add(f"{col_of['content']}{first}:{col_of['content']}{last}")
    sheet.add_data_validation(content_hint)

    sheet.freeze_panes = f"A{first}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    # Protected without a password: the draft cannot be changed by accident; rows and columns can
    # still be resized, and a party that must can lift the protection (collect reads the edits).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.insertRows = False
    sheet.protection.sort = False
    sheet.protection.autoFilter = False
    return last


def _instructions_sheet(sheet: Any, ws: Workspace) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 110
    head = _put(sheet.cell(1, 1), f"{form_title(ws)}填表说明")
    head.font = Font(name=_HEADING_FONT, size=14, bold=True, charset=134)
    from catalogtool.filing_docs import contact_line

    lines = instructions(ws)
    if contact := contact_line(ws.meta.contact):
        lines.append(contact)
    for r, text in enumerate(lines, start=3):
        cell = _put(sheet.cell(r, 1), text)
        cell.font = Font(name=_FONT, size=11, charset=134)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[r].height = row_height([text], [110], font_size=11)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.protection.sheet = True


def _identity_sheet(sheet: Any, identity: FormIdentity) -> None:
    sheet.cell(1, 1, FORM_MARK)
    sheet.cell(1, 2, FORM_VERSION)
    for r, (key, value) in enumerate(identity.pairs(), start=2):
        sheet.cell(r, 1, key)
        _put(sheet.cell(r, 2), value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


# --- the 征求意见稿 ------------------------------------------------------------------------------


def letter_title(ws: Workspace) -> str:
    return f"关于征求《{ws.meta.title}》（征求意见稿）意见的函"


def consultation_draft_docx(ws: Workspace, draft: Sequence[DraftRow], when: dt.datetime) -> bytes:
    """The 征求意见稿: a cover letter (征求意见函) from the authority with the deadline and contact,
    then, on landscape pages, the draft catalog as a table."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from catalogtool import filing_docs as fd

    meta = ws.meta
    c = ws.consultation
    info = fd.filing_info(ws, letter_title(ws), "征求意见稿", when, category="征求意见稿")
    doc = fd._document(info)
    fd._title(doc, info.title)
    fd._para(doc, "各有关单位：", indent=False)
    fd._para(
        doc,
        f"根据{fd.basis_references(cited_basis(meta))}，{meta.authority}研究起草了《{meta.title}》（征求意见稿），"
        f"按照{fd.CLASSIFICATION}“小类”层级编制，共列入{len(draft)}个岗位，明确了相关职业代码和学历、工作经历、"
        "专业技能等能力要求。按照制定过程中吸收行业协会、人力资源服务机构和有关政府部门参与、积极征求意见的要求，"
        "现送你单位征求意见。",
    )
    deadline = f"于{date_zh(c.period_end)}前" if c is not None and c.period_end else "在规定时间内"
    send = f"发送至{meta.contact.email}" if meta.contact.email else f"反馈{meta.authority}"
    fd._para(
        doc,
        f"请结合本单位（本行业）实际认真研究，{deadline}将《意见反馈表》（Excel格式）{send}。意见请填写在反馈表"
        "对应岗位行的“意见类型”“意见内容”“理由”栏；建议新增岗位的，请填写在反馈表末尾的空白行。逾期未反馈的，视为无意见。",
    )
    line = fd.contact_line(meta.contact)
    if line:
        fd._para(doc, line)
    attachments = fd._para(doc, f"附件：1.《{meta.title}》（征求意见稿）", indent=False)
    attachments.add_run().add_break()
    attachments.add_run("2. 意见反馈表（Excel）")
    # A hanging indent: the items and their wrapped lines line up after 附件：.
    attachments.paragraph_format.left_indent = Pt(3 * 16)
    attachments.paragraph_format.first_line_indent = -Pt(3 * 16)
    for text in (
        meta.authority,
        date_zh(c.period_start) if c is not None and c.period_start else "年　　月　　日",
    ):
        para = doc.add_paragraph(text)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.keep_with_next = text == meta.authority  # signed and dated on one page

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    fd._title(doc, meta.title)
    sub = doc.add_paragraph("（征求意见稿）")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header = [FIELD_LABELS[k][0] for k in FIELDS]
    rows = [[str(cell_value(k, d.texts.get(k, "")) or "") for k in FIELDS] for d in draft]
    # Widths by content: short values (codes, 集成电路, 60周岁以下) on one line, long text wraps.
    widths = fd.fit_widths(header, rows, 297 - 40, 9)
    fd._table(doc, header, rows, widths, width_mm=297 - 40, size=9)
    return fd._save(doc, info)
