"""The annotated workbook: a copy of the draft with every finding marked where it is.

Each cell with a finding is filled by its worst severity and carries a comment with the message(s)
in the chosen language; a ``校验结果`` sheet lists every finding with a link to its cell. Row-level
findings without a column mark the row's first cell. The source is only read: openpyxl loads it
(formulas stay formulas, never evaluated) and the copy is saved atomically to a different path.

Annotating an annotated copy replaces the earlier results rather than stacking them. Our marks are
recognised by what we write: comments by the author ``catalogtool`` and a results sheet with a marker
in its hidden column J, whose hidden columns J–M also record each marked cell's fill and comment author
from before, so the drafters' own highlights and comments come back. (Copies made before the marker
existed are recognised by the results sheet's name and header; their replaced fills are just cleared.)

Only ``.xlsx`` inputs can be annotated. A CSV has no cells to colour or comment, and rebuilding it
as a workbook would have to re-derive the reader's line numbering, so it is a usage error instead.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.atomic import same_path, write_bytes
from catalogtool.errors import InputError, UsageError
from catalogtool.model import FileReport, Finding, Severity
from catalogtool.report.common import (
    SEVERITY_LABELS,
    field_label,
    quote,
    severity_label,
    sorted_findings,
    visible,
    worst,
)
from catalogtool.report.note_anchors import anchor_notes
from catalogtool.safe_cells import set_cell

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles.fills import Fill
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

RESULTS_SHEET = "校验结果"
#: Fill colours (Excel's own "bad", "neutral" and a light blue), worst severity wins.
FILLS: dict[Severity, str] = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
COMMENT_AUTHOR = "catalogtool"
_HEADERS = {
    "zh": ("级别", "规则", "位置", "字段", "值", "问题", "修改建议"),
    "en": ("Severity", "Rule", "Cell", "Field", "Value", "Message", "Fix"),
}
# Fit A4 landscape at 100 % (145 units across, workbook.a4_print_setup): message and hint wrap.
_WIDTHS = (6, 16, 14, 10, 13, 46, 34)
_RESULTS_FONT_SIZE = 11.0  # the sheet's text is in the workbook's default font, 11 pt in Excel's
#: Written in J1 of our results sheet; J–M below it record each marked cell as it was before.
MARKER = "catalogtool annotation 1"
_RECORD_COLUMN = 10  # J
_SEPARATOR = f"\n\n— {COMMENT_AUTHOR} —\n"  # between a drafter's comment and ours
_OLD_RESULTS_TITLE = re.compile(re.escape(RESULTS_SHEET) + r"( \(\d+\))?")

#: A marked cell before we marked it: (sheet, cell) → (fill as XML, comment author or None).
Originals = dict[tuple[str, str], tuple[str, str | None]]


def _check_paths(source: Path, out: Path) -> None:
    if source.suffix.lower() != ".xlsx":
        raise UsageError(
            f"cannot annotate {source.name}: an annotated copy needs an .xlsx workbook as input "
            "(validate CSV or YAML drafts without --annotate, or save the draft as .xlsx first)",
            f"无法标注 {source.name}：标注副本需要 .xlsx 工作簿作为输入"
            "（CSV 或 YAML 草稿请不加 --annotate 校验，或先另存为 .xlsx）",
        )
    if out.suffix.lower() != ".xlsx":
        raise UsageError(
            f"the annotated copy must be an .xlsx file, got {out.name}",
            f"标注副本必须是 .xlsx 文件，而不是 {out.name}",
        )
    if same_path(source, out):
        raise UsageError(
            f"the annotated copy cannot overwrite its input {source.name}; choose another output path",
            f"标注副本不能覆盖输入文件 {source.name}，请另选输出路径",
        )


def _load(source: Path) -> Workbook:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # rich_text keeps in-cell formatting; formulas are kept as written (data_only=False).
        with _merges_kept_as_ranges():
            return load_workbook(source, rich_text=True)
    except FileNotFoundError:
        raise InputError(f"file not found: {source}", f"找不到文件：{source}") from None
    except (InvalidFileException, zipfile.BadZipFile, OSError) as exc:  # damaged or foreign
        raise InputError(
            f"cannot open {source.name} as an .xlsx workbook: {exc}",
            f"无法将 {source.name} 作为 .xlsx 工作簿打开：{exc}",
        ) from None
    except Exception as exc:
        # openpyxl parsing hostile bytes raises whatever its code meets (KeyError, IndexError,
        # OverflowError, TypeError, lxml's XMLSyntaxError, …: make fuzz found each). Nothing of
        # ours runs inside load_workbook, so any exception here says the file is unusable.
        raise InputError(
            f"cannot open {source.name} as an .xlsx workbook: {exc}",
            f"无法将 {source.name} 作为 .xlsx 工作簿打开：{exc}",
        ) from None


@contextlib.contextmanager
def _merges_kept_as_ranges() -> Iterator[None]:
    """Load merged ranges as ranges only, for the duration of one load_workbook call.

    openpyxl's reader replaces every cell a merged range covers with a MergedCell object (so a
    range A3:M1048576 becomes 13 million objects and gigabytes), and checks each range against all
    others (100,000 ranges: minutes). The annotated copy only needs the ranges written back as they
    were: the covered cells the file itself holds are read as ordinary cells anyway. So the reader
    used for this load keeps the ranges and creates nothing else.
    """
    import openpyxl.reader.excel as excel
    from openpyxl.worksheet._reader import WorksheetReader
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.merge import MergedCellRange

    class RangesOnly(WorksheetReader):
        def bind_merged_cells(self) -> None:
            merged = self.parser.merged_cells
            if merged:
                self.ws.merged_cells = MultiCellRange(
                    [MergedCellRange(self.ws, m.ref) for m in merged.mergeCell]
                )

    original = excel.WorksheetReader  # type: ignore[attr-defined]  # (the stubs omit it)
    excel.WorksheetReader = RangesOnly  # type: ignore[attr-defined]
    try:
        yield
    finally:
        excel.WorksheetReader = original  # type: ignore[attr-defined]


class _Anchors:
    """Which merged range, if any, covers a cell: an index built once per sheet, never per cell.

    Small ranges (the usual two-row header cells) are indexed by every cell they cover; the few
    large ones are checked in turn. Nothing is materialised in the workbook.
    """

    SMALL = 64  # cells

    def __init__(self, worksheet: Worksheet) -> None:
        self.cells: dict[tuple[int, int], str] = {}
        self.large: list[Any] = []
        for merged in worksheet.merged_cells.ranges:
            anchor = f"{merged.coord.split(':')[0]}"
            if merged.size["rows"] * merged.size["columns"] <= self.SMALL:
                for cell in merged.cells:
                    self.cells.setdefault(cell, anchor)
            else:
                self.large.append(merged)

    def anchor(self, row: int, col: int, coordinate: str) -> str:
        if (found := self.cells.get((row, col))) is not None:
            return found
        for merged in self.large:
            if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
                return str(merged.coord.split(":")[0])
        return coordinate


def _target_sheet(wb: Workbook, name: str | None, fallback: str | None) -> Worksheet | None:
    from openpyxl.worksheet.worksheet import Worksheet

    for candidate in (name, fallback):
        if candidate and candidate in wb.sheetnames:
            worksheet = wb[candidate]
            return worksheet if isinstance(worksheet, Worksheet) else None
    return None


def _link(sheet: str, coordinate: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + coordinate


def _comment_text(findings: Iterable[Finding], lang: str) -> str:
    parts = []
    for f in findings:
        # A report for people: control characters in values are shown as escapes (\x07), not dropped.
        text = f"[{severity_label(f.severity, lang)} {f.rule} {f.slug}] {visible(f.message(lang))}"
        hint = visible(f.hint(lang))
        if hint:
            text += ("\n修改建议：" if lang == "zh" else "\nFix: ") + hint
        parts.append(text)
    return "\n\n".join(parts)


def _fill_xml(fill: Any) -> str:
    from openpyxl.xml.functions import tostring

    xml: str | bytes = tostring(fill.to_tree())
    return xml.decode() if isinstance(xml, bytes) else xml


def _fill_from_xml(xml: str | None) -> Fill:
    from openpyxl.styles.fills import Fill, PatternFill
    from openpyxl.xml.functions import fromstring

    try:
        fill = Fill.from_tree(fromstring(xml)) if xml else None  # type: ignore[arg-type]
    except Exception:  # a record edited by hand: no fill is the safe fallback
        fill = None
    return fill if fill is not None else PatternFill()


def _is_our_fill(fill: Any) -> bool:
    # A cell's fill is a StyleProxy, so look at the attributes rather than the class.
    if getattr(fill, "fill_type", None) != "solid":
        return False
    color = fill.fgColor
    return color.type == "rgb" and str(color.rgb)[-6:] in FILLS.values()


def _is_results_sheet(worksheet: object) -> bool:
    """Our results sheet: the marker, or (written before it existed) our title and header row."""
    from openpyxl.worksheet.worksheet import Worksheet

    if not isinstance(worksheet, Worksheet):
        return False
    if worksheet.cell(row=1, column=_RECORD_COLUMN).value == MARKER:
        return True
    header = tuple(worksheet.cell(row=1, column=c).value for c in range(1, len(_WIDTHS) + 1))
    return bool(_OLD_RESULTS_TITLE.fullmatch(worksheet.title)) and header in _HEADERS.values()


def _our_comment_text(text: str) -> bool:
    """Whether a comment's text is one we wrote (see :func:`_comment_text`)."""
    labels = "|".join(re.escape(label) for names in SEVERITY_LABELS.values() for label in names.values())
    return re.match(rf"\[(?:{labels}) CT\d{{3}} ", text) is not None


def _remove_previous(wb: Workbook) -> None:
    """Undo an earlier annotation: drop our results sheet(s), our comments (a drafter's comment we
    appended to comes back with its author) and our fills (the recorded fill comes back, unless the
    drafters have recoloured the cell since)."""
    from openpyxl.comments import Comment

    originals: Originals = {}
    for worksheet in list(wb.worksheets):
        if _is_results_sheet(worksheet):
            for title, where, fill, author in worksheet.iter_rows(
                min_row=2, min_col=_RECORD_COLUMN, max_col=_RECORD_COLUMN + 3, values_only=True
            ):
                if title and where:
                    originals[(str(title), str(where))] = (
                        str(fill or ""),
                        None if author is None else str(author),
                    )
            wb.remove(worksheet)
    for worksheet in wb.worksheets:
        # The cells the file holds, not the rectangle up to its last cell: iter_rows() would create
        # every cell in between (a far-away cell makes that millions).
        cells: dict[tuple[int, int], Any] = getattr(worksheet, "_cells", {})
        for cell in list(cells.values()):
            comment = getattr(cell, "comment", None)
            ours = comment is not None and comment.author == COMMENT_AUTHOR
            key = (worksheet.title, cell.coordinate)
            if not ours and key not in originals:
                continue
            fill_xml, author = originals.get(key, ("", None))
            if _is_our_fill(cell.fill):
                cell.fill = _fill_from_xml(fill_xml)
            if ours and comment is not None:
                drafters, found, _ = comment.text.partition(_SEPARATOR)
                if key in originals:
                    found = found and author is not None
                else:  # an older copy, annotated twice, has our own comment before the separator
                    found = found and not _our_comment_text(drafters)
                cell.comment = Comment(drafters, author or "") if found else None


def _mark_cells(
    wb: Workbook, report: FileReport, lang: str
) -> tuple[dict[Finding, tuple[str, str]], Originals]:
    """Fill and comment every located cell; return where each finding was marked (sheet, cell) and
    what each marked cell looked like before."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.utils import column_index_from_string

    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    marked: dict[Finding, tuple[str, str]] = {}
    anchors: dict[str, _Anchors] = {}
    for f in report.findings:
        loc = f.location
        if loc.row is None:
            continue
        worksheet = _target_sheet(wb, loc.sheet, report.sheet)
        if worksheet is None:
            continue
        if worksheet.title not in anchors:
            anchors[worksheet.title] = _Anchors(worksheet)
        letter = loc.column or "A"
        # The top-left cell of a merged range is the only one that can be styled.
        anchor = anchors[worksheet.title].anchor(
            loc.row, column_index_from_string(letter), f"{letter}{loc.row}"
        )
        target = (worksheet.title, anchor)
        by_cell[target].append(f)
        marked[f] = target
    originals: Originals = {}
    for (title, coordinate), findings in by_cell.items():
        cell = wb[title][coordinate]
        originals[(title, coordinate)] = (
            _fill_xml(cell.fill),
            cell.comment.author if cell.comment is not None else None,
        )
        severity = worst(f.severity for f in findings) or "info"
        cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[severity], bgColor=FILLS[severity])
        text = _comment_text(sorted_findings(findings), lang)
        if cell.comment is not None:  # keep what the drafters wrote
            text = f"{cell.comment.text}{_SEPARATOR}{text}"
        lines = sum(1 + len(line) // 30 for line in text.splitlines())
        cell.comment = Comment(text, COMMENT_AUTHOR, height=min(40 + 15 * lines, 600), width=320)
    return marked, originals


def _unique_title(wb: Workbook, title: str) -> str:
    n, candidate = 1, title
    while candidate in wb.sheetnames:
        n += 1
        candidate = f"{title} ({n})"
    return candidate


def _as_text(cell: Cell, value: str) -> None:
    # A value such as "=1+1" is data from the draft, not a formula for Excel to run.
    set_cell(cell, value)


def _shown(value: str | None, lang: str) -> str:
    """The value as written (a cell needs no quotes); an empty value is named, a missing one blank."""
    if value is None:
        return ""
    return value if value else quote(value, lang)


def _results_sheet(
    wb: Workbook, report: FileReport, marked: dict[Finding, tuple[str, str]], originals: Originals, lang: str
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    key = "zh" if lang == "zh" else "en"
    worksheet = wb.create_sheet(_unique_title(wb, RESULTS_SHEET))
    worksheet.append(_HEADERS[key])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(_WIDTHS, start=1):
        worksheet.column_dimensions[get_column_letter(i)].width = width
    from catalogtool.workbook import a4_print_setup, row_height

    link_font = Font(color="0563C1", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, f in enumerate(sorted_findings(report.findings), start=2):
        loc = f.location
        values = (
            severity_label(f.severity, lang),
            f"{f.rule} {f.slug}",
            loc.describe(lang),
            field_label(loc.field, lang),
            _shown(f.value, lang),
            f.message(lang),
            f.hint(lang),
        )
        shown = [visible(value) for value in values]
        for c, value in enumerate(shown, start=1):
            cell = worksheet.cell(row=r, column=c)
            _as_text(cell, value)
            cell.alignment = wrap
        # Excel and LibreOffice keep a row's height when opening it: tall enough for the wrapped text.
        worksheet.row_dimensions[r].height = row_height(shown, _WIDTHS, font_size=_RESULTS_FONT_SIZE)
        worksheet.cell(row=r, column=1).fill = PatternFill(fill_type="solid", fgColor=FILLS[f.severity])
        target = marked.get(f)
        if target is None:
            sheet = _target_sheet(wb, loc.sheet, report.sheet)
            target = (sheet.title, "A1") if sheet is not None else None
        if target is not None:
            link = worksheet.cell(row=r, column=3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=_link(*target))
            link.font = link_font
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:G{max(worksheet.max_row, 1)}"
    # On paper: A4 landscape, the header row on every page, a title above and page numbers below.
    a4_print_setup(worksheet, "1:1")
    name = Path(report.file).name
    title = f"{RESULTS_SHEET} — {name}" if lang == "zh" else f"Validation results — {name}"
    worksheet.oddHeader.center.text = title.replace("&", "&&")
    # The marker and the record of marked cells, in hidden columns past the table (see module doc).
    worksheet.cell(row=1, column=_RECORD_COLUMN).value = MARKER
    for r, ((title, coordinate), (fill, author)) in enumerate(originals.items(), start=2):
        for c, recorded in enumerate((title, coordinate, fill, author), start=_RECORD_COLUMN):
            if recorded is not None:
                _as_text(worksheet.cell(row=r, column=c), recorded)
    for c in range(_RECORD_COLUMN, _RECORD_COLUMN + 4):
        worksheet.column_dimensions[get_column_letter(c)].hidden = True


def write_annotated(source: Path, report: FileReport, out: Path, lang: str) -> None:
    """Write to ``out`` a copy of the workbook ``source`` with ``report``'s findings marked in it.

    Raises :class:`UsageError` when ``source`` is not an ``.xlsx`` file or ``out`` is ``source``,
    and :class:`InputError` when the workbook cannot be opened. ``source`` is never modified.
    """
    source, out = Path(source), Path(out)
    _check_paths(source, out)
    wb = _load(source)
    _remove_previous(wb)
    marked, originals = _mark_cells(wb, report, lang)
    _results_sheet(wb, report, marked, originals, lang)
    # Saved to memory first: openpyxl leaves its zip open when a write to disk fails (a full disk),
    # and the error would surface again as a traceback when it is collected.
    buffer = io.BytesIO()
    wb.save(buffer)
    drawings = {ws.legacy_drawing: ws for ws in wb.worksheets if ws.legacy_drawing}  # set by the save
    write_bytes(out, anchor_notes(buffer.getvalue(), drawings))
