"""The shape of the data rows as governments lay tables out, shared by the xlsx and CSV readers.

Under the header, a provincial table is not only data rows:

* category columns (所属产业, 小类代码, 小类名称) merged down over the posts under them: the value of a
  vertical merge belongs to every row it covers, so it is carried down (CT110, once per merge);
* section rows, a single cell such as ``一、集成电路（15个）`` across the table: headings, skipped, whose
  text fills a blank industry of the rows below them (CT111);
* notes under the table (``注：1. …``, ``说明：``, ``（以下空白）``, a signature and date line, one long
  text across the table): they end the table and produce nothing; a row after them that looks like
  data is still read, and reported (CT112).

:class:`Layout` decides this row by row while a reader streams its rows, so a 100,000-row sheet costs
one cheap look at the first cells of each row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from catalogtool.lang import Listing, join
from catalogtool.model import FIELD_LABELS, Cell, CellValue, Finding, Location, column_letter
from catalogtool.read.headers import Header, Merge
from catalogtool.read.table import is_blank
from catalogtool.rules.file import AFTER_NOTES, CARRIED_DOWN, MERGED_DATA, SECTION_ROW

Kind = Literal["blank", "data", "section", "note"]

_NUMERAL = "一二三四五六七八九十百零〇"
# 注：… 注1：… 说明：… 备注：… 附：… 附件1：… ; 注1. … ; （以下空白）
_NOTE = re.compile(
    r"^\s*(?:(?:注|注释|备注|说明|附注|附|附件|备考)\s*[0-9０-９" + _NUMERAL + r"]*\s*[:：]"
    r"|注\s*[0-9０-９]+\s*[.、．]"
    r"|[（(]?\s*(?:以下空白|以下无正文|此页无正文|本页以下空白|本页无正文)\s*[）)]?\s*$)"
)
# 填报单位（盖章）：… 日期：… 联系人：… ; 2025年10月15日
_SIGNATURE = re.compile(
    r"^\s*(?:(?:填报|填表|制表|编制|审核|审批|复核|联系|负责|签字|签名|签发|盖章|经办|日期|时间|电话|单位)"
    r"|[（(]?\s*盖章|\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*$)"
)
# 一、集成电路 （二）生物医药 第一部分 Ⅱ. …
_SECTION = re.compile(
    r"^\s*(?:[" + _NUMERAL + r"]+\s*[、.．]|[（(]\s*[" + _NUMERAL + r"]+\s*[）)]"
    r"|第\s*[" + _NUMERAL + r"0-9]+\s*[部类章节]分?|[IVXⅠ-Ⅻ]+\s*[、.．])\s*"
)
_COUNT = re.compile(r"\s*[（(]\s*(?:共|计)?\s*\d+\s*(?:个|项|条|类|种)?\s*(?:岗位|职业)?\s*[）)]\s*$")
_NUMBERISH = re.compile(r"^[\d\s.,\-－—/、]+$")
_SENTENCE = re.compile(r"[。；;]")
_CODE_LIKE = re.compile(r"^\d\s*[-－—]\s*\d")
#: A single text cell this long on its own row is prose (a note), not a heading.
_HEADING_MAX = 30
#: A single cell merged across at least this many columns spans the table.
_SPAN_MIN = 3
#: Merged ranges listed in a CT110 message.
_LISTED = 4


def section_label(text: str) -> str:
    """The category a section heading names: 一、集成电路（15个） → 集成电路."""
    label = _COUNT.sub("", _SECTION.sub("", text, count=1)).strip(" ：:")
    return label or text.strip()


def _text(value: CellValue) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class _Section:
    row: int
    column: str
    text: str
    label: str
    filled: list[int] = field(default_factory=list)


@dataclass
class _Carry:
    merge: Merge
    value: CellValue


MakeCell = Callable[[CellValue, str], Cell]


class Layout:
    """Classifies the rows under a header, carries merged categories down and fills section industries.

    ``offset`` is the column index of the first value a reader passes per row (xlsx rows start at the
    used range). Findings go to ``findings`` as the rows are read.
    """

    def __init__(
        self,
        file: str,
        sheet: str | None,
        header: Header,
        findings: list[Finding],
        merges: Sequence[Merge] = (),
        offset: int = 0,
    ) -> None:
        self._file, self._sheet, self._offset = file, sheet, offset
        self._findings = findings
        self._field_at: Mapping[int, str] = {col: key for key, col in header.columns.items()}
        self._seq = header.columns.get("seq")
        self._industry = header.columns.get("industry")
        last = header.rows[-1]
        self._starts: dict[int, list[Merge]] = {}
        for m in merges:
            if m.first_row > last and not (m.first_row == m.last_row and m.first_col == m.last_col):
                self._starts.setdefault(m.first_row, []).append(m)
        self._carry: dict[int, _Carry] = {}
        self._carried: dict[int, list[Merge]] = {}
        self._section: _Section | None = None
        self._notes_row: int | None = None
        self._seen_data = False

    def header_merges(self, merges: Sequence[Merge], last_header: int) -> list[Finding]:
        """CT109 for ranges merged from the header down into the data rows (found before any row)."""
        return [self._merged(m, last_header + 1) for m in merges if m.first_row <= last_header < m.last_row]

    # --- per row --------------------------------------------------------------------------------

    def kind(self, number: int, values: Sequence[CellValue]) -> Kind:
        """What row ``number`` is; records sections and notes, and starts carrying its merges."""
        kind = self._classify(number, values)
        if kind == "section":
            self._close_section()
            self._start_section(number, values)
        elif kind == "note":
            if self._seen_data and self._notes_row is None:
                self._close_section()
                self._notes_row = number
        elif kind == "data":
            self._seen_data = True
            if self._notes_row is not None:
                self._findings.append(
                    AFTER_NOTES.finding(self._at(number), row=number, notes_row=self._notes_row)
                )
            self._start_merges(number, values)
        return kind

    def fill(self, number: int, cells: dict[str, Cell], make: MakeCell) -> None:
        """Put carried-down merge values and the section's industry into a data row's blank fields."""
        for col, carry in list(self._carry.items()):
            if number > carry.merge.last_row:
                del self._carry[col]
                continue
            key = self._field_at[col]
            if key not in cells:
                cells[key] = make(carry.value, column_letter(col))
        section = self._section
        if section is not None and self._industry is not None and "industry" not in cells:
            cells["industry"] = make(section.label, column_letter(self._industry))
            section.filled.append(number)

    # --- a batch of plain data rows ---------------------------------------------------------------

    def opens_data(self, value: CellValue) -> bool:
        """Whether a row whose first cell holds ``value`` is data once a second cell holds something:
        not blank, and not the start of a note or a signature line (such rows need ``kind``)."""
        if is_blank(value):
            return False
        lead = _text(value) if isinstance(value, str) else ""
        return not (lead and (_NOTE.match(lead) or _SIGNATURE.match(lead)))

    def take_plain(self, numbers: Sequence[int], industry_filled: bool) -> bool:
        """Take rows ``numbers`` as data rows without a look at each, when the reader knows that each
        one's first cell ``opens_data`` and its second is not blank, and when nothing here acts on them:
        no notes above, no merge starting or carried down into them, no section filling their industry
        (``industry_filled``: each row has one). False (nothing done) when something would: the reader
        then goes row by row (``kind``, ``fill``)."""
        first = numbers[0]
        for col, carry in list(self._carry.items()):
            if first > carry.merge.last_row:
                del self._carry[col]  # as fill would: the merge ended above these rows
        if self._carry or self._notes_row is not None or not self._starts.keys().isdisjoint(numbers):
            return False
        if self._section is not None and self._industry is not None and not industry_filled:
            return False
        self._seen_data = True
        return True

    @property
    def section(self) -> int:
        """The row number of the open section heading, 0 when none (numbering may restart under it)."""
        return self._section.row if self._section is not None else 0

    def finish(self) -> None:
        """Call after the last row: reports the open section and the columns carried down."""
        self._close_section()
        for col, carried in sorted(self._carried.items()):
            key = self._field_at[col]
            shown = tuple(_span_text(m) for m in carried[:_LISTED])
            ranges = Listing(shown, more=len(carried) - len(shown))
            letter = column_letter(col)
            first = carried[0]
            self._findings.append(
                CARRIED_DOWN.finding(
                    Location(self._file, self._sheet, first.first_row, letter, key),
                    value=_span_text(first),
                    label=FIELD_LABELS[key][1],
                    label_zh=FIELD_LABELS[key][0],
                    column=letter,
                    ranges=ranges,
                )
            )

    # --- classification -------------------------------------------------------------------------

    def _classify(self, number: int, values: Sequence[CellValue]) -> Kind:
        first: tuple[int, CellValue] | None = None
        second = False
        for i, value in enumerate(values):
            if is_blank(value):
                continue
            if first is None:
                first = (i + self._offset, value)
            else:
                second = True
                break
        if first is None:
            return "blank"
        col, value = first
        lead = _text(value) if isinstance(value, str) else ""
        if lead and _NOTE.match(lead):
            return "note"
        if lead and _SIGNATURE.match(lead) and self._all_signature(values):
            return "note"
        if second:
            return "data"
        return self._single(number, col, value)

    def _all_signature(self, values: Sequence[CellValue]) -> bool:
        return all(
            is_blank(v) or (isinstance(v, str) and _SIGNATURE.match(v.strip()) is not None) for v in values
        )

    def _single(self, number: int, col: int, value: CellValue) -> Kind:
        """A row with one non-blank cell: a heading, a note, or a data row with blanks."""
        if not isinstance(value, str):
            is_date = isinstance(value, dt.date | dt.datetime)
            return (
                "note"
                if is_date and self._seen_data and self._field_at.get(col) != "subcategory_code"
                else "data"
            )
        text = value.strip()
        if _SECTION.match(text) and len(text) <= _HEADING_MAX and not _SENTENCE.search(text):
            return "section"
        if _NUMBERISH.match(text) or _CODE_LIKE.match(text):
            return "data"  # a number or a code alone in its cell: a data row with blanks
        if self._seen_notes:
            return "note"  # one line of text below the notes: the issuing office, a date, more notes
        spans = self._span(number, col) >= _SPAN_MIN
        if not (spans or col == self._seq or col not in self._field_at):
            return "data"
        if len(text) <= _HEADING_MAX and not _SENTENCE.search(text):
            return "section"
        return "note"

    @property
    def _seen_notes(self) -> bool:
        return self._notes_row is not None

    def _span(self, number: int, col: int) -> int:
        for m in self._starts.get(number, ()):
            if m.first_col == col:
                return m.last_col - m.first_col + 1
        return 1

    # --- sections and merges --------------------------------------------------------------------

    def _start_section(self, number: int, values: Sequence[CellValue]) -> None:
        for i, value in enumerate(values):
            if not is_blank(value):
                text = _text(value)
                self._section = _Section(number, column_letter(i + self._offset), text, section_label(text))
                return

    def _close_section(self) -> None:
        section, self._section = self._section, None
        if section is None:
            return
        filled = filled_zh = ""
        if section.filled:
            rows = _ranges(section.filled)
            filled = (
                f"; {section.label!r} was read as the industry of rows {join(rows, 'en')} (left blank there)"
            )
            filled_zh = f"；其下第 {join(rows, 'zh')} 行的产业领域为空，已填入“{section.label}”"
        location = Location(self._file, self._sheet, section.row, section.column)
        self._findings.append(
            SECTION_ROW.finding(
                location,
                value=section.text,
                row=section.row,
                text=section.text,
                filled=filled,
                filled_zh=filled_zh,
            )
        )

    def _start_merges(self, number: int, values: Sequence[CellValue]) -> None:
        for m in self._starts.get(number, ()):
            fields = {self._field_at[c] for c in range(m.first_col, m.last_col + 1) if c in self._field_at}
            if m.last_row > m.first_row and len(fields) <= 1:
                i = m.first_col - self._offset
                anchor = values[i] if 0 <= i < len(values) else None
                if not fields or is_blank(anchor):
                    continue  # nothing to carry: an unread column, or a blank range
                self._carry[m.first_col] = _Carry(m, anchor)
                self._carried.setdefault(m.first_col, []).append(m)
            else:
                self._findings.append(self._merged(m, m.first_row))

    def _merged(self, m: Merge, row: int) -> Finding:
        anchor = f"{column_letter(m.first_col)}{m.first_row}"
        span = _span_text(m)
        location = Location(self._file, self._sheet, row, column_letter(m.first_col))
        return MERGED_DATA.finding(location, value=span, range=span, cell=anchor)

    def _at(self, number: int) -> Location:
        return Location(self._file, self._sheet, number)


def _span_text(m: Merge) -> str:
    return f"{column_letter(m.first_col)}{m.first_row}:{column_letter(m.last_col)}{m.last_row}"


def _ranges(numbers: Sequence[int]) -> list[str]:
    """6, 7, 8, 10 → ['6–8', '10']."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return out
