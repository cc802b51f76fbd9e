"""Read an .xlsx draft with python-calamine, after safety.py has vetted the zip.

Row numbers are the ones Excel shows. MEASURED with python-calamine 0.9.1: ``iter_rows()`` yields one
empty row for every row above the used range (so the i-th row yielded is Excel row i+1), but its
values start at the used range's first column (``sheet.start[1]``), not at column A.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import is_, itemgetter
from pathlib import Path
from typing import Any

from catalogtool.errors import InputError
from catalogtool.model import (
    Cell,
    CellValue,
    Finding,
    Location,
    RawRow,
    RowBatch,
    RowRun,
    Sheet,
    column_letter,
    row_by_row,
)
from catalogtool.read.headers import (
    HEADER_SCAN_ROWS,
    MIN_REQUIRED,
    Header,
    Merge,
    detect_header,
    expected_headers,
    not_a_catalog,
)
from catalogtool.read.layout import Layout
from catalogtool.read.limits import Limits
from catalogtool.read.safety import SheetScan, inspect_workbook
from catalogtool.read.sniff import fail
from catalogtool.read.table import column_letters, header_findings, is_blank, no_blank, no_data_finding
from catalogtool.rules.file import CELL_TOO_LONG, FORMULA_CELL, FORMULA_NO_VALUE


@dataclass(frozen=True)
class _Candidate:
    """A sheet opened and its header detected; rows not yet read."""

    name: str
    header: Header | None
    head: tuple[tuple[int, Sequence[CellValue]], ...]  # rows read for detection, values from column A
    # The rows after ``head``: calamine's iterator in the child; once they have crossed from it, the
    # batches of the rows holding a value (see _Parsing.chosen).
    rest: Iterable[Any]
    start_col: int
    merges: tuple[Merge, ...]


def _open_workbook(path: Path) -> Any:
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise fail(
            path,
            "the workbook is password-protected; remove the password and save it as .xlsx",
            "工作簿设置了密码，请取消密码后另存为 .xlsx",
        ) from None
    except (python_calamine.CalamineError, OSError, ValueError) as exc:  # a damaged file, whatever the part
        raise fail(
            path,
            f"the workbook cannot be read ({type(exc).__name__}: {exc}); open it in Excel or WPS and save it again",
            f"无法读取工作簿（{type(exc).__name__}：{exc}），请用 Excel 或 WPS 打开后重新保存",
        ) from None


def _empty(value: Any) -> CellValue:
    return None if value == "" else value


def _open_sheet(path: Path, workbook: Any, name: str) -> _Candidate:
    import python_calamine

    try:
        sheet = workbook.get_sheet_by_name(name)
    except (python_calamine.CalamineError, OSError, ValueError) as exc:  # damaged sheet XML
        raise fail(
            path,
            f"sheet {name!r} cannot be read ({exc}); open the file in Excel or WPS and save it again",
            f"工作表“{name}”无法读取（{exc}），请用 Excel 或 WPS 打开后重新保存",
        ) from None
    start = sheet.start
    start_col = start[1] if start else 0
    rows = iter(sheet.iter_rows())
    head: list[tuple[int, Sequence[CellValue]]] = []
    pad: list[CellValue] = [None] * start_col
    for number, values in enumerate(itertools.islice(rows, HEADER_SCAN_ROWS + 2), start=1):
        head.append((number, [*pad, *(_empty(v) for v in values)]))
    merges = tuple(Merge(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ())
    header = detect_header(head, merges)
    return _Candidate(name, header, tuple(head), rows, start_col, merges)


def _no_table(
    path: Path, sheets: Sequence[str], where: str | None = None, partial: _Candidate | None = None
) -> InputError:
    if partial is not None and partial.header is not None:
        # Some catalog columns, too few for a catalog: say which, so the user knows what this file is.
        return fail(
            path, *not_a_catalog(partial.header, f"sheet {partial.name!r}", f"工作表“{partial.name}”")
        )
    listed = "、".join(sheets) or "—"
    scope_en = f"in sheet {where!r}" if where else f"in any sheet ({listed})"
    scope_zh = f"工作表“{where}”中" if where else f"各工作表（{listed}）中均"
    return fail(
        path,
        f"no catalog table found {scope_en}: expected a header row with columns such as "
        f"{expected_headers()} in the first {HEADER_SCAN_ROWS} rows",
        f"{scope_zh}未找到目录表格：前 {HEADER_SCAN_ROWS} 行中应有包含 {expected_headers()} 等列的表头",
    )


def _choose(path: Path, workbook: Any, wanted: str | None) -> _Candidate:
    """The named sheet, or the one visible worksheet whose header matches best."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    metadata = list(workbook.sheets_metadata)
    names = [m.name for m in metadata]
    if wanted is not None:
        if wanted not in names:
            raise fail(
                path,
                f"there is no sheet {wanted!r}; the sheets are: {'、'.join(names)}",
                f"没有名为“{wanted}”的工作表；现有工作表：{'、'.join(names)}",
            )
        chosen = _open_sheet(path, workbook, wanted)
        if chosen.header is None or chosen.header.score[0] < MIN_REQUIRED:
            raise _no_table(path, names, wanted, _partial(chosen))
        return chosen
    best: list[tuple[tuple[int, int], _Candidate]] = []
    partial: _Candidate | None = None
    for meta in metadata:
        if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
            continue  # hidden code lists and chart sheets are never the catalog
        candidate = _open_sheet(path, workbook, meta.name)
        if candidate.header is None or candidate.header.score[0] < MIN_REQUIRED:
            if _partial(candidate) and (partial is None or _score(candidate) > _score(partial)):
                partial = candidate
            continue
        score = candidate.header.score
        if not best or score > best[0][0]:
            best = [(score, candidate)]  # earlier candidates (and their loaded sheets) are dropped
        elif score == best[0][0]:
            best.append((score, candidate))
    if not best:
        raise _no_table(path, names, partial=partial)
    if len(best) > 1:
        listed = "、".join(c.name for _, c in best)
        raise fail(
            path,
            f"several sheets hold a catalog table ({listed}); choose one with --sheet NAME",
            f"多个工作表都有目录表格（{listed}），请用 --sheet 指定其中一个",
        )
    return best[0][1]


def _score(candidate: _Candidate) -> tuple[int, int]:
    return candidate.header.score if candidate.header is not None else (0, 0)


def _partial(candidate: _Candidate) -> _Candidate | None:
    """The sheet, when its header names catalog fields: two or more, or one required one."""
    score = _score(candidate)
    return candidate if score[1] >= 2 or score[0] >= 1 else None


def read_xlsx(path: Path, sheet: str | None, limits: Limits) -> Sheet:
    """Read the catalog table of an .xlsx workbook (the named sheet, or the one that holds it)."""
    # calamine parses the sheet in its contained child (contain.py: memory and CPU limits) while the
    # zip is vetted here; the scan's verdict comes first: a workbook it refuses is refused with its
    # precise message, and the child is stopped unread.
    parsing = _contained_choice(path, sheet)
    try:
        scans = {s.name: s.scan for s in inspect_workbook(path, limits).sheets}
    except BaseException:
        parsing.close()
        raise
    chosen = parsing.chosen()
    header = chosen.header
    assert header is not None
    file = str(path)
    scan = scans.get(chosen.name, SheetScan())
    findings = header_findings(file, chosen.name, header)
    last_header = header.rows[-1]
    found: list[Finding] = []
    merges = _table_merges(chosen.merges, header, scan)
    layout = Layout(file, chosen.name, header, found, merges, chosen.start_col)
    findings += layout.header_merges(merges, last_header)
    findings += _formula_findings(file, chosen.name, scan, header, last_header)
    findings += _long_findings(file, chosen.name, scan, header, last_header, limits)
    runs = _data_runs(chosen, header, scan, limits, layout)
    first = next(runs, None)
    if first is None:
        findings.append(no_data_finding(file, chosen.name, header.rows[0]))
    data: Iterator[RowRun] = iter(()) if first is None else itertools.chain((first,), runs)
    return Sheet(
        file=file,
        sheet=chosen.name,
        columns=column_letters(header),
        header_rows=header.rows,
        rows=row_by_row(data),
        runs=data,
        findings=tuple(findings),
        format="xlsx",
        heading=_heading(chosen.head, header.rows[0], _template_layout(chosen.name, header.rows[0])),
        layout=found,
        last_row=scan.max_row or None,
    )


#: Rows per message from the contained parser, and so per RowBatch: a batch's rows and cells live until
#: it has been checked, and fewer at a time keep the garbage collector's work small (measured: the rows
#: of a 100,000-row draft checked in 0.87-0.94 s of CPU in batches of 512, 1.11-1.13 s in batches of 4,096).
_BATCH = 512


class _Parsing:
    """The chosen sheet being parsed in a contained child (see contain.py); its rows stream in.

    A batch crosses the pipe as (row numbers, columns): unpickling a dozen long tuples costs a third
    of unpickling a list per row, and ``zip`` makes the rows again at C speed."""

    def __init__(self, path: Path, wanted: str | None) -> None:
        from catalogtool.contain import Contained, Send

        def job(send: Send) -> None:
            chosen = _choose(path, _open_workbook(path), wanted)
            send(replace(chosen, rest=()))
            rows = enumerate(chosen.rest, start=len(chosen.head) + 1)
            while batch := list(itertools.islice(rows, _BATCH)):
                # Only rows with a value cross the pipe: a sheet whose one stray cell sits a million rows
                # down costs the child a C-speed count per row, not the parent a million blank rows.
                kept = [(number, values) for number, values in batch if values.count("") != len(values)]
                if not kept:
                    continue
                width = len(kept[0][1])
                if all(len(values) == width for _, values in kept):  # calamine's rows: always
                    send(
                        (
                            [number for number, _ in kept],
                            list(zip(*(values for _, values in kept), strict=True)),
                        )
                    )
                else:
                    send((None, kept))

        self._contained = Contained(job, path).start()

    def close(self) -> None:
        self._contained.close()

    def chosen(self) -> _Candidate:
        """The chosen sheet; its ``rest`` is the batches as they cross: (row numbers, columns), or
        (None, rows) when the rows differ in width."""
        messages = iter(self._contained)
        chosen: _Candidate = next(messages)
        return replace(chosen, rest=messages)


def _contained_choice(path: Path, wanted: str | None) -> _Parsing:
    """The chosen sheet, parsed by calamine in a contained child that starts now (see _Parsing)."""
    return _Parsing(path, wanted)


def _template_layout(sheet: str, header_row: int) -> tuple[int, int] | None:
    """(title row, validity row) when the sheet is laid out as catalogtool's template (its data sheet
    name, header where the template puts it); None for any other workbook."""
    from catalogtool.template import template_spec

    spec = template_spec()
    if sheet == spec.data_sheet and header_row == spec.header_rows[0]:
        return spec.title_row, spec.validity_row
    return None


def _heading(
    head: Sequence[tuple[int, Sequence[CellValue]]], header_row: int, layout: tuple[int, int] | None = None
) -> tuple[str, ...]:
    """The non-blank rows above the header (title, validity line), each row's cells joined by spaces.

    In the template's layout the rows have fixed places: an empty title row with a validity line below
    it reads as ("", validity), so a validity line is never taken for a title."""
    lines = {
        number: " ".join(text for v in values if v is not None and (text := str(v).strip()))
        for number, values in head
        if number < header_row
    }
    if layout is not None:
        title, validity = (lines.get(row, "") for row in layout)
        if not title and validity and all(not t for n, t in lines.items() if n not in layout):
            return ("", validity)
    return tuple(line for line in lines.values() if line)


#: Distinct texts whose cell a column keeps for reuse (see _Cells); a column of distinct values
#: (positions) stops adding at this bound, so a hostile sheet cannot grow the caches without limit.
_CELL_CACHE = 20_000
_UNSEEN = object()  # a sentinel: no cell is kept for this value
_LOOKUP: Callable[[dict[Any, Any], Any, object], Any] = dict.get  # map()ped over a row's columns
_UNSEEN_ALWAYS = itertools.repeat(_UNSEEN)
_NONE = itertools.repeat(None)


class _Cells:
    """A data row's cells keyed by field, blank cells (see ``is_blank``) left out, long texts cut; or a
    batch's cells and texts a column at a time (``column``).

    Drafts repeat their texts (the same subcategory, education or salary wording on many rows), so a
    text cell is judged (blank? too long?) and built once per column and text and then reused (cells
    are immutable): a row's cells come from one C-speed lookup per column. Other values (numbers,
    dates, booleans: 1, 1.0 and True are equal as keys, so they are never kept) and the cells of rows
    holding formulas are built one by one."""

    def __init__(self, plan: Sequence[tuple[str, int, str]], limit: int) -> None:
        self._plan = plan
        self._keys = tuple(key for key, _, _ in plan)
        self._caches = tuple(dict[str, Cell | None]() for _ in plan)
        self._texts = tuple(dict[str, str]() for _ in plan)  # Cell.text ('' when blank) of the same keys
        self._unseen = (_UNSEEN,) * len(plan)
        indices = [i for _, i, _ in plan]
        self._width = max(indices, default=-1) + 1
        self._pick: Callable[[Sequence[CellValue]], Sequence[CellValue]] = (
            itemgetter(*indices) if len(indices) > 1 else lambda values: tuple(values[i] for i in indices)
        )
        self._limit = limit

    def __call__(self, values: Sequence[CellValue], formulas: Mapping[int, str] | None) -> dict[str, Cell]:
        if formulas is not None or len(values) < self._width:
            return self._one_by_one(values, formulas)
        picked = self._pick(values)
        found: list[Any] = list(map(_LOOKUP, self._caches, picked, self._unseen))
        if any(map(is_, found, self._unseen)):
            for j, cell in enumerate(found):
                if cell is _UNSEEN:
                    found[j] = self._judge(j, picked[j])[0]
        return {key: cell for key, cell in zip(self._keys, found, strict=True) if cell is not None}

    def column(self, j: int, values: Sequence[Any]) -> tuple[Sequence[Cell | None], Sequence[str]]:
        """The cells (None when blank) and texts ('' when blank) of ``values``, the plan's ``j``-th
        column of a batch of rows without formulas."""
        cells: list[Any] = list(map(self._caches[j].get, values, _UNSEEN_ALWAYS))
        unseen = cells.count(_UNSEEN)
        if not unseen:  # every value a text kept with its cell
            return cells, list(map(self._texts[j].__getitem__, values))
        if unseen * 2 > len(values) and (made := self._made(j, values)) is not None:
            return made  # mostly new values (positions, sequence numbers): made for the whole column
        texts = list(map(self._texts[j].get, values, itertools.repeat("")))
        for k, cell in enumerate(cells):
            if cell is _UNSEEN:
                cells[k], texts[k] = self._judge(j, values[k])
        return cells, texts

    def _made(self, j: int, values: Sequence[Any]) -> tuple[Sequence[Cell | None], Sequence[str]] | None:
        """A column of distinct values made at C speed when they are all whole numbers (ints, or floats
        that are whole: calamine reads every number as a float), or all texts none of which is blank or
        too long (what ``_judge`` would find for each); else None."""
        kinds = set(map(type, values))
        letter = self._plan[j][2]
        if kinds == {int}:
            return Cell.down(values, letter), list(map(str, values))  # Cell.text of an int
        if kinds == {float} and all(map(float.is_integer, values)):
            return Cell.down(values, letter), list(map(str, map(int, values)))
        if kinds == {str} and max(map(len, values)) <= self._limit:
            texts = list(map(str.strip, values))
            if no_blank(texts):
                return Cell.down(values, letter), texts
        return None

    def _judge(self, j: int, value: CellValue) -> tuple[Cell | None, str]:
        """The cell of ``value`` in the plan's ``j``-th column (None when blank) and its text, kept when
        ``value`` is a text."""
        if type(value) is not str:  # numbers, dates: blank only when None
            if value is None:
                return None, ""
            if isinstance(value, str) and len(value) > self._limit:
                value = value[: self._limit]
            made = Cell(value, self._plan[j][2])
            return made, made.text
        cell = None
        if not is_blank(value):
            cell = Cell(value[: self._limit] if len(value) > self._limit else value, self._plan[j][2])
        text = "" if cell is None else cell.text
        cache = self._caches[j]
        if len(cache) < _CELL_CACHE:
            cache[value] = cell
            self._texts[j][value] = text
        return cell, text

    def _one_by_one(self, values: Sequence[CellValue], formulas: Mapping[int, str] | None) -> dict[str, Cell]:
        width = len(values)
        cells: dict[str, Cell] = {}
        for key, i, letter in self._plan:
            if i >= width:
                continue
            value = values[i]
            if is_blank(value):
                continue
            if isinstance(value, str) and len(value) > self._limit:
                value = value[: self._limit]
            formula = formulas.get(i) if formulas else None
            cells[key] = Cell(value, letter, formula)
        return cells


def _data_runs(
    chosen: _Candidate, header: Header, scan: SheetScan, limits: Limits, layout: Layout
) -> Iterator[RowRun]:
    """The data rows under the header, cells keyed by field (see _Cells): plain data rows as batches of
    columns as they crossed from the parser (see _Plain), other rows one by one.

    Section rows and notes are skipped, merged categories carried down (see read/layout.py)."""
    last_header = header.rows[-1]
    offset = chosen.start_col
    plan = [(key, col - offset, column_letter(col)) for key, col in header.columns.items() if col >= offset]
    formulas: dict[int, dict[int, str]] = {}
    for f in scan.formulas:
        formulas.setdefault(f.row, {})[f.col - offset] = f.text
    cells_of = _Cells(plan, limits.max_cell_chars)

    def one_by_one(numbered: Iterable[tuple[int, Sequence[CellValue]]]) -> Iterator[RawRow]:
        for number, values in numbered:
            if number <= last_header or layout.kind(number, values) != "data":
                continue
            cells = cells_of(values, formulas.get(number))
            layout.fill(number, cells, Cell)
            if cells:
                yield RawRow(number, cells, layout.section)

    yield from one_by_one((n, v[offset:]) for n, v in chosen.head if n > last_header)
    plain = _Plain(plan, cells_of, layout, formulas, last_header)
    for numbers, data in chosen.rest:
        if numbers is None:  # rows of different widths
            yield from one_by_one(data)
            continue
        rows: list[tuple[int, Sequence[CellValue]]] = []
        for start, stop, batch in plain.split(numbers, data):
            if batch is not None:
                yield batch
            else:
                rows = rows or list(zip(numbers, zip(*data, strict=True), strict=True))
                yield from one_by_one(rows[start:stop])
    layout.finish()


#: Distinct first-column texts whose verdict (``Layout.opens_data``) a reader keeps.
_LEAD_CACHE = 20_000


#: Plain rows in a row, at least, to be checked as a RowBatch: fewer go one by one (a batch has fixed costs).
_MIN_RUN = 16


class _Plain:
    """A batch of rows from the parser cut into stretches: the plain data rows as RowBatches, the others
    to be read one by one (``split``).

    Plain: no formula, the first two cells not blank and the first not opening a note or a signature
    line, and nothing of the layout acting on the rows (``Layout.take_plain``: no notes above, no merge,
    an industry in each row under a section heading). Then what ``Layout.kind``
    and ``fill`` would do row by row is known for the whole stretch: each row is data and keeps its cells."""

    def __init__(
        self,
        plan: Sequence[tuple[str, int, str]],
        cells_of: _Cells,
        layout: Layout,
        formulas: Mapping[int, object],
        last_header: int,
    ) -> None:
        self._plan, self._cells_of, self._layout = plan, cells_of, layout
        self._formulas, self._last_header = formulas, last_header
        self._keys = [key for key, _, _ in plan]
        where = {i: j for j, (_, i, _) in enumerate(plan)}
        # The plan's columns of the row's first two cells; None when either is not read (go row by row).
        self._first_two = (where[0], where[1]) if 0 in where and 1 in where else None
        self._industry = self._keys.index("industry") if "industry" in self._keys else None
        self._opens: dict[str, bool] = {}

    def split(
        self, numbers: Sequence[int], columns: Sequence[Sequence[CellValue]]
    ) -> Iterator[tuple[int, int, RowBatch | None]]:
        """(start, stop, batch) for consecutive stretches of the rows: ``batch`` is the stretch's plain
        rows, or None for rows to read one by one. Each is decided when the rows before it have been
        read (a generator): a row read one by one may open a section or end the table."""
        n = len(numbers)
        if self._first_two is None or numbers[0] <= self._last_header or len(columns) < 2:
            yield 0, n, None
            return
        width = len(columns)
        blank: Sequence[Cell | None] = [None] * n
        made = [
            self._cells_of.column(j, columns[i]) if i < width else (blank, [""] * n)
            for j, (_, i, _) in enumerate(self._plan)
        ]
        start = 0
        for odd in [*self._odd(numbers, columns[0], made), n]:
            if odd - start >= _MIN_RUN:
                yield start, odd, self._batch(numbers, made, start, odd)
            elif odd > start:
                yield start, odd, None
            if odd < n:
                yield odd, odd + 1, None
            start = odd + 1

    def _odd(
        self,
        numbers: Sequence[int],
        firsts: Sequence[CellValue],
        made: Sequence[tuple[Sequence[Cell | None], Sequence[str]]],
    ) -> list[int]:
        """The rows (indices) that are not plain for what they hold: a blank first or second cell, a first
        cell that may open a note or a signature line, a formula."""
        n = range(len(numbers))
        odd: set[int] = set()
        for j in self._first_two or ():
            odd.update(itertools.compress(n, map(is_, made[j][0], _NONE)))
        closed = {v for v in set(firsts) if type(v) is str and not self._opens_data(v)}
        if closed:
            odd.update(itertools.compress(n, map(closed.__contains__, firsts)))
        if self._formulas:
            odd.update(itertools.compress(n, map(self._formulas.__contains__, numbers)))
        return sorted(odd)

    def _batch(
        self,
        numbers: Sequence[int],
        made: Sequence[tuple[Sequence[Cell | None], Sequence[str]]],
        start: int,
        stop: int,
    ) -> RowBatch | None:
        """Rows ``start`` to ``stop`` as a RowBatch, when the layout takes them as plain."""
        taken = numbers[start:stop]
        industry = made[self._industry][0][start:stop] if self._industry is not None else (None,)
        if not self._layout.take_plain(taken, industry_filled=None not in industry):
            return None
        return RowBatch(
            taken,
            [self._layout.section] * len(taken),
            dict(zip(self._keys, (cells[start:stop] for cells, _ in made), strict=True)),
            dict(zip(self._keys, (texts[start:stop] for _, texts in made), strict=True)),
        )

    def _opens_data(self, text: str) -> bool:
        """``Layout.opens_data``, kept per text (bounded)."""
        verdict = self._opens.get(text)
        if verdict is None:
            verdict = self._layout.opens_data(text)
            if len(self._opens) < _LEAD_CACHE:
                self._opens[text] = verdict
        return verdict


def _in_table(header: Header, row: int, col: int, last_header: int) -> str | None:
    """The field of a data cell, or None when the cell is outside the mapped columns or the data rows."""
    if row <= last_header:
        return None
    return next((k for k, c in header.columns.items() if c == col), None)


def _table_merges(merges: Sequence[Merge], header: Header, scan: SheetScan) -> list[Merge]:
    """The merged ranges over the table's data: below the header, above the sheet's last cell, across a
    mapped column. Ranges elsewhere touch no data (and a hostile sheet may hold 100,000 of them)."""
    last_header = header.rows[-1]
    columns = sorted(header.columns.values())
    out = []
    for m in merges:
        if m.last_row <= last_header or (m.first_row == m.last_row and m.first_col == m.last_col):
            continue
        if scan.max_row and m.first_row > scan.max_row:
            continue
        if not any(m.first_col <= c <= m.last_col for c in columns):
            continue
        out.append(m)
    return out


def _formula_findings(
    file: str, sheet: str, scan: SheetScan, header: Header, last_header: int
) -> list[Finding]:
    out = []
    for f in scan.formulas:
        key = _in_table(header, f.row, f.col, last_header)
        if key is None:
            continue
        letter = column_letter(f.col)
        location = Location(file, sheet, f.row, letter, key)
        cell = f"{letter}{f.row}"
        rule = FORMULA_CELL if f.result is not None else FORMULA_NO_VALUE
        out.append(rule.finding(location, value=f"={f.text}", cell=cell, formula=f.text, result=f.result))
    return out


def _long_findings(
    file: str, sheet: str, scan: SheetScan, header: Header, last_header: int, limits: Limits
) -> list[Finding]:
    out = []
    for row, col, length in scan.long_cells:
        key = _in_table(header, row, col, last_header)
        if key is None:
            continue
        letter = column_letter(col)
        out.append(
            CELL_TOO_LONG.finding(
                Location(file, sheet, row, letter, key),
                cell=f"{letter}{row}",
                length=f"{length:,}",
                limit=f"{limits.max_cell_chars:,}",
            )
        )
    return out
