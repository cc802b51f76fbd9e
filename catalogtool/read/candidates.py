"""Read candidates: one from a YAML/JSON file (``match --candidate``), many from an HR agency's list
(``match --batch``, .xlsx or .csv).

The list is read like a catalog draft: the file is sniffed and vetted first (zip bombs, encrypted or
macro workbooks, .xls: one clear line), the header is found in the first rows and matched loosely
(Chinese or English, full-width, line breaks, bracketed units) against the candidate field table of
:mod:`catalogtool.candidate`, and row numbers are the ones Excel shows (CSV: the line). Inputs are
never modified.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from catalogtool.candidate import CANDIDATE_FIELDS
from catalogtool.errors import InputError
from catalogtool.model import CellValue, column_letter
from catalogtool.read.headers import HEADER_SCAN_ROWS, label_table, match_label
from catalogtool.read.limits import Limits
from catalogtool.read.sniff import fail, sniff
from catalogtool.read.table import is_blank

_DEFAULT_LIMITS = Limits()
_MAX_CANDIDATE_BYTES = 1_000_000  # one person's details


@cache
def _table() -> Mapping[str, str]:
    return label_table({f.key: (f.key, f.zh, f.en, *f.aliases) for f in CANDIDATE_FIELDS})


def candidate_key(label: str) -> str | None:
    """The candidate field a header or key names ('学历（学位）', 'Annual salary', 'hsk'), or None."""
    return match_label(label, _table())


def _known() -> str:
    return ", ".join(f.key for f in CANDIDATE_FIELDS)


# --- one candidate: YAML or JSON ---------------------------------------------------------------


def read_candidate_file(path: Path) -> dict[str, object]:
    """Field key → value of the candidate in a YAML or JSON file (keys matched like headers).

    InputError for a file that is not a mapping, or for keys that name no field (the known keys
    are listed), so a misspelt key is never silently ignored.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            size = path.stat().st_size
            if size > _MAX_CANDIDATE_BYTES:
                raise fail(
                    path, f"is too large for one candidate ({size:,} bytes)", f"文件过大（{size:,} 字节）"
                )
            doc: Any = json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            raise InputError(
                f"cannot read {path}: {exc.strerror}", f"无法读取 {path}：{exc.strerror}"
            ) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise fail(path, f"is not valid JSON ({exc})", f"不是有效的 JSON（{exc}）") from None
        if not isinstance(doc, dict):
            raise fail(
                path, 'must hold one object of fields (e.g. {"education": "硕士"})', "应为一个字段对象"
            )
    else:
        from catalogtool.workspace import to_json_compatible
        from catalogtool.yamlfile import load_yaml_mapping

        doc = to_json_compatible(load_yaml_mapping(path, _MAX_CANDIDATE_BYTES))
    values: dict[str, object] = {}
    unknown: list[str] = []
    for raw_key, value in doc.items():
        key = candidate_key(str(raw_key))
        if key is None:
            unknown.append(str(raw_key))
            continue
        if isinstance(value, dict | list):
            raise fail(path, f"{raw_key}: give one value, not a list or mapping", f"{raw_key}：应为单个值")
        values[key] = value
    if unknown:
        raise fail(
            path,
            f"unknown field(s) {', '.join(unknown)}; known: {_known()}",
            f"无法识别的字段 {'、'.join(unknown)}；可用字段：{_known()}",
        )
    return values


# --- many candidates: a workbook or CSV -------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    """One data row: its number as the spreadsheet shows it, and field key → value."""

    number: int
    values: Mapping[str, CellValue]


@dataclass(frozen=True)
class CandidateTable:
    """The candidate list found in a file."""

    file: str
    sheet: str | None
    header_row: int
    columns: Mapping[str, str]  # field key → column letter
    unknown: tuple[tuple[str, str], ...]  # (column letter, label) of columns that name no field
    rows: tuple[CandidateRow, ...]
    encoding: str | None = None


_Grid = Sequence[tuple[int, Sequence[CellValue]]]


def _detect(grid: _Grid) -> tuple[int, dict[str, int], list[tuple[int, str]]] | None:
    """The header row: the one naming the most fields (a code or a position among them, and at least
    two); its field → column index, and its unmapped labels."""
    best: tuple[int, dict[str, int], list[tuple[int, str]]] | None = None
    for number, values in grid[:HEADER_SCAN_ROWS]:
        columns: dict[str, int] = {}
        unknown: list[tuple[int, str]] = []
        for index, value in enumerate(values):
            if is_blank(value):
                continue
            label = str(value).strip()
            key = candidate_key(label)
            if key is None or key in columns:
                unknown.append((index, label))
            else:
                columns[key] = index
        if len(columns) < 2 or not ({"code", "position"} & set(columns)):
            continue
        if best is None or len(columns) > len(best[1]):
            best = (number, columns, unknown)
    return best


def _no_header(path: Path) -> InputError:
    return fail(
        path,
        f"no candidate list found: expected a header row in the first {HEADER_SCAN_ROWS} rows with a "
        "code (职业代码) or a position (岗位名称) column and at least one more (学历, 工作年限, 年薪, 年龄 …)",
        f"未找到候选人名单：前 {HEADER_SCAN_ROWS} 行中应有表头，含“职业代码”或“岗位名称”列及至少一个其他列"
        "（学历、工作年限、年薪、年龄等）",
    )


def _table_from_grid(
    path: Path,
    sheet: str | None,
    grid: _Grid,
    rest: Iterator[tuple[int, Sequence[CellValue]]],
    encoding: str | None,
) -> CandidateTable | None:
    found = _detect(grid)
    if found is None:
        return None
    header_row, columns, unknown = found
    rows: list[CandidateRow] = []
    for number, values in itertools.chain(grid, rest):
        if number <= header_row:
            continue
        cells = {key: values[i] for key, i in columns.items() if i < len(values) and not is_blank(values[i])}
        if cells:
            rows.append(CandidateRow(number, cells))
    return CandidateTable(
        file=str(path),
        sheet=sheet,
        header_row=header_row,
        columns={k: column_letter(i) for k, i in sorted(columns.items(), key=lambda kv: kv[1])},
        unknown=tuple((column_letter(i), label) for i, label in unknown),
        rows=tuple(rows),
        encoding=encoding,
    )


def read_candidate_table(
    path: Path, sheet: str | None = None, limits: Limits = _DEFAULT_LIMITS
) -> CandidateTable:
    """Read a candidate list from .xlsx (the named sheet, or the first visible sheet with a candidate
    header) or .csv (UTF-8, UTF-8 with BOM, GB18030). InputError when the file is unusable."""
    path = Path(path)
    kind = sniff(path, limits)
    if kind == "xlsx":
        return _read_xlsx(path, sheet, limits)
    if kind != "csv":
        raise fail(
            path,
            f"a candidate list must be an .xlsx workbook or a .csv file, not {kind.upper()}",
            f"候选人名单应为 .xlsx 工作簿或 .csv 文件，而不是 {kind.upper()}",
        )
    if sheet is not None:
        from catalogtool.errors import UsageError

        raise UsageError("--sheet applies to workbooks only", "--sheet 只适用于工作簿")
    return _read_csv(path)


def _read_csv(path: Path) -> CandidateTable:
    import csv

    from catalogtool.read.delimited import DELIMITERS, detect_encoding
    from catalogtool.safe_cells import csv_unfield

    info = detect_encoding(path)
    best: CandidateTable | None = None
    for delimiter in DELIMITERS:
        with path.open("r", encoding=info.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            records: list[tuple[int, Sequence[CellValue]]] = []
            previous = 0
            try:
                for fields in reader:
                    records.append((previous + 1, [csv_unfield(f) for f in fields]))
                    previous = reader.line_num
                    if len(records) > _DEFAULT_LIMITS.max_rows:
                        raise fail(
                            path, "has too many lines for a candidate list", "行数过多，不是候选人名单"
                        )
            except csv.Error as exc:
                raise fail(
                    path,
                    f"line {previous + 1} cannot be read as CSV ({exc})",
                    f"第 {previous + 1} 行无法按 CSV 读取（{exc}）",
                ) from None
        table = _table_from_grid(
            path, None, records[: HEADER_SCAN_ROWS + 1], iter(records[HEADER_SCAN_ROWS + 1 :]), info.encoding
        )
        if table is not None and (best is None or len(table.columns) > len(best.columns)):
            best = table
    if best is None:
        raise _no_header(path)
    return best


def _read_xlsx(path: Path, wanted: str | None, limits: Limits) -> CandidateTable:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    from catalogtool.read.safety import inspect_workbook
    from catalogtool.read.xlsx import _open_workbook

    inspect_workbook(path, limits)  # vetted before calamine parses anything
    workbook = _open_workbook(path)
    metadata = list(workbook.sheets_metadata)
    names = [m.name for m in metadata]
    if wanted is not None and wanted not in names:
        raise fail(
            path,
            f"there is no sheet {wanted!r}; the sheets are: {'、'.join(names)}",
            f"没有名为“{wanted}”的工作表；现有工作表：{'、'.join(names)}",
        )
    for meta in metadata:
        if wanted is not None and meta.name != wanted:
            continue
        if wanted is None and (
            meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet
        ):
            continue
        table = _xlsx_sheet(path, workbook, meta.name)
        if table is not None:
            return table
    raise _no_header(path)


def _xlsx_sheet(path: Path, workbook: Any, name: str) -> CandidateTable | None:
    import python_calamine

    try:
        sheet = workbook.get_sheet_by_name(name)
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise fail(
            path, f"sheet {name!r} cannot be read ({exc})", f"工作表“{name}”无法读取（{exc}）"
        ) from None
    start = sheet.start
    pad: list[CellValue] = [None] * (start[1] if start else 0)
    # calamine yields one row per sheet row from row 1 (empty ones above the used range included).
    numbered = (
        (n, [*pad, *(None if v == "" else v for v in values)])
        for n, values in enumerate(sheet.iter_rows(), 1)
    )
    head = list(itertools.islice(numbered, HEADER_SCAN_ROWS + 1))
    return _table_from_grid(path, name, head, numbered, None)
