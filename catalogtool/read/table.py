"""What every reader reports about a header it found: missing, unknown and duplicate columns."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from catalogtool.fields import FIELD_LABELS
from catalogtool.model import Finding, Location, column_letter
from catalogtool.read.headers import Header
from catalogtool.rules.file import (
    AMBIGUOUS_COLUMN,
    DUPLICATE_COLUMN,
    MISSING_COLUMNS,
    NO_DATA_ROWS,
    UNKNOWN_COLUMN,
)

# Zero-width characters are not whitespace to str.strip() but are just as invisible in a cell.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def is_blank(value: object) -> bool:
    """True for a cell a person sees as empty: None, "" or only spaces (any Unicode whitespace,
    full-width \u3000 and no-break spaces included) and zero-width characters. Every reader drops
    such cells, so a row of them is skipped like an empty row."""
    if value is None:
        return True
    if type(value) is not str:
        return False
    # Fast path, run for every cell: text that starts with a visible character is not blank.
    if value and not value[0].isspace() and ord(value[0]) not in _INVISIBLE:
        return False
    return not value.translate(_INVISIBLE).strip()


_INVISIBLE_CHARS = frozenset(map(chr, _INVISIBLE))


def no_blank(stripped: Sequence[str]) -> bool:
    """Whether none of these texts, each ``str.strip()``-ed, is blank (``is_blank``), at C speed: a
    stripped text that is not empty and does not start with a zero-width character is not blank (others
    may not be either: False only means "look one by one")."""
    return all(stripped) and _INVISIBLE_CHARS.isdisjoint(map(itemgetter(0), stripped))


def column_letters(header: Header) -> dict[str, str]:
    """Canonical key → column letter, in column order."""
    return {key: column_letter(i) for key, i in sorted(header.columns.items(), key=lambda kv: kv[1])}


def missing_columns_finding(file: str, sheet: str | None, missing: Sequence[str]) -> Finding:
    """The one file-level error naming every required field without a column."""
    zh = [FIELD_LABELS[k][0] for k in missing]
    en = [FIELD_LABELS[k][1] for k in missing]
    both = ", ".join(f"{z} / {e}" for z, e in zip(zh, en, strict=True))
    return MISSING_COLUMNS.finding(
        Location(file, sheet),
        value=both,  # labels as the template's header shows them, never the internal keys
        columns=en,
        columns_zh=zh,
        examples=[f"{z} / {e}" for z, e in zip(zh, en, strict=True)],
        examples_zh=[f"“{z}”" for z in zh],
    )


def header_findings(file: str, sheet: str | None, header: Header) -> list[Finding]:
    """Findings about the header itself: one for missing required columns, one per odd column."""
    findings: list[Finding] = []
    if header.missing:
        findings.append(missing_columns_finding(file, sheet, header.missing))
    row = header.rows[-1]
    for col in header.unknown:
        letter = column_letter(col.index)
        findings.append(
            UNKNOWN_COLUMN.finding(
                Location(file, sheet, row, letter),
                value=col.label,
                column=f"Column {letter} ({col.label})",
                column_zh=f"第 {letter} 列（{col.label}）",
            )
        )
    for col in header.ambiguous:
        letter = column_letter(col.index)
        first, second = col.named[0], col.named[1]
        findings.append(
            AMBIGUOUS_COLUMN.finding(
                Location(file, sheet, row, letter),
                value=col.label,
                column=letter,
                label=col.label,
                first=FIELD_LABELS[first][1],
                second=FIELD_LABELS[second][1],
                first_zh=FIELD_LABELS[first][0],
                second_zh=FIELD_LABELS[second][0],
            )
        )
    for col in header.duplicates:
        assert col.key is not None  # duplicates are mapped columns by construction
        letter = column_letter(col.index)
        label_zh, label_en, _ = FIELD_LABELS[col.key]
        findings.append(
            DUPLICATE_COLUMN.finding(
                Location(file, sheet, row, letter, col.key),
                value=col.label,
                column=f"Column {letter} ({col.label})",
                column_zh=f"第 {letter} 列（{col.label}）",
                field=label_en,
                field_zh=label_zh,
                first=f"column {column_letter(header.columns[col.key])}",
                first_zh=f"第 {column_letter(header.columns[col.key])} 列",
            )
        )
    return findings


def no_data_finding(file: str, sheet: str | None, header_row: int | None) -> Finding:
    """The warning for a table with a header and nothing under it."""
    return NO_DATA_ROWS.finding(Location(file, sheet, header_row), header_row=header_row)
