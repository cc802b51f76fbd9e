"""Comment boxes placed beside their cells in a saved workbook.

openpyxl writes each comment's VML shape with one fixed position for all (``margin-left:59.25pt;
margin-top:1.5pt``) and no ``<x:Anchor>``, so every box of a sheet opens in its top-left corner, on
top of each other: when Excel shows all comments, and always in LibreOffice, which places a note by
its client anchor when it has one and by that style position otherwise
(oox ``ShapeBase::calcShapeRectangle``). Excel anchors a new note one column right of its cell, from
the row above; :func:`anchor_notes` gives every note such an anchor, sized to the box openpyxl wrote.

``<x:Anchor>`` is "left column, left offset, top row, top offset, right column, right offset, bottom
row, bottom offset": columns and rows 0-based, offsets in pixels (VML, ECMA-376 Part 4 §2.4.1).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_V = "urn:schemas-microsoft-com:vml"
_X = "urn:schemas-microsoft-com:office:excel"
_SIZE = re.compile(r"(width|height):\s*([\d.]+)px")
#: Where Excel starts a note: this many pixels into the column right of the cell, and into the row
#: above it.
LEFT_OFFSET, TOP_OFFSET = 15, 10
# Excel's defaults at 96 dpi: a column of 8.43 digits of Calibri 11 is 64 px, a row of 15 pt is 20 px.
_DEFAULT_COLUMN_PX, _PX_PER_UNIT, _PX_PER_PT = 64.0, 7.0, 4 / 3
_LAST_COLUMN, _LAST_ROW = 16_383, 1_048_575  # 0-based


def anchor_notes(data: bytes, drawings: Mapping[str, Worksheet]) -> bytes:
    """The workbook ``data`` with each note in the VML parts ``drawings`` names (zip member → its
    worksheet, as openpyxl saved it) anchored beside its cell. Other parts are copied unchanged."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            sheet = drawings.get(info.filename)
            if sheet is not None:
                part = _anchored(part, sheet)
            target.writestr(info, part, compress_type=info.compress_type)
    return out.getvalue()


def _anchored(vml: bytes, sheet: Worksheet) -> bytes:
    root = ElementTree.fromstring(vml)  # openpyxl's own output, written a moment ago
    for shape in root.iter(f"{{{_V}}}shape"):
        data = shape.find(f"{{{_X}}}ClientData")
        if data is None or data.get("ObjectType") != "Note" or data.find(f"{{{_X}}}Anchor") is not None:
            continue
        row, column = data.findtext(f"{{{_X}}}Row"), data.findtext(f"{{{_X}}}Column")
        if row is None or column is None or not (row.isdigit() and column.isdigit()):
            continue
        size = dict(_SIZE.findall(shape.get("style", "")))
        anchor = note_anchor(
            sheet, int(row), int(column), float(size.get("width", 144)), float(size.get("height", 79))
        )
        element = ElementTree.Element(f"{{{_X}}}Anchor")
        element.text = ", ".join(map(str, anchor))
        # Where Excel writes it: after the move and size flags, before AutoFill, Row and Column.
        flags = sum(1 for child in data if child.tag in (f"{{{_X}}}MoveWithCells", f"{{{_X}}}SizeWithCells"))
        data.insert(flags, element)
    return ElementTree.tostring(root)


def note_anchor(sheet: Worksheet, row: int, column: int, width: float, height: float) -> tuple[int, ...]:
    """The anchor of a ``width`` × ``height`` pixel note on the cell at 0-based ``row``, ``column``."""
    left, top = min(column + 1, _LAST_COLUMN), max(row - 1, 0)
    right, right_offset = _reach(left, LEFT_OFFSET + width, lambda c: _column_px(sheet, c), _LAST_COLUMN)
    bottom, bottom_offset = _reach(top, TOP_OFFSET + height, lambda r: _row_px(sheet, r), _LAST_ROW)
    return (left, LEFT_OFFSET, top, TOP_OFFSET, right, right_offset, bottom, bottom_offset)


def _reach(start: int, length: float, size: Callable[[int], float], last: int) -> tuple[int, int]:
    """The (index, offset in it) ``length`` pixels from the start of line ``start``."""
    index = start
    while index < last and length > (here := size(index)):
        length -= here
        index += 1
    return index, round(length)


def _column_px(sheet: Worksheet, column: int) -> float:
    # A dimension may cover several columns (min–max), kept under the letter of the first.
    for dim in sheet.column_dimensions.values():
        if dim.min is not None and dim.max is not None and dim.min <= column + 1 <= dim.max:
            if dim.hidden:
                return 0.0
            return float(dim.width) * _PX_PER_UNIT if dim.width else _DEFAULT_COLUMN_PX
    return _DEFAULT_COLUMN_PX


def _row_px(sheet: Worksheet, row: int) -> float:
    dim = sheet.row_dimensions.get(row + 1)
    if dim is not None and dim.hidden:
        return 0.0
    height = dim.ht if dim is not None and dim.ht else sheet.sheet_format.defaultRowHeight or 15
    return float(height) * _PX_PER_PT
