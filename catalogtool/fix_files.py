"""``catalogtool fix`` as a library: validate a draft, apply the repairs its findings carry to a copy,
validate the copy, and say what changed and what remains.

Each format is rewritten where it changes and nowhere else: an xlsx through openpyxl (the user's sheets,
styles, widths, drop-downs and other sheets stay; a repaired code cell becomes Text), a CSV record by
record (untouched records keep their exact bytes; encoding, delimiter and line endings stay), a YAML
file through ruamel's round trip (comments, order and flow style stay). JSON is not rewritten.
The input is never modified unless asked (``in_place``, after a backup); the copy is written atomically.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogtool.errors import InputError, UsageError
from catalogtool.fields import CODE_FIELDS, FIELDS
from catalogtool.fix import CellChange, plan
from catalogtool.model import FileReport, Finding
from catalogtool.validate import ValidateOptions

#: Repairs can uncover others (a code read from a date, then its name): at most this many rounds.
_ROUNDS = 3
FIXABLE_SUFFIXES = (".xlsx", ".csv", ".yaml", ".yml")


@dataclass(frozen=True)
class FixRequest:
    """What to repair and where to write: ``out`` None with ``diff`` (nothing is written)."""

    source: Path
    out: Path | None
    unsafe: bool = False
    rules: tuple[str, ...] = ()
    diff: bool = False
    in_place: bool = False
    force: bool = False
    options: ValidateOptions = dataclasses.field(default_factory=ValidateOptions)


@dataclass(frozen=True)
class FixResult:
    """What was (or, with diff, would be) changed, what was left out, and the findings that remain."""

    changes: tuple[CellChange, ...]
    unsafe_skipped: int
    conflicts: int
    no_column: int
    remaining: FileReport
    written: Path | None
    backup: Path | None
    code_list: str = ""


def default_out(source: Path) -> Path:
    """``draft.fixed.xlsx`` beside ``draft.xlsx``."""
    return source.with_name(f"{source.stem}.fixed{source.suffix}")


def backup_path(source: Path) -> Path:
    """``draft.bak.xlsx`` beside ``draft.xlsx``: the input as it was before ``--in-place``."""
    return source.with_name(f"{source.stem}.bak{source.suffix}")


def fix_file(request: FixRequest) -> FixResult:
    """Repair ``request.source`` into ``request.out`` (see the module doc)."""
    from catalogtool.atomic import same_path, write_bytes
    from catalogtool.codes import load_code_list

    source = request.source
    suffix = source.suffix.lower()
    if suffix not in FIXABLE_SUFFIXES:
        raise UsageError(
            f"fix repairs .xlsx, .csv and .yaml files, not {source.name}",
            f"fix 可修复 .xlsx、.csv 和 .yaml 文件，不支持 {source.name}",
        )
    target = source if request.in_place else request.out or default_out(source)
    if not request.in_place and not request.diff:
        if same_path(source, target):
            raise UsageError(
                "the output is the input; use --in-place to repair the input itself (a backup is kept)",
                "输出文件与输入文件相同；如需直接修改原文件请使用 --in-place（会先保留备份）",
            )
        if target.exists() and not request.force:
            raise UsageError(
                f"{target} exists; add --force to replace it", f"{target} 已存在；如需替换请加 --force"
            )
    codes = load_code_list(request.options.codes_extra)
    data = source.read_bytes()
    report = _validate(source, data, request.options, codes)
    # What is left out (unsafe, conflicting, no column) is counted on the input's own findings.
    totals = todo = plan(report.findings, unsafe=request.unsafe, rules=request.rules)
    first: dict[tuple[str | None, int, str], CellChange] = {}
    for _ in range(_ROUNDS):
        if not todo.changes:
            break
        data, applied = apply(suffix, data, todo.changes, source)
        if not applied:
            break
        for change in applied:
            earlier = first.get(change.place)
            first[change.place] = change if earlier is None else dataclasses.replace(change, old=earlier.old)
        report = _validate(source, data, request.options, codes)
        todo = plan(report.findings, unsafe=request.unsafe, rules=request.rules)
    changes = tuple(sorted(first.values(), key=lambda c: (c.row, c.column, c.field)))
    written = backup = None
    if changes and not request.diff:
        if request.in_place:
            backup = backup_path(source)
            shutil.copy2(source, backup)
        write_bytes(target, data)
        written = target
        # What remains is what the copy holds: say so under the copy's name.
        report = dataclasses.replace(
            report, file=str(target), findings=tuple(_relocated(f, source, target) for f in report.findings)
        )
    return FixResult(
        changes, totals.unsafe_skipped, totals.conflicts, totals.no_column, report, written, backup
    )


def _validate(source: Path, data: bytes, options: ValidateOptions, codes: Any) -> FileReport:
    """The findings of ``data`` as if it were ``source`` (checked in a private temporary copy)."""
    from catalogtool.validate import validate_file

    with tempfile.TemporaryDirectory(prefix="catalogtool-fix-") as folder:
        copy = Path(folder) / source.name
        copy.write_bytes(data)
        report = validate_file(copy, options, codes)
    return dataclasses.replace(
        report,
        file=str(source),
        findings=tuple(_relocated(f, copy, source) for f in report.findings),
    )


def _relocated(finding: Finding, copy: Path, source: Path) -> Finding:
    if finding.location.file != str(copy):
        return finding
    return dataclasses.replace(finding, location=dataclasses.replace(finding.location, file=str(source)))


def apply(
    suffix: str, data: bytes, changes: Sequence[CellChange], source: Path
) -> tuple[bytes, list[CellChange]]:
    """``data`` with ``changes`` made, and the changes made (each with the text it replaced); a change
    whose cell holds that text already is not made."""
    if suffix == ".xlsx":
        return _apply_xlsx(data, changes)
    if suffix == ".csv":
        return _apply_csv(data, changes, source)
    return _apply_yaml(data, changes)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- xlsx ---------------------------------------------------------------------------------------


def _apply_xlsx(data: bytes, changes: Sequence[CellChange]) -> tuple[bytes, list[CellChange]]:
    from openpyxl import load_workbook

    from catalogtool.safe_cells import set_cell

    wb = load_workbook(io.BytesIO(data))
    applied: list[CellChange] = []
    for change in changes:
        sheet = wb[change.sheet] if change.sheet in wb.sheetnames else wb.worksheets[0]
        coordinate = _top_left(sheet, f"{change.column}{change.row}")
        cell = sheet[coordinate]
        old = _text(cell.value)
        if old == change.new:
            continue
        set_cell(cell, change.new)
        if change.field in CODE_FIELDS:
            cell.number_format = "@"  # Text: Excel must not turn the code into a date again
        applied.append(dataclasses.replace(change, old=old))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), applied


def _top_left(sheet: Any, coordinate: str) -> str:
    """The cell that holds the value of ``coordinate``: itself, or the first cell of its merged range."""
    for merged in sheet.merged_cells.ranges:
        if coordinate in merged:
            return str(merged.start_cell.coordinate)
    return coordinate


# --- CSV ----------------------------------------------------------------------------------------


def _apply_csv(data: bytes, changes: Sequence[CellChange], source: Path) -> tuple[bytes, list[CellChange]]:
    from catalogtool.model import column_number
    from catalogtool.read.delimited import csv_dialect
    from catalogtool.safe_cells import csv_field

    encoding, delimiter = csv_dialect(source)
    text = data.decode(encoding)
    # Physical lines as csv reads them (\r\n, \n or \r), each with its own ending, so untouched records
    # are copied back byte for byte.
    lines = list(io.StringIO(text, newline=""))
    by_row: dict[int, list[CellChange]] = {}
    for change in changes:
        by_row.setdefault(change.row, []).append(change)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    out: list[str] = []
    applied: list[CellChange] = []
    start = 0
    for fields in reader:
        end = reader.line_num
        record = "".join(lines[start:end])
        wanted = by_row.get(start + 1, [])
        if wanted:
            fields = list(fields)
            for change in wanted:
                index = column_number(change.column) - 1
                fields += [""] * (index + 1 - len(fields))
                if fields[index] == change.new:
                    continue
                applied.append(dataclasses.replace(change, old=fields[index]))
                fields[index] = csv_field(change.new)
            ending = record[len(record.rstrip("\r\n")) :] or "\r\n"
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delimiter, lineterminator=ending).writerow(fields)
            record = buffer.getvalue()
        out.append(record)
        start = end
    out.extend(lines[start:])
    return "".join(out).encode(encoding), applied


# --- YAML ---------------------------------------------------------------------------------------


def _apply_yaml(data: bytes, changes: Sequence[CellChange]) -> tuple[bytes, list[CellChange]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    from catalogtool.read.structured import field_of

    text = data.decode("utf-8-sig")
    _, indent, dash_offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the drafter wrote on one
    # Written back with the file's own indentation, so only the repaired values change.
    yaml.indent(mapping=indent or 2, sequence=indent or 2, offset=dash_offset or 0)
    doc = yaml.load(text)
    rows = doc.get("rows") if isinstance(doc, CommentedMap) else doc
    if not isinstance(rows, CommentedSeq):
        raise InputError("the YAML has no rows to repair", "YAML 中没有可修复的行")
    # A change is placed by the line of its key, or the entry's first line when the entry lacks the key
    # (Edit.line): the one entry that fits is changed. Entries written on one line (flow style) share
    # it: then the one whose value is what the finding saw; when that does not single one out either,
    # nothing is changed rather than the wrong entry.
    places: dict[tuple[int, str], list[tuple[CommentedMap, str]]] = {}
    for item in rows:
        if not isinstance(item, CommentedMap):
            continue
        keys = {field_of(k): k for k in reversed(item) if isinstance(k, str)}  # the first key of a field
        for field, key in keys.items():
            if field is not None:
                places.setdefault((item.lc.key(key)[0] + 1, field), []).append((item, key))
        for field in FIELDS:
            if field not in keys:
                places.setdefault((item.lc.line + 1, field), []).append((item, field))
    applied: list[CellChange] = []
    for change in changes:
        found = places.get((change.row, change.field), [])
        if len(found) > 1 and change.seen is not None:
            found = [(item, key) for item, key in found if _text(item.get(key)) == change.seen]
        if len(found) != 1:
            continue
        item, key = found[0]
        old = _text(item.get(key))
        if old == change.new:
            continue
        item[key] = DoubleQuotedScalarString(change.new) if change.field in CODE_FIELDS else change.new
        applied.append(dataclasses.replace(change, old=old))
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue().encode("utf-8"), applied
