"""Validation: read an input, normalise each row, run the checks, and collect a report.

The library entry point is :func:`run` (a :class:`Request` in, a :class:`~catalogtool.model.Report`
out): what ``catalogtool validate`` does, without the command line. :func:`load_catalog` (rows kept,
for convert, diff and package) and :func:`validate_file` (rows streamed: only findings and small
cross-row keys stay in memory) are the per-file steps. Options come from
:func:`catalogtool.config.options_from`.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import itertools
import operator
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, is_, is_not
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from catalogtool.config import ValidateOptions as ValidateOptions
from catalogtool.config import options_from as options_from
from catalogtool.errors import UsageError
from catalogtool.fields import CODE_KINDS, TABLE
from catalogtool.model import (
    SEVERITIES,
    CatalogRow,
    Cell,
    FileReport,
    Finding,
    LocationKind,
    RawRow,
    RowBatch,
    by_columns,
)
from catalogtool.normalize import PARSERS
from catalogtool.rules import cross_row_checks, row_checks
from catalogtool.rules.checks import CrossRowFeed, RowCheck, active, run_batch_checks, run_row_checks
from catalogtool.rules.code import read_occupation_codes, resolve_subcategory
from catalogtool.rules.competency import REQUIREMENTS_CHECK, CompetencyChecker, default_checker
from catalogtool.rules.context import Issue, Memo, RowContext
from catalogtool.rules.registry import with_severity

if TYPE_CHECKING:
    from catalogtool.codes import CodeList
    from catalogtool.model import Report, Sheet

#: A rule's configured severity, or "off" to silence it (catalogtool.yaml ``severity:``).
SeverityOverride = str


@dataclass(frozen=True)
class LoadedCatalog:
    """A catalog read and checked: its normalised rows and the report on them."""

    rows: tuple[CatalogRow, ...]
    report: FileReport
    sheet: str | None
    header_rows: tuple[int, ...]
    format: str
    encoding: str | None
    heading: tuple[str, ...]  # see Sheet.heading
    kind: LocationKind = "cell"  # see Sheet.kind: rows are at lines in a YAML/JSON document


#: Told the rows read so far and how many the table may hold (None when unknown): once with 0 when the
#: file is open, then after every row.
ProgressCallback = Callable[[int, int | None], None]


#: (key, parser) of the fields a CatalogRow holds as typed attributes, codes aside (the code rules
#: resolve those); the parser is None for text kept as written. From the field table: a field that is
#: not a CatalogRow attribute is still read, kept in ``CatalogRow.raw`` (normalize.parse_field reads it).
_TYPED: tuple[tuple[str, Callable[[str], object] | None], ...] = tuple(
    (f.key, PARSERS.get(f.kind)) for f in TABLE if f.key in CatalogRow._fields and f.kind not in CODE_KINDS
)
#: The CatalogRow attributes normalize_row fills itself rather than from ``_TYPED``.
_OWN = ("number", "subcategory_code", "occupation_codes", "columns", "raw", "section", "lines")
if sorted(CatalogRow._fields) != sorted((*_OWN, *(key for key, _ in _TYPED))):  # pragma: no cover
    raise RuntimeError("CatalogRow's attributes and the field table disagree")
_SLOT = {key: CatalogRow._fields.index(key) for key in CatalogRow._fields}
_TYPED_SLOTS = tuple((_SLOT[key], key, parse) for key, parse in _TYPED)


def normalize_row(raw: RawRow, ctx: RowContext) -> tuple[CatalogRow, list[Finding]]:
    """Read one raw row into a :class:`CatalogRow`, with the code findings reading caused.

    This runs for every row of a CSV, YAML or JSON file (a workbook's plain rows: ``_Batch``): the
    values are laid out in the row's attribute order directly (no keyword arguments), and the typed
    parsers memoise per text (normalize.py)."""
    cells = raw.cells
    text: dict[str, str] = {}
    for key, cell in cells.items():
        v = cell.value
        text[key] = v.strip() if type(v) is str else cell.text  # Cell.text's common case, inlined
    code_cell, name, occupations_text = (
        cells.get("subcategory_code"),
        text.get("subcategory_name", ""),
        text.get("occupation_codes", ""),
    )
    (codes_key,) = _codes_keys((code_cell,), (name,), (occupations_text,))
    code, occupations, issues, edits = _codes(codes_key, code_cell, name, occupations_text, ctx)
    text.update(edits)
    values: list[Any] = [None] * len(_SLOT)
    get = text.get
    for slot, key, parse in _TYPED_SLOTS:
        values[slot] = get(key, "") if parse is None else parse(get(key, ""))
    values[0] = raw.number
    values[_SLOT["subcategory_code"]] = code
    values[_SLOT["occupation_codes"]] = occupations
    values[_SLOT["columns"]] = ctx.columns
    values[_SLOT["raw"]] = text
    values[_SLOT["section"]] = raw.section
    values[_SLOT["lines"]] = raw.lines
    row = CatalogRow._make(values)
    return row, ctx.place(issues, row) if issues else []


class _Codes(NamedTuple):
    """A row's codes as read, the issues reading them raised, and the texts it rewrites in the row's
    ``raw`` (the codes as normalised, the name written after the code); shared by every row with the
    same ``_codes_keys`` key, so never changed."""

    code: str | None
    occupations: tuple[str, ...]
    issues: tuple[Issue, ...]
    edits: Mapping[str, str]


_CODE, _OCCUPATIONS, _ISSUES, _EDITS = map(attrgetter, _Codes._fields)
_NONE = itertools.repeat(None)
#: The fields whose text ``_Codes`` may rewrite.
_EDITED = frozenset({"subcategory_code", "subcategory_name", "occupation_codes"})


def _codes_keys(
    cells: Iterable[Cell | None], names: Iterable[str], occupations: Iterable[str]
) -> Iterator[Hashable]:
    """The memo keys of rows' codes (``_codes``): (subcategory value, name, occupations text) of each
    row; the value's type is part of the key (1, 1.0 and True are equal, and dates read differently
    from text)."""
    values = [None if cell is None else cell.value for cell in cells]
    return zip(itertools.repeat("row-codes"), map(type, values), values, names, occupations)


def _codes(key: Hashable, cell: Cell | None, name: str, occupations_text: str, ctx: RowContext) -> _Codes:
    """The row's codes as read from its subcategory ``cell``, ``name`` and occupations text, once per
    distinct ``_codes_keys`` key (made of them) in the run."""
    known = cast("_Codes | None", ctx.recall(key))
    if known is not None:
        return known
    occupations, items, occ_issues = read_occupation_codes(occupations_text, ctx)
    code, name, code_issues = resolve_subcategory(cell, name, occupations, ctx)
    edits: dict[str, str] = {}  # in the order normalize_row once wrote them
    if code is not None:
        edits["subcategory_code"] = code
    if name:
        edits["subcategory_name"] = name
    if items:
        edits["occupation_codes"] = ";".join(items)
    return ctx.remember(key, _Codes(code, occupations, code_issues + occ_issues, edits))


class _Batch:
    """A batch of plain rows (model.RowBatch) normalised a column at a time, as ``normalize_row`` does
    row by row: each row's text mapping is made by ``dict(zip(...))``, codes looked up by a memo key per
    row made with ``zip``, typed values parsed by ``map`` over a column (the parsers memoise per text),
    and the CatalogRows laid out from their columns. ``rows`` and ``findings`` (by row index, rows
    without findings left out) are the result; as ``checks.Columns`` it gives the columns to row checks."""

    def __init__(self, batch: RowBatch, ctx: RowContext) -> None:
        n = self.count = len(batch.numbers)
        texts = batch.texts
        self._texts = texts
        self.raws = _raw_texts(batch)
        code_cells = batch.cells.get("subcategory_code") or [None] * n
        names, occupations = self._given("subcategory_name"), self._given("occupation_codes")
        keys = list(_codes_keys(code_cells, names, occupations))
        read = cast("list[_Codes | None]", ctx.recall_all(keys))
        for i in itertools.compress(range(n), map(is_, read, _NONE)):
            read[i] = _codes(keys[i], code_cells[i], names[i], occupations[i], ctx)
        codes = cast("list[_Codes]", read)
        _consume(map(dict.update, self.raws, map(_EDITS, codes)))
        slots: list[Sequence[Any] | Iterable[Any]] = [()] * len(_SLOT)
        for slot, key, parse in _TYPED_SLOTS:
            slots[slot] = self.text(key) if parse is None else list(map(parse, self.text(key)))
        slots[0] = batch.numbers
        slots[_SLOT["subcategory_code"]] = list(map(_CODE, codes))
        slots[_SLOT["occupation_codes"]] = list(map(_OCCUPATIONS, codes))
        slots[_SLOT["columns"]] = itertools.repeat(ctx.columns)
        slots[_SLOT["raw"]] = self.raws
        slots[_SLOT["section"]] = batch.sections
        slots[_SLOT["lines"]] = itertools.repeat(None)
        self._slots = slots
        self.rows = by_columns(CatalogRow, slots)
        self.findings: dict[int, list[Finding]] = {
            i: ctx.place(codes[i].issues, self.rows[i])
            for i in itertools.compress(range(n), map(_ISSUES, codes))
        }

    def _given(self, key: str) -> Sequence[str]:
        """The column's texts as read ('' when blank or when the table has no such column)."""
        return self._texts.get(key) or [""] * self.count

    def text(self, key: str) -> Sequence[str]:
        """Each row's ``raw.get(key, "")``, as reading the codes left it."""
        if key in _EDITED:
            return list(map(dict.get, self.raws, itertools.repeat(key), itertools.repeat("")))
        return self._given(key)

    def value(self, key: str) -> Sequence[object]:
        """Each row's attribute ``key``."""
        return cast("Sequence[object]", self._slots[_SLOT[key]])


def _raw_texts(batch: RowBatch) -> list[dict[str, str]]:
    """Each row's mapping of field to text, in column order, for the cells it has (normalize_row's)."""
    present = {key: list(map(is_not, column, _NONE)) for key, column in batch.cells.items()}
    filled = [key for key, column in present.items() if any(column)]
    if not filled:
        return [{} for _ in batch.numbers]
    texts = batch.texts
    raws = list(
        map(dict, map(zip, itertools.repeat(filled), zip(*(texts[key] for key in filled), strict=True)))
    )
    for key in filled:
        if not all(present[key]):
            for i in itertools.compress(range(len(raws)), map(operator.not_, present[key])):
                del raws[i][key]
    return raws


def _extend(found: dict[int, list[Finding]], more: Mapping[int, list[Finding]]) -> None:
    """Add ``more`` findings, by row index, after those ``found`` holds."""
    for i, findings in more.items():
        if i in found:
            found[i] += findings
        else:
            found[i] = findings


def _consume(iterator: Iterator[object]) -> None:
    """Run ``iterator`` to its end (a ``map`` called for what it does)."""
    collections.deque(iterator, maxlen=0)


def check_row(row: CatalogRow, ctx: RowContext, checks: Sequence[RowCheck] | None = None) -> list[Finding]:
    """The per-row checks (all of them unless ``checks`` is given): required fields, codes, requirements."""
    return run_row_checks(row_checks() if checks is None else checks, row, ctx)


def _competency_checker(options: ValidateOptions) -> CompetencyChecker:
    if options.competency_schema is None:
        return default_checker()
    return CompetencyChecker.from_path(options.competency_schema)


def apply_overrides(findings: Sequence[Finding], overrides: Mapping[str, SeverityOverride]) -> list[Finding]:
    """The findings with configured severities; rules set to "off" are dropped."""
    if not overrides:
        return list(findings)
    out = []
    for f in findings:
        wanted = overrides.get(f.rule) or overrides.get(f.slug)
        if wanted == "off":
            continue
        if wanted in SEVERITIES and wanted != f.severity:
            f = with_severity(f, wanted)
        out.append(f)
    return out


@dataclass
class _Run:
    """One pass over a sheet: rows out, findings collected, the cap honoured."""

    sheet: Sheet
    ctx: RowContext
    options: ValidateOptions
    checks: tuple[RowCheck, ...]
    findings: list[Finding] = field(default_factory=list)
    rows_seen: int = 0
    partial: bool = False

    def rows(self, on_row: ProgressCallback | None = None) -> Iterator[CatalogRow]:
        cross = [c.start(self.ctx) for c in active(cross_row_checks(), self.options.severity_overrides)]
        self._add(self.sheet.findings)
        cap = self.options.max_findings
        last, header = self.sheet.last_row, self.sheet.header_rows
        total = max(last - header[-1], 0) if last is not None and header else last
        if on_row is not None:
            on_row(0, total)
        for rows, found in self._checked(cross):
            if not found and on_row is None and (cap is None or len(self.findings) < cap):
                self.rows_seen += len(rows)  # nothing to add, no cap to reach: the rows pass as they are
                yield from rows
                continue
            for i, row in enumerate(rows):
                self.rows_seen += 1
                findings = found.get(i)
                if findings:
                    self._add(findings)
                if on_row is not None:
                    on_row(self.rows_seen, total)
                yield row
                if cap is not None and len(self.findings) >= cap:
                    self.partial = True
                    return
        self._add(self.sheet.layout)  # complete now that every row has been read

    def _checked(
        self, cross: Sequence[CrossRowFeed]
    ) -> Iterator[tuple[Sequence[CatalogRow], Mapping[int, list[Finding]]]]:
        """The sheet's rows normalised and checked, with their findings by index (rows without findings
        left out; a row's own first, then the cross-row checks' in order): a batch of plain rows a column
        at a time, other rows one by one."""
        ctx, checks = self.ctx, self.checks
        runs = self.sheet.runs if self.sheet.runs is not None else self.sheet.rows
        rows: Sequence[CatalogRow]
        for run in runs:
            if isinstance(run, RowBatch):
                batch = _Batch(run, ctx)
                rows, found = batch.rows, batch.findings
                _extend(found, run_batch_checks(checks, rows, batch, ctx))
            else:
                row, findings = normalize_row(run, ctx)
                findings += run_row_checks(checks, row, ctx)
                rows, found = (row,), {0: findings} if findings else {}
            for feed in cross:
                _extend(found, feed(rows))
            yield rows, found

    def _add(self, findings: Sequence[Finding]) -> None:
        self.findings.extend(apply_overrides(findings, self.options.severity_overrides))

    def report(self) -> FileReport:
        cap = self.options.max_findings
        findings = self.findings
        if cap is not None and len(findings) > cap:
            findings, self.partial = findings[:cap], True
        ordered = sorted(findings, key=Finding.sort_key)
        return FileReport(
            file=self.sheet.file,
            sheet=self.sheet.sheet,
            rows=self.rows_seen,
            findings=tuple(ordered),
            partial=self.partial,
            encoding=self.sheet.encoding,
        )


def _start(path: Path, options: ValidateOptions, codes: CodeList | None, memo: Memo | None = None) -> _Run:
    from catalogtool.codes import load_code_list
    from catalogtool.read import read_sheet

    codes = codes or load_code_list(options.codes_extra)
    sheet = read_sheet(path, options.sheet)
    checks = active(row_checks(), options.severity_overrides)
    # The schema is loaded only for a run that checks requirements (all of CT302–CT308 off: not at all).
    competency = _competency_checker(options) if REQUIREMENTS_CHECK in checks else None
    ctx = RowContext(
        file=sheet.file,
        sheet=sheet.sheet,
        columns=dict(sheet.columns),
        codes=codes,
        competency=competency,
        _memo={} if memo is None else memo,
    )
    return _Run(sheet=sheet, ctx=ctx, options=options, checks=checks)


def load_catalog(
    path: Path,
    options: ValidateOptions | None = None,
    codes: CodeList | None = None,
    memo: Memo | None = None,
) -> LoadedCatalog:
    """Read and check a catalog, keeping its normalised rows (for convert, diff and package)."""
    run = _start(Path(path), options or ValidateOptions(), codes, memo)
    rows = tuple(run.rows())
    return LoadedCatalog(
        rows=rows,
        report=run.report(),
        sheet=run.sheet.sheet,
        header_rows=run.sheet.header_rows,
        format=run.sheet.format,
        encoding=run.sheet.encoding,
        heading=run.sheet.heading,
        kind=run.sheet.kind,
    )


def validate_file(
    path: Path,
    options: ValidateOptions | None = None,
    codes: CodeList | None = None,
    on_row: ProgressCallback | None = None,
    memo: Memo | None = None,
) -> FileReport:
    """Check a catalog file, streaming its rows; only findings are kept.

    ``memo``: verdicts shared with other files checked with the same ``codes`` and ``options``."""
    run = _start(Path(path), options or ValidateOptions(), codes, memo)
    for _ in run.rows(on_row):
        pass
    return run.report()


#: Told the file, how many of its rows have been read and how many it may hold: (path, 0, None) before
#: it is opened, then as :data:`ProgressCallback`.
FileProgress = Callable[[Path, int, int | None], None]


@dataclass(frozen=True)
class Request:
    """What to validate: catalog files, and workspace folders (every province in them, or ``province``).

    ``today`` decides the validity checks of workspaces (default: today).
    """

    files: tuple[Path, ...] = ()
    workspaces: tuple[Path, ...] = ()
    province: str | None = None
    options: ValidateOptions = field(default_factory=ValidateOptions)
    today: dt.date | None = None

    @classmethod
    def of(
        cls,
        paths: Sequence[Path],
        *,
        province: str | None = None,
        workspace: Path | None = None,
        options: ValidateOptions | None = None,
        today: dt.date | None = None,
    ) -> Request:
        """A request from command-line style arguments: a folder among ``paths`` is a workspace, as is
        ``workspace`` (default: the current folder when only ``province`` is given)."""
        files = tuple(p for p in paths if not p.is_dir())
        roots = [p for p in paths if p.is_dir()]
        if workspace is not None or province is not None:
            roots.append(workspace or Path())
        return cls(files, tuple(roots), province, options or ValidateOptions(), today)


def run(request: Request, *, codes: CodeList | None = None, progress: FileProgress | None = None) -> Report:
    """Validate everything ``request`` names into one report: each file, then each workspace province
    (its catalog and its files, with the catalog-level checks). An input that cannot be used at all
    becomes a report with one file-level CT100 error (``FileReport.unusable``), not an exception."""
    from catalogtool.codes import load_code_list
    from catalogtool.errors import InputError
    from catalogtool.model import Report
    from catalogtool.rules.file import unusable_report

    options = request.options
    codes = codes or load_code_list(options.codes_extra)
    today = request.today or dt.date.today()
    # One memo for the whole run: every file and province is checked against the same code list,
    # schema and options, and a verdict depends on nothing else (placement is per row), so a value
    # already judged in one province is not judged again in the next.
    memo: Memo = {}
    reports: list[FileReport] = []
    for path in request.files:
        on_row = None
        if progress is not None:
            progress(path, 0, None)
            on_row = functools.partial(progress, path)
        started = time.perf_counter()
        try:
            done = validate_file(path, options, codes, on_row, memo)
        except InputError as exc:  # reported as CT100; the other inputs go on (exit 2)
            done = unusable_report(str(path), exc)
        reports.append(dataclasses.replace(done, seconds=time.perf_counter() - started))
    for root in request.workspaces:
        # Only for workspaces: it brings jsonschema for province.yaml, not needed to check a plain file.
        from catalogtool.workspace import check_workspace, find_workspace_provinces

        provinces = [request.province] if request.province else find_workspace_provinces(root)
        if not provinces:
            raise UsageError(
                f"{root} has no provinces/<XX>/ folder; create one with `catalogtool new --province XX`",
                f"{root} 下没有 provinces/<省份>/ 目录；可用 catalogtool new --province XX 创建",
            )
        for province in provinces:
            try:
                checked = check_workspace(root, province, today, options, codes, memo=memo)
            except InputError as exc:
                reports.append(unusable_report(exc.path or str(root / "provinces" / province), exc))
                continue
            reports.extend(checked.report.files)
    return Report(files=tuple(reports), code_list=codes.label, strict=options.strict)
