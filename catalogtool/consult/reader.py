"""Read a returned feedback form into a :class:`~catalogtool.consult.core.FormRead`.

The file is vetted like every input (content sniffing, the zip and XML checks of read/safety.py)
and read with python-calamine, which takes what Excel, WPS and LibreOffice save alike. Nothing relies
on the file name, the sheet's name or order, or row positions: the form sheet is the one whose header
has the opinion columns, its columns are found by their labels (draft columns by every spelling the
catalog reader accepts), the identity sheet by its mark, the cover values by their labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from catalogtool.consult.core import (
    COVER_LABELS,
    FORM_FIELDS,
    FORM_MARK,
    FORM_SHEET,
    KEY_COLUMN,
    OPINION_COLUMNS,
    FormCell,
    FormIdentity,
    FormRead,
    FormRow,
)
from catalogtool.model import Cell, CellValue, column_letter
from catalogtool.normalize import fold
from catalogtool.read import DEFAULT_LIMITS, Limits

#: How far down a sheet the form's header is looked for.
_HEADER_SCAN = 40
#: A returned form holds a catalog's rows and some opinions: far tighter bounds than a catalog draft,
#: since every sheet of it is read whole.
FORM_LIMITS = replace(DEFAULT_LIMITS, max_file_bytes=20 * 2**20, max_rows=20_000, max_cells=1_000_000)


def read_form(path: Path, limits: Limits = FORM_LIMITS) -> FormRead:
    """The cells of a returned form. InputError (exit 2) when the file is unusable or not a form."""
    from catalogtool.read.safety import inspect_workbook
    from catalogtool.read.sniff import fail, sniff
    from catalogtool.read.xlsx import _open_workbook

    path = Path(path)
    if sniff(path, limits) != "xlsx":
        raise fail(
            path,
            "not an Excel workbook: a feedback form comes back as .xlsx (ask the party to save it as such)",
            "不是 Excel 工作簿：意见反馈表应为 .xlsx 文件（请对方另存为 .xlsx 后发回）",
        )
    inspect_workbook(path, limits)
    workbook = _open_workbook(path)
    grids = {m.name: _grid(workbook, m.name) for m in workbook.sheets_metadata}
    identity = next((i for g in grids.values() if (i := _identity(g)) is not None), None)
    candidates = sorted(grids, key=lambda name: name != FORM_SHEET)  # the usual name first
    for name in candidates:
        found = _header(grids[name])
        if found is not None:
            row, columns = found
            return FormRead(
                file=path.name,
                sheet=name,
                identity=identity,
                cover=_cover(grids[name][: row - 1]),
                columns={key: column_letter(col) for col, key in columns.items()},
                rows=tuple(_rows(grids[name], row, columns)),
            )
    labels = " / ".join(label for label, _ in OPINION_COLUMNS.values())
    raise fail(
        path,
        f"not a feedback form: no sheet has the columns {labels}",
        f"不是意见反馈表：没有包含 {labels} 列的工作表",
    )


def _grid(workbook: Any, name: str) -> list[list[CellValue]]:
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return [[None if v == "" else v for v in row] for row in rows]


def _text(value: CellValue, col: int = 0) -> str:
    return Cell(value, column_letter(col)).text


def _identity(grid: Sequence[Sequence[CellValue]]) -> FormIdentity | None:
    if not grid or not grid[0] or _text(grid[0][0]) != FORM_MARK:
        return None
    version = _text(grid[0][1]) if len(grid[0]) > 1 else ""
    values = {_text(r[0]): _text(r[1]) for r in grid[1:] if len(r) > 1 and r[0] is not None}
    return FormIdentity.from_pairs(version, values)


def _label_key(text: str) -> str | None:
    from catalogtool.read.headers import match_header

    folded = fold(text).strip("*：:")
    for key, (label, _) in OPINION_COLUMNS.items():
        if folded == fold(label):
            return key
    if folded == fold(KEY_COLUMN[1]):
        return KEY_COLUMN[0]
    field = match_header(text)
    return field if field in FORM_FIELDS else None


def _header(grid: Sequence[Sequence[CellValue]]) -> tuple[int, dict[int, str]] | None:
    """The form's header row (1-based) and its columns (0-based index → key), or None."""
    content = fold(OPINION_COLUMNS["content"][0])
    for number, row in enumerate(grid[:_HEADER_SCAN], start=1):
        if not any(v is not None and fold(_text(v)) == content for v in row):
            continue
        columns: dict[int, str] = {}
        for col, value in enumerate(row):
            key = _label_key(_text(value)) if value is not None else None
            if key is not None and key not in columns.values():
                columns[col] = key
        return number, columns
    return None


def _cover(rows: Sequence[Sequence[CellValue]]) -> dict[str, str]:
    """The cover block's values: for each label, the first non-empty cell to its right in its row."""
    by_label = {fold(label): key for key, label in COVER_LABELS.items()}
    out: dict[str, str] = {}
    for row in rows:
        texts = [_text(v) if v is not None else "" for v in row]
        for col, text in enumerate(texts):
            key = by_label.get(fold(text).strip("*：:"))
            if key is None or key in out:
                continue
            for value in texts[col + 1 :]:
                if value and fold(value).strip("*：:") not in by_label:
                    out[key] = value
                    break
                if value:
                    break
    return out


def _rows(grid: Sequence[Sequence[CellValue]], header: int, columns: Mapping[int, str]) -> list[FormRow]:
    out = []
    for number, row in enumerate(grid[header:], start=header + 1):
        cells: dict[str, FormCell] = {}
        extra: list[FormCell] = []
        for col, value in enumerate(row):
            text = _text(value, col) if value is not None else ""
            if not text:
                continue
            cell = FormCell(column_letter(col), text)
            key = columns.get(col)
            if key is None:
                extra.append(cell)
            else:
                cells[key] = cell
        if cells or extra:
            out.append(FormRow(number, cells, tuple(extra)))
    return out
