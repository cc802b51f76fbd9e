"""Read a CSV draft: UTF-8, UTF-8 with BOM or GB18030 (what Excel and WPS on Chinese Windows write).

The encoding is decided by a streaming pass over the whole file (a file that is ASCII for a megabyte
and GB18030 afterwards is common), the delimiter by which one makes the best header. Row numbers
are the physical line on which a record starts, so a multi-line quoted cell does not shift them.

Text a spreadsheet would run as a formula (``=1+1``, ``- 熟悉…``) is written to CSV behind an
apostrophe, as OWASP advises against CSV injection (:func:`catalogtool.safe_cells.csv_field`); this
reader undoes it (:func:`catalogtool.safe_cells.csv_unfield`), so every command (validate, diff,
package, convert) sees the text as it was written.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogtool.errors import InputError
from catalogtool.model import Cell, CellValue, Finding, Location, RawRow, Sheet, column_letter
from catalogtool.read.headers import (
    HEADER_SCAN_ROWS,
    MIN_REQUIRED,
    Header,
    detect_header,
    expected_headers,
    not_a_catalog,
)
from catalogtool.read.layout import Layout
from catalogtool.read.limits import Limits
from catalogtool.read.sniff import fail
from catalogtool.read.table import column_letters, header_findings, is_blank, no_data_finding
from catalogtool.rules.file import CELL_TOO_LONG, ENCODING
from catalogtool.safe_cells import csv_unfield

_CHUNK = 1 << 20
ENCODING_NAMES = {
    "utf-8": ("UTF-8", "UTF-8"),
    "utf-8-sig": ("UTF-8 with BOM", "UTF-8（带 BOM）"),
    "gb18030": ("GB18030", "GB18030"),
}
DELIMITERS = {",": ("','", "逗号"), "\t": ("tab", "制表符"), ";": ("';'", "分号"), "|": ("'|'", "竖线")}


# csv's default field_size_limit. Other libraries raise that process-wide limit (frictionless does),
# so we apply the same cap ourselves: a field over it is unusable input whatever was imported.
FIELD_CAP = 131_072


@dataclass(frozen=True)
class TextInfo:
    """What the encoding pass learned: the codec, and enough to know whether long fields are possible."""

    encoding: str
    longest_line: int  # in characters
    chars: int
    quoted: bool  # a quoted field may run over several lines
    lines: int = 0  # lines of text (a last line without a line break counts)


def _decodes(path: Path, encoding: str) -> TextInfo | None:
    """What the whole file looks like when decoded as ``encoding``; None when it does not decode."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    longest = current = chars = breaks = 0
    quoted = False
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                text = decoder.decode(chunk)
                if "\x00" in text:
                    return None
                chars += len(text)
                quoted = quoted or '"' in text
                # CR alone ends a line too (Excel for Mac's "CSV (Macintosh)"), as the csv module reads it.
                parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                current += len(parts[0])
                breaks += len(parts) - 1
                if len(parts) > 1:
                    longest = max(longest, current, *(len(p) for p in parts[1:-1]))
                    current = len(parts[-1])
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return TextInfo(encoding, max(longest, current), chars, quoted, breaks + (current > 0))


def detect_encoding(path: Path) -> TextInfo:
    """UTF-8 with BOM, UTF-8, then GB18030; InputError when the file is none of them."""
    with path.open("rb") as fh:
        bom = fh.read(3) == codecs.BOM_UTF8
    for encoding in ("utf-8-sig",) if bom else ("utf-8", "gb18030"):
        info = _decodes(path, encoding)
        if info is not None:
            return info
    raise fail(
        path,
        "the text is neither UTF-8 nor GB18030 (or is not text); save it from Excel or WPS as "
        "'CSV UTF-8' or as .xlsx",
        "文本既不是 UTF-8 也不是 GB18030 编码（或不是文本文件），请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx",
    )


def _records(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields) for every record, blank lines included."""
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        previous = 0
        try:
            for fields in reader:
                yield previous + 1, fields
                previous = reader.line_num
        except csv.Error as exc:
            raise _unreadable(path, previous + 1, str(exc)) from None


def _unreadable(path: Path, line: int, why: str) -> InputError:
    return fail(
        path,
        f"line {line} cannot be read as CSV ({why}); check quotes and very long cells",
        f"第 {line} 行无法按 CSV 读取（{why}），请检查引号和过长的单元格",
    )


def _head(path: Path, encoding: str, delimiter: str) -> list[tuple[int, list[str]]]:
    return list(itertools.islice(_records(path, encoding, delimiter), HEADER_SCAN_ROWS + 2))


def _detect(path: Path, encoding: str) -> tuple[str, Header, list[int]]:
    """The delimiter whose reading gives the best header; the header (rows as record indices)."""
    best: tuple[str, Header, list[int]] | None = None
    unreadable: InputError | None = None
    for delimiter in DELIMITERS:
        try:
            head = _head(path, encoding, delimiter)
        except InputError as exc:
            # Not this delimiter: a line of many short fields is one over-long field to the others.
            unreadable = unreadable or exc
            continue
        grid: list[tuple[int, Sequence[CellValue]]] = [
            (i, fields) for i, (_line, fields) in enumerate(head, 1)
        ]
        header = detect_header(grid)
        if header is not None and (best is None or header.score > best[1].score):
            best = (delimiter, header, [line for line, _ in head])
    if (best is None or best[1].score[0] < MIN_REQUIRED) and unreadable is not None:
        raise unreadable
    if best is not None and best[1].score[0] < MIN_REQUIRED and (best[1].score[1] >= 2 or best[1].score[0]):
        raise fail(path, *not_a_catalog(best[1], "the file", "文件"))
    if best is None or best[1].score[0] < MIN_REQUIRED:
        raise fail(
            path,
            f"no catalog table found: expected a header line with columns such as {expected_headers()} "
            f"in the first {HEADER_SCAN_ROWS} lines",
            f"未找到目录表格：前 {HEADER_SCAN_ROWS} 行中应有包含 {expected_headers()} 等列的表头",
        )
    return best


def csv_dialect(path: Path) -> tuple[str, str]:
    """The encoding and delimiter a catalog CSV is read with (what ``fix`` writes it back with)."""
    info = detect_encoding(path)
    return info.encoding, _detect(path, info.encoding)[0]


def read_csv(path: Path, limits: Limits) -> Sheet:
    """Read the catalog table of a CSV file."""
    info = detect_encoding(path)
    if info.longest_line > FIELD_CAP * 16:
        raise fail(
            path,
            f"a line has {info.longest_line:,} characters; this is not a catalog CSV",
            f"有一行长达 {info.longest_line:,} 个字符，不是目录 CSV 文件",
        )
    delimiter, header, lines = _detect(path, info.encoding)
    file = str(path)
    # Header rows are detected on record indices; report them as the lines they start on.
    header_lines = tuple(lines[i - 1] for i in header.rows)
    last_record = header.rows[-1]
    findings = [
        ENCODING.finding(
            Location(file),
            value=info.encoding,
            encoding=ENCODING_NAMES[info.encoding][0],
            encoding_zh=ENCODING_NAMES[info.encoding][1],
            delimiter=DELIMITERS[delimiter][0],
            delimiter_zh=DELIMITERS[delimiter][1],
        )
    ]
    line_header = Header(header_lines, header.columns, header.unknown, header.duplicates, header.ambiguous)
    findings += header_findings(file, None, line_header)
    # Fields longer than a cell may hold need a line that long, or quotes spanning lines.
    long_fields = info.longest_line > limits.max_cell_chars or (
        info.quoted and info.chars > limits.max_cell_chars
    )
    if long_fields:
        findings += _long_cells(path, info.encoding, delimiter, header, last_record, limits)
    found: list[Finding] = []
    layout = Layout(file, None, line_header, found)
    rows = _data_rows(path, info.encoding, delimiter, header, last_record, limits, long_fields, layout)
    first = next(rows, None)
    if first is None:
        findings.append(no_data_finding(file, None, header_lines[0]))
    return Sheet(
        file=file,
        sheet=None,
        columns=column_letters(header),
        header_rows=header_lines,
        rows=() if first is None else itertools.chain((first,), rows),
        findings=tuple(findings),
        encoding=info.encoding,
        format="csv",
        layout=found,
        last_row=info.lines,
    )


def _data_records(
    path: Path, encoding: str, delimiter: str, last_header: int, limits: Limits, long_fields: bool = True
) -> Iterator[tuple[int, list[str]]]:
    records = _records(path, encoding, delimiter)
    for index, (line, fields) in enumerate(records, start=1):
        if index <= last_header:
            continue
        if index - last_header > limits.max_rows:
            raise fail(
                path,
                f"more than {limits.max_rows:,} rows; this is not a catalog draft",
                f"超过 {limits.max_rows:,} 行，不是目录草稿",
            )
        if len(fields) > limits.max_columns:
            raise fail(
                path,
                f"line {line} has {len(fields):,} fields, more than {limits.max_columns}; check the delimiter",
                f"第 {line} 行有 {len(fields):,} 个字段，超过 {limits.max_columns} 个，请检查分隔符",
            )
        if long_fields and fields and max(map(len, fields)) > FIELD_CAP:
            raise _unreadable(path, line, f"a field longer than {FIELD_CAP:,} characters")
        yield line, fields


def _data_rows(
    path: Path,
    encoding: str,
    delimiter: str,
    header: Header,
    last_header: int,
    limits: Limits,
    long_fields: bool,
    layout: Layout,
) -> Iterator[RawRow]:
    plan = sorted(((key, col, column_letter(col)) for key, col in header.columns.items()), key=lambda p: p[1])
    limit = limits.max_cell_chars
    for line, fields in _data_records(path, encoding, delimiter, last_header, limits, long_fields):
        if layout.kind(line, fields) != "data":
            continue
        width = len(fields)
        cells: dict[str, Cell] = {}
        for key, col, letter in plan:
            if col < width and not is_blank(fields[col]):
                value = csv_unfield(fields[col])
                cells[key] = Cell(value[:limit] if len(value) > limit else value, letter)
        layout.fill(line, cells, Cell)
        if cells:
            yield RawRow(line, cells, layout.section)
    layout.finish()


def _long_cells(
    path: Path, encoding: str, delimiter: str, header: Header, last_header: int, limits: Limits
) -> list[Finding]:
    """Fields longer than the cell limit (a second pass, run only when such fields are possible)."""
    fields_of = {col: key for key, col in header.columns.items()}
    out: list[Finding] = []
    for line, fields in _data_records(path, encoding, delimiter, last_header, limits):
        for col, value in enumerate(fields):
            if len(value) > limits.max_cell_chars and col in fields_of:
                letter = column_letter(col)
                out.append(
                    CELL_TOO_LONG.finding(
                        Location(str(path), None, line, letter, fields_of[col]),
                        cell=f"{letter}{line}",
                        length=f"{len(value):,}",
                        limit=f"{limits.max_cell_chars:,}",
                    )
                )
    return out
