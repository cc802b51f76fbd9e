"""The values that flow through catalogtool: cells, rows, findings and reports.

Plain, frozen dataclasses with no I/O. Readers produce :class:`Sheet` / :class:`RawRow`; the
normaliser turns a raw row into a :class:`CatalogRow`; rules produce :class:`Finding`; a validation
run ends in a :class:`FileReport` per input and a :class:`Report` over all of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, TypeVar

# The field table is the one statement of the columns; these names are re-exported for readers of model.
from catalogtool.fields import FIELD_LABELS, FIELDS, REQUIRED_FIELDS

_EMPTY: Mapping[str, str] = MappingProxyType({})

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "REQUIRED_FIELDS",
    "SEVERITIES",
    "CatalogRow",
    "Cell",
    "CellValue",
    "FileReport",
    "Finding",
    "Location",
    "LocationKind",
    "RawRow",
    "Report",
    "RowBatch",
    "RowRun",
    "Salary",
    "Severity",
    "Sheet",
    "by_columns",
    "column_letter",
    "column_number",
    "row_by_row",
    "row_words",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: What a spreadsheet cell can hold once read (calamine's types, CSV gives str).
CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 → A, 26 → AA)."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letter: str) -> int:
    """1-based column number of a column letter (A → 1, AA → 27)."""
    n = 0
    for ch in letter.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column letter: {letter!r}")
        n = n * 26 + ord(ch) - 64
    return n


#: How an input gives places, decided by its reader: ``cell`` for tables (an xlsx sheet's Excel row and
#: column letter; a CSV line and the letter of its position), ``line`` for text documents (a YAML or
#: JSON draft, the workspace's YAML files), which have lines and keys but no columns.
LocationKind = Literal["cell", "line"]


def row_words(
    kind: LocationKind, row: int | str, lang: str, *, title: bool = False, plural: bool = False
) -> str:
    """A row or line number as a person reads it: ``第 7 行`` / ``row 7`` in a table, ``第 39 行`` /
    ``line 39`` in a text document (``Row 7`` / ``Line 39`` as a ``title``; ``rows 3, 9`` for a
    ``plural`` list given as text). The one wording of both."""
    if lang == "zh":
        return f"第 {row} 行"  # 行 is a table's row and a document's line alike
    word = ("line" if kind == "line" else "row") + ("s" if plural else "")
    return f"{word.capitalize() if title else word} {row}"


@dataclass(frozen=True)
class Location:
    """Where a finding points: a real spreadsheet coordinate, a line of a text document, or the
    file/catalog as a whole.

    ``kind`` ``cell``: ``row`` is the row number Excel shows (title rows included) or the CSV line
    number, ``column`` the column letter. ``kind`` ``line`` (YAML/JSON): ``row`` is the 1-based line of
    the key ``field`` (of the entry, for a row-level finding) and there is no column. ``row`` and
    ``column`` are ``None`` for file- and catalog-level findings.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    kind: LocationKind = "cell"

    @property
    def cell(self) -> str | None:
        if self.row is None or self.column is None or self.kind == "line":
            return None
        return f"{self.column}{self.row}"

    def row_words(self, lang: str, *, title: bool = False) -> str | None:
        """``第 7 行`` / ``row 7`` or ``第 39 行`` / ``line 39``; None for a file-level location."""
        return None if self.row is None else row_words(self.kind, self.row, lang, title=title)

    def describe(self, lang: str = "en") -> str:
        """Where the finding points, for a person: ``指导目录!B7``, ``指导目录 第 7 行`` / ``指导目录 row 7``,
        ``第 39 行`` / ``line 39`` (YAML/JSON), or the sheet or file. Every report says it this way."""
        if self.cell is not None:
            return f"{self.sheet}!{self.cell}" if self.sheet else self.cell
        row = self.row_words(lang)
        if row is not None:
            return f"{self.sheet} {row}" if self.sheet else row
        return self.sheet or self.file


@dataclass(frozen=True)
class Edit:
    """One cell a repair writes: the field, its column letter in the input (None when the input has no
    column for it, so the edit cannot be applied there), and the new text. In a YAML/JSON entry
    (``line`` locations) ``column`` is None and ``line`` is the line of the field's key (the entry's
    first line when it has no such key); in a table ``line`` is None: the edit is in the finding's row."""

    field: str
    column: str | None
    value: str
    line: int | None = None


@dataclass(frozen=True)
class Repair:
    """How a finding can be repaired (``catalogtool fix``): safe when the new text means exactly what the
    drafter meant, unsafe when a person should confirm it. The edits are in the finding's row."""

    safe: bool
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    """One problem (or note) about the input, with both languages already rendered."""

    rule: str
    slug: str
    severity: Severity
    location: Location
    message_en: str
    message_zh: str
    hint_en: str = ""
    hint_zh: str = ""
    value: str | None = None
    fix: Repair | None = None

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def hint(self, lang: str) -> str:
        return self.hint_zh if lang == "zh" else self.hint_en

    def sort_key(self) -> tuple[str, int, int, str]:
        """Report order: file, row (file-level first), column, rule."""
        loc = self.location
        return (loc.file, loc.row or 0, column_number(loc.column) if loc.column else 0, self.rule)


class Cell(NamedTuple):
    """A cell as read: its value and column letter. ``formula`` is set when the cell held one.

    The per-cell and per-row values are NamedTuples rather than frozen dataclasses: just as immutable,
    and several times cheaper to build, which matters at a million cells.
    """

    value: CellValue
    column: str | None  # None in a YAML/JSON entry, which has keys but no columns
    formula: str | None = None

    @property
    def text(self) -> str:
        """The value as trimmed text ('' for empty). Integral floats lose their '.0'."""
        v = self.value
        if type(v) is str:  # the common case first: this runs for every cell
            return v.strip()
        if v is None:
            return ""
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    @classmethod
    def down(cls, values: Iterable[CellValue], column: str) -> list[Cell]:
        """The cells of ``values`` in ``column`` (no formulas), made at C speed (see ``by_columns``)."""
        return by_columns(cls, (values, itertools.repeat(column), itertools.repeat(None)))


_T = TypeVar("_T", bound=tuple[Any, ...])


def by_columns(cls: type[_T], columns: Iterable[Iterable[Any]]) -> list[_T]:
    """NamedTuples of class ``cls`` from one column per field, in field order (the shortest column sets
    how many: one at least must end), made at C speed: ``tuple.__new__`` is what a NamedTuple's own ``__new__`` calls, so this
    builds the same values without a Python call for each."""
    return list(map(tuple.__new__, itertools.repeat(cls), zip(*columns, strict=False)))


class RawRow(NamedTuple):
    """One data row as read, cells keyed by canonical field name.

    ``section`` is the row number of the section heading (一、集成电路) the row is under, 0 when none.
    ``lines`` is None for a table row; for an entry of a YAML/JSON document (``number``: its first
    line) it holds the line of each field's key.
    """

    number: int
    cells: Mapping[str, Cell]
    section: int = 0
    lines: Mapping[str, int] | None = None

    def text(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.text if cell is not None else ""

    def column(self, key: str) -> str | None:
        cell = self.cells.get(key)
        return cell.column if cell is not None else None


class RowBatch(NamedTuple):
    """Consecutive table rows as columns: a reader gives the plain data rows of a large sheet so, and
    validation then works a column at a time (values repeat down a column; see validate.py).

    ``cells[key][i]`` is row ``i``'s cell of field ``key``, None when blank; ``texts[key][i]`` its
    :attr:`Cell.text` ('' when blank). Both are keyed in the table's column order, as a RawRow's cells are.
    """

    numbers: Sequence[int]
    sections: Sequence[int]  # see RawRow.section
    cells: Mapping[str, Sequence[Cell | None]]
    texts: Mapping[str, Sequence[str]]

    def rows(self) -> Iterator[RawRow]:
        """The batch as RawRows, blank cells left out."""
        keys = tuple(self.cells)
        for number, section, cells in zip(
            self.numbers, self.sections, zip(*self.cells.values(), strict=True), strict=True
        ):
            yield RawRow(number, {k: c for k, c in zip(keys, cells, strict=True) if c is not None}, section)


#: A reader's data rows in order: runs of plain rows as a RowBatch, and the others one by one.
RowRun = RowBatch | RawRow


def row_by_row(runs: Iterable[RowRun]) -> Iterator[RawRow]:
    """Every row of ``runs``, batches taken apart."""
    for run in runs:
        if isinstance(run, RowBatch):
            yield from run.rows()
        else:
            yield run


@dataclass(frozen=True)
class Sheet:
    """The table found in an input: where it is, how its columns map, and its data rows.

    ``rows`` is a lazy iterable in readers that stream: a consumer reads it once, in order.
    ``findings`` holds what reading itself noticed (unknown columns, encoding used, …).
    ``heading`` holds the catalog's lines above the table: the title, then the validity line(s); the
    non-blank rows above an xlsx header, or a YAML/JSON document's ``title`` and ``validity`` (the
    title "" when only the validity is given). CSV has none.
    ``layout`` collects what the reader learns about the table's shape while ``rows`` is read (merged
    categories carried down, section rows, lines after the notes): complete once ``rows`` is consumed.
    ``last_row`` is the last row (xlsx, from the sheet's cells) or line (CSV) the table can reach, known
    before ``rows`` is read: what a progress bar counts towards. None when unknown.
    ``runs``: the same rows as the reader reads them, plain rows in batches (xlsx; None for the others):
    ``rows`` is then ``runs`` taken apart, and a consumer reads one of the two, once.
    """

    file: str
    sheet: str | None
    columns: Mapping[str, str]  # canonical key -> column letter (YAML/JSON: the key as written)
    header_rows: tuple[int, ...]
    rows: Iterable[RawRow]
    findings: tuple[Finding, ...] = ()
    encoding: str | None = None
    format: str = "xlsx"
    heading: tuple[str, ...] = ()
    layout: list[Finding] = dataclasses.field(default_factory=list)
    last_row: int | None = None
    kind: LocationKind = "cell"  # how its findings are placed: cells, or lines (YAML/JSON)
    runs: Iterable[RowRun] | None = None


@dataclass(frozen=True)
class Salary:
    """A salary requirement: a multiple of the local average wage, or an annual amount in yuan.

    ``currency`` names a foreign currency the amount was written in (US dollars …); such an amount is
    never read as yuan, so ``annual_yuan`` is then None.
    """

    multiple: float | None = None
    annual_yuan: float | None = None
    text: str = ""
    currency: str | None = None

    def in_yuan(self, average_wage: float | None) -> float | None:
        """Yuan a year: the amount, or the multiple × the local average wage (None without it)."""
        if self.annual_yuan is not None:
            return self.annual_yuan
        if self.multiple is not None and average_wage is not None:
            return self.multiple * average_wage
        return None


class CatalogRow(NamedTuple):
    """A normalised catalog row: canonical keys with typed values, and where each came from.

    Values that could not be normalised are ``None`` here; the normaliser reported why.
    """

    number: int
    seq: int | None
    subcategory_code: str | None
    subcategory_name: str
    occupation_codes: tuple[str, ...]
    position: str
    industry: str
    education: str | None  # one of codes.EDUCATION_LEVELS keys, e.g. "bachelor"
    experience_years: float | None
    skills: str
    certificates: str
    salary: Salary | None
    age_max: int | None
    notes: str
    columns: Mapping[str, str] = _EMPTY
    raw: Mapping[str, str] = _EMPTY
    section: int = 0  # the row number of the section heading above the row, 0 when none
    lines: Mapping[str, int] | None = None  # see RawRow.lines

    def column(self, key: str) -> str | None:
        return self.columns.get(key)

    @property
    def kind(self) -> LocationKind:
        """How the row is placed: ``cell`` in a table, ``line`` for an entry of a YAML/JSON document."""
        return "cell" if self.lines is None else "line"

    def location(self, file: str, sheet: str | None, field: str | None = None) -> Location:
        """Where ``field`` of this row is (the row itself for None): its cell in a table; in a YAML/JSON
        entry, the line of its key, or the entry's first line when the entry has no such key."""
        lines = self.lines
        if lines is None:
            column = self.columns.get(field) if field else None
            return Location(file, sheet, self.number, column, field)
        line = lines.get(field, self.number) if field else self.number
        return Location(file, sheet, line, None, field, "line")

    def edit(self, field: str, value: str) -> Edit:
        """The repair writing ``value`` into ``field`` of this row, placed as :meth:`location` is."""
        if self.lines is None:
            return Edit(field, self.columns.get(field), value)
        return Edit(field, None, value, self.lines.get(field, self.number))


@dataclass(frozen=True)
class FileReport:
    """The outcome of validating one input."""

    file: str
    sheet: str | None
    rows: int
    findings: tuple[Finding, ...]
    partial: bool = False
    encoding: str | None = None
    #: The input could not be used at all; ``findings`` holds its one file-level error (CT100).
    unusable: bool = False
    #: How long reading and checking took (JUnit ``time``); None when not measured.
    seconds: float | None = dataclasses.field(default=None, compare=False)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        return dict(sorted(counts.items()))

    def valid(self, strict: bool = False) -> bool:
        bad: tuple[Severity, ...] = ("error", "warning") if strict else ("error",)
        return not any(f.severity in bad for f in self.findings)


@dataclass(frozen=True)
class Report:
    """The outcome of one validation run over one or more inputs."""

    files: tuple[FileReport, ...]
    code_list: str
    strict: bool = False

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for fr in self.files for f in fr.findings)

    @property
    def valid(self) -> bool:
        return all(fr.valid(self.strict) for fr in self.files)

    @property
    def partial(self) -> bool:
        return any(fr.partial for fr in self.files)

    def exit_code(self) -> int:
        """0 valid, 1 findings that fail the run (errors, or warnings with --strict), 2 an input
        that could not be used (the worst wins)."""
        if any(fr.unusable for fr in self.files):
            return 2
        return 0 if self.valid else 1
