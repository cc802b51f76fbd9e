"""A streaming XML tokenizer for workbook parts: expat (C, incremental, no tree), Python per element.

safety.py's fast path recognises the one way Excel, WPS and openpyxl write a cell (``<c r="B7" …>``)
with C-speed searches. Everything else is tokenized here, as an XML parser sees it, so no spelling
slips through: attributes in any order, quoted with ' or ", spaces around ``=``, references in lower
case or with leading zeros, cells without a reference (placed after the previous one), namespace
prefixes, character references, any encoding the XML declaration names.

* ``SheetTokens``: a worksheet's extent as a reader places its cells, the number of cells, the
  ``<dimension>`` and every ``<mergeCell>``.
* ``root_attributes``: the attributes of a part's root element (``<sst count= uniqueCount=>``).
* ``StyleCounts``: how many of each style record styles.xml holds and the largest ``count`` it declares.

Nothing here trusts a number: references and counts are parsed with bounded length, so a 5,000-digit
row number is "too large", not a ValueError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_REF = re.compile(r"([A-Za-z]{1,7})0*(\d{1,12})")
_RANGE = re.compile(r"\s*([A-Za-z]{1,7}0*\d{1,12})(?::([A-Za-z]{1,7}0*\d{1,12}))?\s*")
_INT = re.compile(r"\s*\+?(\d{1,30})\s*")
HUGE = 10**12  # stands for any number too long to be real


class XmlProblem(ValueError):
    """The XML is not well-formed, or declares a DTD (never in a workbook)."""


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def column_of(letters: str) -> int:
    """0-based column index of letters in any case (a → 0, XFD → 16383)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def parse_ref(text: str) -> tuple[int, int] | None:
    """(1-based row, 0-based column) of a cell reference in any case, or None when it is not one."""
    m = _REF.fullmatch(text.strip())
    if m is None:
        return None
    return int(m.group(2)), column_of(m.group(1))


def parse_int(text: str | None) -> int | None:
    """A count attribute: digits (with spaces or '+'), capped at HUGE; None when not a number."""
    if text is None:
        return None
    m = _INT.fullmatch(text)
    if m is None:
        return None
    return min(int(m.group(1)), HUGE)


@dataclass(frozen=True)
class Area:
    """A range of cells: 1-based rows, 0-based columns, inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def cells(self) -> int:
        return (abs(self.last_row - self.first_row) + 1) * (abs(self.last_col - self.first_col) + 1)


def parse_area(text: str) -> Area | None:
    m = _RANGE.fullmatch(text)
    if m is None:
        return None
    first = parse_ref(m.group(1))
    last = parse_ref(m.group(2)) if m.group(2) else first
    if first is None or last is None:
        return None
    return Area(first[0], first[1], last[0], last[1])


def xml_parser(start: Any, end: Any = None) -> Any:
    """An expat parser that calls ``start(name, attrs)`` per element and refuses any DTD."""
    from xml.parsers import expat

    parser = expat.ParserCreate()  # no namespace processing: names keep their prefix
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end

    def no_dtd(*_: object) -> None:
        raise XmlProblem("a DOCTYPE declaration")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _feed(parser: Any, chunks: Iterable[bytes]) -> None:
    from xml.parsers import expat

    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise XmlProblem(str(exc)) from None


@dataclass
class SheetTokens:
    """Every cell of a worksheet placed as a reader places it; the dimension; the merged ranges.

    A cell with a reference goes there; one without goes right of the previous cell in its row; a
    row without ``r`` follows the previous row. ``limit`` stops the scan early (the caller refuses
    the sheet) once rows, columns or the cell count pass it.
    """

    max_row: int = 0
    max_col: int = -1
    cells: int = 0
    dimension: Area | None = None
    merges: list[Area] = field(default_factory=list)
    _row: int = 0
    _col: int = -1

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            self.cells += 1
            ref = attrs.get("r")
            place = parse_ref(ref) if ref is not None else None
            if place is None and ref is not None and ref.strip():
                place = (HUGE, HUGE)  # a reference we cannot read: assume the worst
            if place is not None:
                row, col = place
                if row != self._row:
                    self._row = row
            else:
                row, col = max(self._row, 1), self._col + 1
            self._col = col
            self.max_row = max(self.max_row, row)
            self.max_col = max(self.max_col, col)
        elif local == "row":
            number = parse_int(attrs.get("r"))
            self._row = number if number is not None else self._row + 1
            self._col = -1
        elif local == "mergeCell":
            area = parse_area(attrs.get("ref", ""))
            if area is not None:
                self.merges.append(area)
        elif local == "dimension":
            self.dimension = parse_area(attrs.get("ref", ""))

    def scan(self, chunks: Iterable[bytes]) -> SheetTokens:
        """Tokenize a whole worksheet part; raises XmlProblem when it is not well-formed XML."""
        _feed(xml_parser(self.start), chunks)
        return self


class _Found(Exception):
    def __init__(self, attrs: dict[str, str]) -> None:
        self.attrs = attrs


def root_attributes(chunks: Iterable[bytes]) -> dict[str, str]:
    """The attributes of a part's root element, reading only as far as its start tag."""

    def start(name: str, attrs: dict[str, str]) -> None:
        raise _Found(attrs)

    parser = xml_parser(start)
    from xml.parsers import expat

    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Found as found:
        return found.attrs
    except expat.ExpatError as exc:
        raise XmlProblem(str(exc)) from None
    return {}


@dataclass
class StyleCounts:
    """styles.xml: how many of each record (xf, font, fill, border, numFmt, dxf, cellStyle) it
    holds, and the largest ``count`` attribute it declares."""

    records: dict[str, int] = field(default_factory=dict)
    declared: int = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local in ("xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle"):
            self.records[local] = self.records.get(local, 0) + 1
        count = parse_int(attrs.get("count"))
        if count is not None:
            self.declared = max(self.declared, count)

    def scan(self, chunks: Iterable[bytes]) -> StyleCounts:
        _feed(xml_parser(self.start), chunks)
        return self
