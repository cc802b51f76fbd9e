"""The catalog workbook writer: the template layout of templates/catalog-template.yaml, filled with rows.

Used by ``new`` (an empty template with an example row), ``convert`` (any input to a print-ready
workbook) and the filing package. The layout facts (sheet names, rows, fonts, instructions) live in
the template spec (:mod:`catalogtool.template`); the columns (labels, groups, widths, input hints, which are codes or numbers) in the
field table :mod:`catalogtool.fields`; education levels and the national baseline in
:mod:`catalogtool.normalize`.

The output is deterministic for a given ``timestamp``: fixed document properties and fixed zip entry
times (:mod:`catalogtool.deterministic`), so the same rows give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from catalogtool.deterministic import normalise_ooxml
from catalogtool.fields import CODE_FIELDS, FIELD_LABELS, FIELDS, NUMERIC_FIELDS, REQUIRED_FIELDS
from catalogtool.model import column_letter
from catalogtool.normalize import EDUCATION_LEVELS, LIST_SEPARATOR, baseline_text
from catalogtool.safe_cells import document_text, set_cell, workbook_bytes
from catalogtool.template import TemplateSpec, template_spec

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from catalogtool.codes import CodeList

# CODE_FIELDS (always text cells, never numbers or dates) and NUMERIC_FIELDS (written as numbers when
# the text is a plain integer, so Excel does not flag "number as text") come from the field table.
_BODY_STYLE, _CODE_STYLE, _SEQ_STYLE = "目录正文", "目录代码", "目录序号"
#: Row-height estimate: points per wrapped line and per row of padding, at the data font size (10 pt).
#: LibreOffice sets 10 pt CJK text (Noto CJK standing in for 宋体) 14.2 pt apart; Excel's 宋体 13.5 pt.
LINE_HEIGHT, ROW_PADDING, BASE_FONT_SIZE = 14.5, 1.5, 10.0


def education_choices() -> tuple[str, ...]:
    """The education drop-down values (zh labels), highest level first."""
    return tuple(zh for zh, _, _ in sorted(EDUCATION_LEVELS.values(), key=lambda level: -level[2]))


def text_fields(codes: CodeList) -> dict[str, str]:
    """The values the hint and instruction templates may use ({required_zh}, {baseline_en}, …)."""
    by_rank = sorted(EDUCATION_LEVELS.values(), key=lambda level: -level[2])
    baseline_zh, baseline_en = baseline_text()
    return {
        "required_zh": "、".join(FIELD_LABELS[key][0] for key in REQUIRED_FIELDS),
        "required_en": ", ".join(FIELD_LABELS[key][1] for key in REQUIRED_FIELDS),
        "education_zh": "、".join(level[0] for level in by_rank),
        "education_en": ", ".join(level[1] for level in by_rank),
        "baseline_zh": baseline_zh,
        "baseline_en": baseline_en,
        "code_list": codes.label,
        "code_list_zh": codes.label_zh,
        "example_zh": template_spec().example_marker[0],
        "example_en": template_spec().example_marker[1],
    }


def example_row(codes: CodeList) -> dict[str, object]:
    """The template's example row, its subcategory name taken from the code list."""
    spec = template_spec()
    row = {**spec.example, "notes": spec.example_notes}
    code = codes.get(str(row["subcategory_code"]))
    if code is None:  # the spec and the code list disagree: a packaging bug, not a user error
        raise RuntimeError(f"example subcategory {row['subcategory_code']} is not in the code list")
    row["subcategory_name"] = code.name
    return row


def cell_value(key: str, value: object) -> str | int | float | None:
    """What to store in the cell of field ``key``: text, a number, or None for an empty cell.

    Lists (occupation codes) are joined; codes stay text; plain numbers in numeric fields become
    numbers. Formula-like text is returned as text: the writer marks it so it is never evaluated.
    """
    if value is None:
        return None
    if isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(str(v).strip() for v in value if str(v).strip())
        return text or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float) and key not in CODE_FIELDS:
        return value
    # Control characters are kept: safe_cells.set_cell writes what XML cannot hold as _xHHHH_.
    text = str(value).strip()
    if not text:
        return None
    if key in NUMERIC_FIELDS and (number := plain_int(text)) is not None:
        return number
    return text


def plain_int(text: str) -> int | None:
    """'3' → 3; None for anything else ('03', '3.0', '3年', more than 15 digits), so a number never changes
    its text (Excel keeps 15 significant digits)."""
    if text.isascii() and text.isdigit() and len(text) <= 15 and (text == "0" or text[0] != "0"):
        return int(text)
    return None


def text_width(text: str) -> float:
    """The width of one line of ``text`` in Excel character units: CJK and full-width characters count 2."""
    return float(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text))


# Line wrapping, measured by scripts/measure_wrap.py on 8,351 cells rendered by LibreOffice: none
# takes more lines than estimated (tests/test_print.py renders the Jiangsu catalog). A column ``w``
# Excel units wide is 7·w pixels in Excel (the unit is a digit of the workbook's Calibri 11 at 96 dpi,
# padding included) and holds 7·w − 5 pixels of text; LibreOffice (Carlito standing in for Calibri)
# gives it about 7.5·w − 4, so the estimate takes Excel's narrower figure. A CJK or full-width
# character is 1 em wide. Latin letters and digits are taken as wide as in DejaVu Sans, which
# LibreOffice draws where 宋体 is absent (in 宋体 itself they are 0.5 em, narrower): what fits in one
# application is not clipped in the other.
_PX_PER_UNIT, _CELL_PADDING_PX, _PX_PER_PT = 7.0, 5.0, 4 / 3
_LATIN_EM = {
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ", 0.72),
    **dict.fromkeys("MW", 1.0),
    **dict.fromkeys("abcdeghknopqsuvxyz", 0.62),
    **dict.fromkeys("fijlrt", 0.42),
    **dict.fromkeys("mw", 1.0),
    **dict.fromkeys("I.,:;!|'` ", 0.34),
    **dict.fromkeys("-()[]{}/\\", 0.4),
    **dict.fromkeys("%@&#", 1.0),
}
# Line-breaking rules both applications follow: no line starts with closing punctuation or ends with
# opening punctuation, Latin words break at spaces and after hyphens, CJK between any two characters.
_NO_LINE_START = frozenset("，。、；：！？）】」』”’》〉〕,.;:!?)]}%/")
_NO_LINE_END = frozenset("（【「『“‘《〈〔([{")


def _advance(ch: str) -> float:
    """The advance of ``ch`` in em."""
    if (em := _LATIN_EM.get(ch)) is not None:
        return em
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.64


def _pieces(line: str) -> list[tuple[float, float]]:
    """The pieces of ``line`` no line break falls inside, as (width, width of the spaces after), in em."""
    pieces: list[tuple[float, float]] = []
    width = space = 0.0
    word = glue = False  # inside a Latin word / after an opening mark: the next character stays on
    for ch in line:
        if ch == " ":
            space += _advance(ch)
            word = glue = False
            continue
        em = _advance(ch)
        wide = em == 1.0 and unicodedata.east_asian_width(ch) in "WF"
        if width and not space and (glue or ch in _NO_LINE_START or (word and not wide)):
            width += em
        else:
            if width:
                pieces.append((width, space))
            width, space = em, 0.0
        word, glue = not wide and ch != "-", ch in _NO_LINE_END
    if width:
        pieces.append((width, space))
    return pieces


def text_lines(text: str, width: float, *, font_size: float = BASE_FONT_SIZE) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` Excel units wide (an estimate).

    Each explicit line break starts a new line; within a line the words and characters are laid out
    as the applications do (break rules and advances above), a piece wider than the column broken
    anywhere. ``font_size`` is the text's size in points.
    """
    room = max(width * _PX_PER_UNIT - _CELL_PADDING_PX, 1.0) / (font_size * _PX_PER_PT)  # em a line holds
    if len(text) <= room and "\n" not in text:  # no character is wider than 1 em: one line
        return 1
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0.0
        for piece, space in _pieces(line):
            if used and used + piece > room:
                lines, used = lines + 1, 0.0
            if piece > room:  # a word wider than the column: broken wherever the line is full
                full = math.ceil(piece / room) - 1
                lines, piece = lines + full, piece - full * room
            used += piece + space
        total += lines
    return total


def row_height(
    values: Sequence[object], widths: Sequence[float], *, font_size: float = BASE_FONT_SIZE
) -> float:
    """The height in points that shows every value of a row wrapped in its column, at least one line.

    ``values[i]`` sits in a column ``widths[i]`` Excel character units wide; None and empty values
    take one line. Pure, so other writers (filing documents' tables) estimate heights the same way.
    """
    lines = max(
        (
            text_lines(str(value), width, font_size=font_size)
            for value, width in zip(values, widths, strict=True)
            if value is not None and str(value) != ""
        ),
        default=1,
    )
    return lines * LINE_HEIGHT * font_size / BASE_FONT_SIZE + ROW_PADDING


def catalog_xlsx_bytes(
    rows: Sequence[Mapping[str, object]],
    *,
    title: str | None,
    validity_line: str | None,
    codes: CodeList,
    instructions: bool = True,
    example: bool = False,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """The catalog workbook of ``rows`` (canonical field keys → values) in the template layout, as bytes.

    Sheets: 填表说明 (when ``instructions``), the data sheet with title, validity line, two-level
    header, drop-downs and input hints, and a hidden protected sheet of the subcategory codes that
    feeds the drop-downs. ``example`` puts the template's example row first. ``timestamp`` fixes the
    document's created/modified times and zip entry times
    (:func:`catalogtool.deterministic.normalise_ooxml`), so the bytes are reproducible.
    """
    from openpyxl import Workbook

    spec = template_spec()
    fields = text_fields(codes)
    all_rows = [example_row(codes), *rows] if example else list(rows)

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    if instructions:
        _instructions_sheet(wb.create_sheet(spec.instructions_sheet), spec, fields)
    data = wb.create_sheet(spec.data_sheet)
    code_count = _codes_sheet(wb.create_sheet(spec.codes_sheet), codes)
    _data_sheet(wb, data, spec, fields, all_rows, title, validity_line, code_count)

    wb.properties.creator = "catalogtool"
    wb.properties.title = document_text(title) if title else None
    data = workbook_bytes(wb)  # stamps 'modified' with the clock: normalise_ooxml replaces both dates
    return normalise_ooxml(data, timestamp or dt.datetime.now(dt.UTC))


def write_catalog_xlsx(
    path: Path,
    rows: Sequence[Mapping[str, object]],
    *,
    title: str | None,
    validity_line: str | None,
    codes: CodeList,
    instructions: bool = True,
    example: bool = False,
    timestamp: dt.datetime | None = None,
) -> None:
    """Write :func:`catalog_xlsx_bytes` of the same arguments to ``path``, atomically."""
    from catalogtool.atomic import write_bytes

    data = catalog_xlsx_bytes(
        rows,
        title=title,
        validity_line=validity_line,
        codes=codes,
        instructions=instructions,
        example=example,
        timestamp=timestamp,
    )
    write_bytes(path, data)


def _instructions_sheet(worksheet: Worksheet, spec: TemplateSpec, fields: Mapping[str, str]) -> None:
    from openpyxl.styles import Alignment, Font

    width = 100.0
    worksheet.column_dimensions["A"].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    text_font = Font(name=spec.data_font.name, size=spec.header_font.size)
    english_font = Font(name=spec.data_font.name, size=spec.header_font.size, italic=True, color="666666")
    zh_title, en_title = spec.instructions_title
    title = worksheet.cell(1, 1, f"{zh_title}  {en_title}")
    title.font = Font(name=spec.title_font.name, size=14, bold=True)
    row = 3
    for number, (zh, en) in enumerate(spec.instructions, start=1):
        for offset, (text, font) in enumerate(
            (
                (f"{number}. {zh.format_map(fields)}", text_font),
                (f"    {en.format_map(fields)}", english_font),
            )
        ):
            cell = worksheet.cell(row + offset, 1, text)
            cell.alignment, cell.font = wrap, font
            worksheet.row_dimensions[row + offset].height = row_height([text], [width], font_size=font.size)
        row += 3
    worksheet.sheet_view.showGridLines = False
    # Landscape A4 holds the 100-unit column unscaled (LibreOffice does not shrink a lone wrapped
    # column to fit); fit-to-width, any number of pages long, keeps it on the page elsewhere.
    a4_print_setup(worksheet, None)


def _codes_sheet(worksheet: Worksheet, codes: CodeList) -> int:
    """Fill the hidden drop-down source; return the number of codes listed (rows 2…n+1)."""
    from openpyxl.styles import Font

    # A note, not a header: this sheet must not look like a catalog table to the reader.
    font = Font(name=template_spec().data_font.name, size=template_spec().data_font.size)
    note = worksheet.cell(1, 1, "下拉列表数据源，请勿修改 / drop-down source, do not edit")
    note.font = Font(name=font.name, size=font.size, italic=True)
    subcategories = list(codes.by_level(3))
    for offset, code in enumerate(subcategories, start=2):
        # Column C is what the code column's drop-down offers: "2-02-10 信息和通信工程技术人员", read as
        # the code and its name, so a picked code can never disagree with the name beside it.
        cells = (
            worksheet.cell(offset, 1, code.code),
            worksheet.cell(offset, 2, code.name),
            worksheet.cell(offset, 3, f"{code.code} {code.name}"),
        )
        for cell in cells:
            cell.number_format = "@"
            cell.font = font
    worksheet.column_dimensions["A"].width = 12
    worksheet.column_dimensions["B"].width = 40
    worksheet.column_dimensions["C"].width = 50
    worksheet.sheet_state = "hidden"
    worksheet.protection.sheet = True
    return len(subcategories)


def _data_sheet(
    wb: Workbook,
    worksheet: Worksheet,
    spec: TemplateSpec,
    fields: Mapping[str, str],
    rows: Sequence[Mapping[str, object]],
    title: str | None,
    validity_line: str | None,
    code_count: int,
) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    last_col = column_letter(len(FIELDS) - 1)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    data_font = Font(name=spec.data_font.name, size=spec.data_font.size)
    title_cell = worksheet.cell(spec.title_row, 1)
    set_cell(title_cell, title or None)
    title_cell.font = Font(name=spec.title_font.name, size=spec.title_font.size, bold=True)
    title_cell.alignment = centre
    worksheet.merge_cells(f"A{spec.title_row}:{last_col}{spec.title_row}")
    worksheet.row_dimensions[spec.title_row].height = spec.title_height
    if validity_line:
        validity = worksheet.cell(spec.validity_row, 1)
        set_cell(validity, validity_line)
        validity.alignment = Alignment(horizontal="center")
        validity.font = data_font
        worksheet.merge_cells(f"A{spec.validity_row}:{last_col}{spec.validity_row}")

    _header(worksheet, spec, border, centre)

    for index, key in enumerate(FIELDS):
        dim = worksheet.column_dimensions[column_letter(index)]
        dim.width = spec.widths[key]
        # Column-level formats apply to rows drafters add later: codes typed there stay text.
        dim.alignment = wrap
        dim.font = data_font
        if key in CODE_FIELDS:
            dim.number_format = "@"

    # Two named styles set in one step each: per-cell style attributes cost openpyxl a hash lookup
    # apiece, which dominates writing a large catalog.
    body = NamedStyle(name=_BODY_STYLE, font=data_font, alignment=wrap, border=border)
    code = NamedStyle(name=_CODE_STYLE, font=data_font, alignment=wrap, border=border, number_format="@")
    wb.add_named_style(body)
    wb.add_named_style(code)
    # 序号 centred (a number would sit against the right border); codes as text, the rest wrapped.
    seq = NamedStyle(
        name=_SEQ_STYLE,
        font=data_font,
        alignment=Alignment(horizontal="center", vertical="top", wrap_text=True),
        border=border,
    )
    wb.add_named_style(seq)
    styles = [
        _SEQ_STYLE if key == "seq" else _CODE_STYLE if key in CODE_FIELDS else _BODY_STYLE for key in FIELDS
    ]
    widths = [spec.widths[key] for key in FIELDS]
    for number, row in enumerate(rows, start=spec.first_data_row):
        values = [cell_value(key, row.get(key)) for key in FIELDS]
        # Excel does not grow a wrapped row on open: the height is set from the text it holds.
        worksheet.row_dimensions[number].height = row_height(values, widths, font_size=spec.data_font.size)
        for index, value in enumerate(values):
            cell = worksheet.cell(number, index + 1)
            cell.style = styles[index]  # first: a style set later would drop set_cell's quotePrefix
            set_cell(cell, value)

    last_row = spec.first_data_row + max(len(rows) + spec.validated_rows, spec.validated_rows) - 1
    _validations(worksheet, spec, fields, last_row, code_count)

    worksheet.freeze_panes = f"A{spec.first_data_row}"
    a4_print_setup(worksheet, f"{spec.header_rows[0]}:{spec.header_rows[1]}")


def header_label(label: str, width: float, *, font_size: float = BASE_FONT_SIZE) -> str:
    """``label`` with line breaks where it wraps in a column ``width`` units wide, at sensible places.

    A label that fits stays one line. Otherwise it breaks before a full-width bracket (学历 over
    （学位）) when both parts fit, else into lines as full as the column allows, the last one never a
    lone character (年龄 over 要求, not 年龄要 over 求).
    """
    if text_lines(label, width, font_size=font_size) == 1:
        return label
    head, bracket, tail = label.partition("（")
    if (
        head
        and bracket
        and all(text_lines(part, width, font_size=font_size) == 1 for part in (head, bracket + tail))
    ):
        return f"{head}\n{bracket}{tail}"
    per_line = max(
        n for n in range(1, len(label) + 1) if text_lines(label[:n], width, font_size=font_size) == 1
    )
    lines = math.ceil(len(label) / per_line)
    if len(label) - (lines - 1) * per_line == 1 and per_line > 1:
        per_line = math.ceil(len(label) / lines)
    return "\n".join(label[i : i + per_line] for i in range(0, len(label), per_line))


def a4_print_setup(
    worksheet: Worksheet, title_rows: str | None, orientation: Literal["portrait", "landscape"] = "landscape"
) -> None:
    """Print on A4, one page wide, ``title_rows`` (e.g. "3:4") repeated, centred, page numbers in the footer."""
    from openpyxl.worksheet.header_footer import HeaderFooterItem
    from openpyxl.worksheet.properties import PageSetupProperties

    if title_rows:
        worksheet.print_title_rows = title_rows
    worksheet.page_setup.orientation = orientation
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    # Narrow margins (inches; printers reach 0.17) leave the catalog's 13 columns room at 100 %.
    worksheet.page_margins.left = worksheet.page_margins.right = 0.25
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.45
    worksheet.page_margins.header = worksheet.page_margins.footer = 0.2
    footer = HeaderFooterItem()
    footer.center.text = "第 &P 页，共 &N 页"
    worksheet.oddFooter = footer
    worksheet.print_options.horizontalCentered = True


def _header(worksheet: Worksheet, spec: TemplateSpec, border: Any, centre: Any) -> None:
    """The two-level header: grouped fields under a merged group cell, the others merged vertically."""
    from openpyxl.styles import Font, PatternFill

    top, bottom = spec.header_rows
    fill = PatternFill("solid", fgColor="DDEBF7")
    bold = Font(name=spec.header_font.name, size=spec.header_font.size, bold=True)
    size = spec.header_font.size
    groups: dict[str, list[int]] = {}
    # Labels too wide for their column are broken where a reader expects (header_label). The field row
    # is as tall as its longest label; the labels merged over both rows fit in the two together.
    field_row, both_rows = [spec.header_height], [2 * spec.header_height]
    for index, key in enumerate(FIELDS):
        zh, _, group = FIELD_LABELS[key]
        col, width = index + 1, spec.widths[key]
        label = header_label(zh, width, font_size=size)
        height = row_height([label], [width], font_size=size)
        if group is None:
            worksheet.cell(top, col, label)
            worksheet.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
            both_rows.append(height)
        else:
            worksheet.cell(bottom, col, label)
            groups.setdefault(group, []).append(col)
            field_row.append(height)
    for group, cols in groups.items():
        worksheet.cell(top, cols[0], group)
        if len(cols) > 1:
            worksheet.merge_cells(start_row=top, start_column=cols[0], end_row=top, end_column=cols[-1])
    worksheet.row_dimensions[top].height = spec.header_height
    worksheet.row_dimensions[bottom].height = max(max(field_row), max(both_rows) - spec.header_height)
    for row in (top, bottom):
        for col in range(1, len(FIELDS) + 1):
            cell = worksheet.cell(row, col)
            cell.font = bold
            cell.fill = fill
            cell.alignment = centre
            cell.border = border


def _validations(
    worksheet: Worksheet, spec: TemplateSpec, fields: Mapping[str, str], last_row: int, code_count: int
) -> None:
    """Input hints on every header and column; drop-downs for education and subcategory codes/names."""
    from openpyxl.worksheet.datavalidation import DataValidation

    top, _ = spec.header_rows
    first = spec.first_data_row
    combined_ref = f"'{spec.codes_sheet}'!$C$2:$C${code_count + 1}"
    lists: dict[str, str] = {
        "subcategory_code": combined_ref,
        "education": '"' + ",".join(education_choices()) + '"',
    }
    for index, key in enumerate(FIELDS):
        col = column_letter(index)
        zh_label, en_label, _ = FIELD_LABELS[key]
        zh_hint, en_hint = spec.hints[key]
        prompt = f"{zh_hint.format_map(fields)}\n{en_hint.format_map(fields)}"[:255]
        prompt_title = f"{zh_label} {en_label}"[:32]
        hint = DataValidation(showInputMessage=True, promptTitle=prompt_title, prompt=prompt)
        if key in lists:
            hint.add(f"{col}{top}:{col}{first - 1}")
            choice = DataValidation(
                type="list",
                formula1=lists[key],
                allow_blank=True,
                showInputMessage=True,
                promptTitle=prompt_title,
                prompt=prompt,
                # A warning, not a stop: "硕士及以上" and codes added by amendments stay possible.
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=prompt_title,
                error="不在下拉列表中，确定保留吗？\nNot in the list; keep it anyway?",
            )
            choice.add(f"{col}{first}:{col}{last_row}")
            worksheet.add_data_validation(choice)
        else:
            hint.add(f"{col}{top}:{col}{last_row}")
        worksheet.add_data_validation(hint)
