"""What ``catalogtool fix`` would change: the repairs findings carry, as one edit per cell (no I/O).

A finding of a rule that declares a fix carries a :class:`~catalogtool.model.Repair`: the cells of its
row to rewrite and whether that is safe (the value means exactly what the drafter meant) or unsafe (a
likely repair a person should confirm). :func:`plan` picks the repairs asked for and settles them into
one change per cell: when two repairs want the same cell, the first in report order wins and the other
is set aside, so a run never writes a cell twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from catalogtool.model import Finding, Location


@dataclass(frozen=True)
class CellChange:
    """One cell to rewrite: where (sheet, Excel row or CSV line, column letter; in a YAML draft the line
    of the key and no column), which field, the new text, the rule whose repair it is and whether that
    repair is safe. ``old`` is filled in by the writer. ``seen`` is the text the finding saw in the cell
    (None when the repair writes another cell than the finding's): where a line holds several YAML
    entries, it tells which one the change is for."""

    sheet: str | None
    row: int
    column: str
    field: str
    new: str
    rule: str
    safe: bool
    old: str | None = None
    seen: str | None = None

    @property
    def place(self) -> tuple[str | None, int, str]:
        """The cell: sheet, row and column letter (YAML: the key, as YAML has no columns)."""
        return (self.sheet, self.row, self.column or self.field)

    def describe(self, lang: str = "en") -> str:
        """``目录!B7``, ``B7`` (CSV) or ``line 7 subcategory_code`` (YAML, where there are no columns)."""
        if self.column == "":
            return f"{Location('', row=self.row, kind='line').describe(lang)} {self.field}"
        return Location("", self.sheet, self.row, self.column).describe(lang)


@dataclass(frozen=True)
class Plan:
    """The changes to make, and the repairs left out (unsafe without --unsafe-fixes, rules not asked
    for, conflicting with an earlier repair of the same cell, or with no column to write into)."""

    changes: tuple[CellChange, ...]
    unsafe_skipped: int
    conflicts: int
    no_column: int


def plan(findings: Iterable[Finding], *, unsafe: bool = False, rules: Sequence[str] = ()) -> Plan:
    """The changes the repairs of ``findings`` make. ``rules``: only these rule ids or slugs (all when
    empty). In a YAML draft an edit is placed by its key and the key's line (``Edit.line``)."""
    wanted = {r.strip().lower() for r in rules}
    changes: dict[tuple[str | None, int, str], CellChange] = {}
    unsafe_skipped = conflicts = no_column = 0
    for f in sorted(findings, key=Finding.sort_key):
        repair, row = f.fix, f.location.row
        if repair is None or row is None:
            continue
        if wanted and f.rule.lower() not in wanted and f.slug not in wanted:
            continue
        if not repair.safe and not unsafe:
            unsafe_skipped += 1
            continue
        for edit in repair.edits:
            at, column = (row, edit.column) if edit.line is None else (edit.line, edit.field)
            if column is None:
                no_column += 1
                continue
            change = CellChange(
                f.location.sheet,
                at,
                column if edit.line is None else "",
                edit.field,
                edit.value,
                f.rule,
                repair.safe,
                seen=f.value if edit.field == f.location.field else None,
            )
            key = (f.location.sheet, at, column)
            earlier = changes.get(key)
            if earlier is None:
                changes[key] = change
            elif earlier.new != change.new:
                conflicts += 1
    ordered = sorted(changes.values(), key=lambda c: (c.row, c.column, c.field))
    return Plan(tuple(ordered), unsafe_skipped, conflicts, no_column)
