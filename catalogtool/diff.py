"""Compare two versions of a catalog: rows added, removed, moved to another subcategory, and changed.

Pure functions over normalised rows (:class:`catalogtool.model.CatalogRow`), so two files in any
formats compare the same way. An entry is keyed by (subcategory code, position); several rows with
the same key pair up in order.

What counts as a change: the text as written (``CatalogRow.raw``), compared after
:func:`catalogtool.normalize.fold` (full-width → half-width, whitespace and case ignored), so pure
formatting edits are not changes. A rewording that keeps the meaning ("3年" → "3") *is* reported, marked
``wording_only``, because the published text changed. ``seq`` (序号) is ignored: renumbering is not a
change to the catalog. Occupation codes compare as a set.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from catalogtool.fields import BY_KEY, COMPARED_FIELDS, FIELDS
from catalogtool.model import CatalogRow
from catalogtool.normalize import MEANINGS, fold, split_list

if TYPE_CHECKING:
    pass

# The fields compared between matched rows (COMPARED_FIELDS) and how (Field.diff) come from the field
# table: the entry-key fields and the row number are not compared.
KINDS: tuple[str, ...] = ("added", "removed", "moved", "changed")

# Fields whose meaning a parser can read (Field.diff == "meaning"): equal readings make a change
# "wording only".
_MEANING: Mapping[str, Callable[[str], object]] = {
    f.key: MEANINGS[f.kind] for f in BY_KEY.values() if f.diff == "meaning" and f.kind in MEANINGS
}
_SETS: frozenset[str] = frozenset(f.key for f in BY_KEY.values() if f.diff == "set")


@dataclass(frozen=True)
class EntryKey:
    """What identifies an entry: its subcategory and position, as written in the file."""

    subcategory_code: str
    position: str

    def as_json(self) -> dict[str, str]:
        return {"subcategory_code": self.subcategory_code, "position": self.position}


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new text; ``wording_only`` when both say the same thing."""

    field: str
    old: str
    new: str
    wording_only: bool = False


@dataclass(frozen=True)
class Entry:
    """A row only one version has (added or removed), with its non-empty values."""

    key: EntryKey
    row: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class Change:
    """A row both versions have, with the fields that differ."""

    key: EntryKey
    old_row: int
    new_row: int
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Move:
    """The same position under another subcategory, and any other fields that changed with it."""

    position: str
    old_code: str
    new_code: str
    old_row: int
    new_row: int
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class CatalogDiff:
    """The differences between two versions of a catalog."""

    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    moved: tuple[Move, ...]
    changed: tuple[Change, ...]
    unchanged: int
    old_rows: int
    new_rows: int

    @property
    def differs(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed)

    def by_major(self) -> dict[str, dict[str, int]]:
        """Counts per major category (the first part of the code; moves count under the new one)."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
        for kind, codes in (
            ("added", [e.key.subcategory_code for e in self.added]),
            ("removed", [e.key.subcategory_code for e in self.removed]),
            ("moved", [m.new_code for m in self.moved]),
            ("changed", [c.key.subcategory_code for c in self.changed]),
        ):
            for code in codes:
                counts[major_of(code)][kind] += 1
        return {major: counts[major] for major in sorted(counts)}


def major_of(code: str) -> str:
    """'2-02-10' → '2'; '?' when the code is blank."""
    return code.split("-")[0] or "?"


def row_text(row: CatalogRow) -> dict[str, str]:
    """The row's fields as written (codes normalised), '' for blanks."""
    values = {key: row.raw.get(key, "") for key in FIELDS}
    if row.subcategory_code:
        values["subcategory_code"] = row.subcategory_code
    return values


def _same(key: str, old: str, new: str) -> bool:
    if key in _SETS:
        return sorted(map(fold, split_list(old))) == sorted(map(fold, split_list(new)))
    return fold(old) == fold(new)


def _wording_only(key: str, old: str, new: str) -> bool:
    parse = _MEANING.get(key)
    if parse is None:
        return False
    reading = parse(old)
    return reading is not None and reading == parse(new)


def compare_fields(
    old: Mapping[str, str], new: Mapping[str, str], keys: Iterable[str]
) -> tuple[FieldChange, ...]:
    """The fields among ``keys`` whose text differs beyond formatting."""
    return tuple(
        FieldChange(key, old[key], new[key], _wording_only(key, old[key], new[key]))
        for key in keys
        if not _same(key, old[key], new[key])
    )


def _entry_key(values: Mapping[str, str]) -> tuple[str, str]:
    """(subcategory code, position) as compared: formatting folded away."""
    return (fold(values["subcategory_code"]), fold(values["position"]))


def _content_key(values: Mapping[str, str]) -> tuple[object, ...]:
    """The entry key and every compared field: equal for rows that did not change."""
    return (
        *_entry_key(values),
        *(
            tuple(sorted(map(fold, split_list(values[k])))) if k in _SETS else fold(values[k])
            for k in COMPARED_FIELDS
        ),
    )


def _position_key(values: Mapping[str, str]) -> str | None:
    """The position alone, for moves; a blank position never pairs."""
    return fold(values["position"]) or None


A = TypeVar("A")
B = TypeVar("B")


def pair_in_order(
    old: Sequence[A],
    new: Sequence[B],
    old_key: Callable[[A], Hashable | None],
    new_key: Callable[[B], Hashable | None],
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair items with equal keys, first with first; return the index pairs and the unpaired indexes.
    Items whose key is None are never paired."""
    waiting: dict[Hashable, deque[int]] = defaultdict(deque)
    for index, new_item in enumerate(new):
        key = new_key(new_item)
        if key is not None:
            waiting[key].append(index)
    pairs: list[tuple[int, int]] = []
    left_old: list[int] = []
    for index, old_item in enumerate(old):
        key = old_key(old_item)
        queue = waiting.get(key) if key is not None else None
        if queue:
            pairs.append((index, queue.popleft()))
        else:
            left_old.append(index)
    paired = {b for _, b in pairs}
    return pairs, left_old, [i for i in range(len(new)) if i not in paired]


def pair_in_stages(
    old: Sequence[A], new: Sequence[A], keys: Sequence[Callable[[A], Hashable | None]]
) -> tuple[list[list[tuple[int, int]]], list[int], list[int]]:
    """Pair items by each key in turn, each stage among what the earlier ones left; return the index
    pairs of every stage and the indexes left unpaired at the end."""
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    stages: list[list[tuple[int, int]]] = []
    for key in keys:
        pairs, rest_old, rest_new = pair_in_order(
            [old[i] for i in left_old], [new[i] for i in left_new], key, key
        )
        stages.append([(left_old[a], left_new[b]) for a, b in pairs])
        left_old, left_new = [left_old[a] for a in rest_old], [left_new[b] for b in rest_new]
    return stages, left_old, left_new


def _entry(row: CatalogRow, values: Mapping[str, str]) -> Entry:
    kept = {k: v for k, v in values.items() if v and k != "seq"}
    return Entry(EntryKey(values["subcategory_code"], values["position"]), row.number, kept)


def diff_catalogs(old: Sequence[CatalogRow], new: Sequence[CatalogRow]) -> CatalogDiff:
    """Compare two versions' rows: added, removed, moved (same position, other subcategory), changed.

    Rows pair up in three passes: identical rows first (so duplicates pair with their twins), then
    rows with the same subcategory and position, then rows with the same position (moves).
    """
    old_text = [row_text(r) for r in old]
    new_text = [row_text(r) for r in new]
    (same, keyed, by_position), left_old, left_new = pair_in_stages(
        old_text, new_text, (_content_key, _entry_key, _position_key)
    )

    changed: list[Change] = []
    for o, n in keyed:
        fields = compare_fields(old_text[o], new_text[n], COMPARED_FIELDS)
        if fields:
            key = EntryKey(new_text[n]["subcategory_code"], new_text[n]["position"])
            changed.append(Change(key, old[o].number, new[n].number, fields))
    moved = [
        Move(
            position=new_text[n]["position"],
            old_code=old_text[o]["subcategory_code"],
            new_code=new_text[n]["subcategory_code"],
            old_row=old[o].number,
            new_row=new[n].number,
            fields=compare_fields(old_text[o], new_text[n], COMPARED_FIELDS),
        )
        for o, n in by_position
    ]
    return CatalogDiff(
        added=tuple(_entry(new[i], new_text[i]) for i in left_new),
        removed=tuple(_entry(old[i], old_text[i]) for i in left_old),
        moved=tuple(sorted(moved, key=lambda m: m.new_row)),
        changed=tuple(sorted(changed, key=lambda c: c.new_row)),
        unchanged=len(same) + len(keyed) - len(changed),
        old_rows=len(old),
        new_rows=len(new),
    )
