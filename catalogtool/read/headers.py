"""Header text → canonical field (the spellings come from the field table, catalogtool/fields.py), and
header-row detection.

Pure functions over a small grid of cell values (the first rows of a sheet), so every reader (xlsx,
CSV, YAML/JSON keys) maps columns the same way. Matching is loose on purpose: drafts arrive with
full-width characters, line breaks, required-marks, bracketed units and both languages in one cell.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from catalogtool.fields import FIELD_LABELS, FIELDS, REQUIRED_FIELDS, TABLE
from catalogtool.model import CellValue

#: Extra spellings per canonical key, beyond the zh/en labels: read from the field table
#: (catalogtool/fields.py, ``Field.aliases``), which is where a new spelling goes. Normalised before use.
ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType({f.key: f.aliases for f in TABLE})

#: How many rows from the top of a sheet may hold the header.
HEADER_SCAN_ROWS = 20

_MARKS = re.compile(r"[*※★☆]")
# Separators people put inside labels; removing them makes "产业/领域" equal "产业领域".
_NOISE = re.compile(r"[\s.\-_/:;,、·'\"‘’“”]+")
_BRACKETED = re.compile(r"[(\[【〔<《][^)\]】〕>》]*[)\]】〕>》]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def normalize_label(text: str) -> str:
    """Fold a header for matching: NFKC, case-folded, no spaces, line breaks, marks or separators."""
    result = text
    for _ in range(4):  # removing spaces can leave combining marks to recompose: repeat until stable
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", result).casefold())
        folded = _NOISE.sub("", _MARKS.sub("", folded))
        if folded == result:
            break
        result = folded
    return result


def _base(normalized: str) -> str:
    """The label without bracketed parts: 学历(学位) → 学历, experience(years) → experience."""
    return _BRACKETED.sub("", normalized)


def _build_table() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for f in TABLE:
        key = f.key
        for alias in (f.zh, f.en, *f.aliases):
            for form in (normalize_label(alias), _base(normalize_label(alias))):
                owner = table.setdefault(form, key)
                if owner != key:
                    raise RuntimeError(f"header alias {alias!r} maps to both {owner} and {key}")
    return MappingProxyType(table)


_TABLE = _build_table()


def _candidates(text: str) -> list[str]:
    """The whole text, then each line, then its Chinese and non-Chinese parts (bilingual cells)."""
    out = [text]
    lines = [line for line in re.split(r"[\r\n]+", text) if line.strip()]
    if len(lines) > 1:
        out.extend(lines)
    chinese = "".join(_CJK.findall(text))
    if chinese and chinese != text:
        out.append(chinese)
        other = _CJK.sub(" ", text)
        if other.strip():
            out.append(other)
    return out


def label_table(labels: Mapping[str, Sequence[str]]) -> Mapping[str, str]:
    """Normalised label → key for another table's headers (e.g. a candidate list), matched as loosely
    as the catalog's; a label claimed by two keys is a bug in the caller's table."""
    table: dict[str, str] = {}
    for key, aliases in labels.items():
        for alias in aliases:
            for form in (normalize_label(alias), _base(normalize_label(alias))):
                owner = table.setdefault(form, key)
                if owner != key:
                    raise RuntimeError(f"header alias {alias!r} maps to both {owner} and {key}")
    return MappingProxyType(table)


def label_keys(text: str, table: Mapping[str, str]) -> tuple[str, ...]:
    """The keys of ``table`` (see :func:`label_table`) a header cell names: the whole text, or else each
    line and its Chinese and non-Chinese parts (bilingual cells), in the order named."""
    if not text or not text.strip():
        return ()
    found: list[str] = []
    for i, candidate in enumerate(_candidates(text)):
        normalized = normalize_label(candidate)
        if not normalized:
            continue
        key = table.get(normalized) or table.get(_base(normalized))
        if key is not None:
            if i == 0:
                return (key,)  # the whole text is a known spelling
            if key not in found:
                found.append(key)
    return tuple(found)


def match_label(text: str, table: Mapping[str, str]) -> str | None:
    """The first key of ``table`` a header cell names (see :func:`label_keys`); None when none matches."""
    keys = label_keys(text, table)
    return keys[0] if keys else None


@functools.lru_cache(maxsize=4096)
def header_keys(text: str) -> tuple[str, ...]:
    """The catalog fields a header cell names: one, none, or (a cell such as "学历\nExperience" whose
    parts name different fields) several. Remembered per text: header detection asks about each cell
    of the first rows two or three times (alone, as a group, as a sub-header)."""
    return label_keys(text, _TABLE)


def match_header(text: str) -> str | None:
    """The catalog field a header cell names, or None (also when it names two fields). Accepts Chinese,
    English or both."""
    keys = header_keys(text)
    return keys[0] if len(keys) == 1 else None


def not_a_catalog(header: Header, where_en: str, where_zh: str) -> tuple[str, str]:
    """(en, zh) for a table that has some catalog columns but too few to be a catalog.

    Names the catalog columns found and the required ones missing, and points at ``codes suggest``
    for a list of job titles without codes.
    """
    found = [k for k in FIELDS if k in header.columns]
    zh_found = "、".join(FIELD_LABELS[k][0] for k in found)
    en_found = ", ".join(FIELD_LABELS[k][1] for k in found)
    zh_missing = "、".join(FIELD_LABELS[k][0] for k in header.missing)
    en_missing = ", ".join(FIELD_LABELS[k][1] for k in header.missing)
    row = header.rows[0]
    return (
        f"not a catalog table: {where_en} has the catalog columns {en_found} (row {row}) but not "
        f"{en_missing}; a catalog row needs each of them. For job titles without codes, "
        "`catalogtool codes suggest TITLE` finds the subcategory",
        f"不是目录表格：{where_zh}第 {row} 行有目录列 {zh_found}，但缺少 {zh_missing}，目录每一行都须有这些列。"
        "岗位名称还没有代码的，可用 `catalogtool codes suggest 岗位名称` 查找对应小类",
    )


def expected_headers() -> str:
    """A short list of the headers a catalog needs, for error messages."""
    return "、".join(FIELD_LABELS[k][0] for k in REQUIRED_FIELDS)


# ---------------------------------------------------------------------------------------------------
# Header-row detection over a grid


@dataclass(frozen=True)
class Merge:
    """A merged range: 1-based rows, 0-based columns, inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def covers(self, row: int, col: int) -> bool:
        return self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col


@dataclass(frozen=True)
class HeaderColumn:
    """One header column: its 0-based index, the label as written, and the key it maps to.

    ``named`` holds the keys of a header that names several fields (then ``key`` is None).
    """

    index: int
    label: str
    key: str | None
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    """The header found in a sheet: its rows, the column of each key, and what did not map."""

    rows: tuple[int, ...]
    columns: Mapping[str, int]  # canonical key -> 0-based column index
    unknown: tuple[HeaderColumn, ...] = ()
    duplicates: tuple[HeaderColumn, ...] = ()
    ambiguous: tuple[HeaderColumn, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """Required keys with no column."""
        return tuple(k for k in REQUIRED_FIELDS if k not in self.columns)

    @property
    def score(self) -> tuple[int, int]:
        """(required keys found, keys found): how much this looks like the catalog header."""
        return (sum(1 for k in REQUIRED_FIELDS if k in self.columns), len(self.columns))


#: A sheet is a candidate catalog when its header names at least this many required fields.
MIN_REQUIRED = 3

Grid = Sequence[tuple[int, Sequence[CellValue]]]  # (1-based row number, values from column 0)


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(rows: Mapping[int, Sequence[CellValue]], row: int, col: int) -> str:
    values = rows.get(row)
    if values is None or col >= len(values):
        return ""
    return _text(values[col])


def _anchor_text(rows: Mapping[int, Sequence[CellValue]], merges: Sequence[Merge], row: int, col: int) -> str:
    """The text shown at (row, col): its own, or that of a merged range starting in this row.

    A range merged down from a row above (序号 over rows 3-4) belongs to that row's header, so the
    lower row read alone does not borrow it.
    """
    own = _cell(rows, row, col)
    if own:
        return own
    for m in merges:
        if m.first_row == row and m.covers(row, col):
            return _cell(rows, m.first_row, m.first_col)
    return ""


def _build(
    rows: Mapping[int, Sequence[CellValue]], merges: Sequence[Merge], top: int, sub: int | None, width: int
) -> Header:
    columns: dict[str, int] = {}
    unknown: list[HeaderColumn] = []
    duplicates: list[HeaderColumn] = []
    ambiguous: list[HeaderColumn] = []
    group = ""  # a CSV group label ("职业分类,,") spans the empty cells to its right
    for col in range(width):
        top_text = _anchor_text(rows, merges, top, col)
        matched = top_text
        if sub is None:
            label, key = top_text, match_header(top_text)
        else:
            own_top = _cell(rows, top, col)
            sub_text = _cell(rows, sub, col)
            if own_top or any(m.covers(top, col) for m in merges):
                group = top_text
            if sub_text and sub_text != top_text:
                label = f"{group} › {sub_text}" if group else sub_text
                key = match_header(sub_text) or (match_header(group + sub_text) if group else None)
                matched = sub_text
            else:
                label, key = top_text, match_header(top_text)
                group = ""
        if not label:
            continue
        named = header_keys(matched) if key is None else ()
        column = HeaderColumn(col, label, key, named if len(named) > 1 else ())
        if column.named:
            ambiguous.append(column)
        elif key is None:
            unknown.append(column)
        elif key in columns:
            duplicates.append(column)
        else:
            columns[key] = col
    header_rows = (top,) if sub is None else (top, sub)
    return Header(header_rows, columns, tuple(unknown), tuple(duplicates), tuple(ambiguous))


def _is_column_numbers(values: Sequence[CellValue]) -> bool:
    """A row such as 1 2 3 … under the header, numbering the columns (not data)."""
    numbers = [_text(v) for v in values if _text(v)]
    return len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)]


def detect_header(grid: Grid, merges: Sequence[Merge] = ()) -> Header | None:
    """Find the header among the first rows of a sheet: single-row or two-level (group › field).

    ``grid`` holds (row number, values) pairs for the top of the sheet, values indexed from column A.
    Returns the best match (most required keys, then most keys, then fewest header rows, then the
    earliest), or None
    when no row names any field.
    """
    rows = {number: values for number, values in grid}
    numbers = sorted(rows)[:HEADER_SCAN_ROWS]
    width = max((len(v) for v in rows.values()), default=0)
    best: Header | None = None
    best_key = (0, 0, 0)
    for top in numbers:
        if not any(_cell(rows, top, c) for c in range(width)):
            continue
        options = [_build(rows, merges, top, None, width)]
        if top + 1 in rows:
            options.append(_build(rows, merges, top, top + 1, width))
        for header in options:
            # On equal matches a single row wins: a title row above is not a group label.
            key = (*header.score, -len(header.rows))
            if header.score > (0, 0) and key > best_key:
                best, best_key = header, key
    if best is None:
        return None
    after = best.rows[-1] + 1
    if after in rows and _is_column_numbers(rows[after]):
        best = Header((*best.rows, after), best.columns, best.unknown, best.duplicates, best.ambiguous)
    return best
