"""What row rules need to know about the input they check, and where to point their findings.

Row rules decide in two steps: a verdict (a tuple of :class:`Issue`) that depends only on cell
values, and its placement at a row. Catalog rows repeat the same codes and requirements many times,
so verdicts are memoised per run (``RowContext.memo``) and only placement is done per row.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from catalogtool.model import Finding, Location

if TYPE_CHECKING:
    from catalogtool.codes import CodeList
    from catalogtool.model import CatalogRow
    from catalogtool.rules.competency import CompetencyChecker
    from catalogtool.rules.registry import Rule

T = TypeVar("T")
_MEMO_LIMIT = 50_000
#: Verdicts by key; shareable between files checked with the same code list, schema and options.
Memo = dict[Hashable, object]


@dataclass(frozen=True)
class Issue:
    """A rule's verdict on some cell values, not yet placed at a row."""

    rule: Rule
    field: str | None
    value: str | None
    params: tuple[tuple[str, object], ...] = ()
    edits: tuple[tuple[str, str], ...] = ()  # (field, new text) of the rule's repair, in the same row

    def at(self, ctx: RowContext, row: CatalogRow) -> Finding:
        edits = tuple(row.edit(key, text) for key, text in self.edits)
        return self.rule.render(ctx.at(row, self.field), self.value, dict(self.params), edits=edits)


def issue(
    rule: Rule,
    where: str | None,
    value: str | None,
    /,
    edits: tuple[tuple[str, str], ...] = (),
    **params: object,
) -> Issue:
    """An :class:`Issue` of ``rule`` about field ``where`` holding ``value``, with message parameters and,
    for a rule that can repair, the ``edits`` its repair makes in the row: (field, new text)."""
    return Issue(rule, where, value, tuple(params.items()), edits)


@dataclass(frozen=True)
class RowContext:
    """The file being checked, its column letters per field, the code list, the competency schema (None
    when no active check needs it), and the run's memo."""

    file: str
    sheet: str | None
    columns: dict[str, str]
    codes: CodeList
    competency: CompetencyChecker | None = None
    _memo: Memo = field(default_factory=dict, compare=False, repr=False)
    #: The fields the input has a column for, hashable (part of every row check's memo key: see
    #: RowCheck.memo_key). A frozenset keeps its hash, so the key costs no more for it.
    column_keys: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_keys", frozenset(self.columns))

    def at(self, row: CatalogRow, field: str | None = None) -> Location:
        """The location of ``field`` in ``row``: its cell (the row itself when the field has no column),
        or in a YAML/JSON entry the line of its key (:meth:`CatalogRow.location`)."""
        return row.location(self.file, self.sheet, field)

    def place(self, issues: tuple[Issue, ...], row: CatalogRow) -> list[Finding]:
        """Findings for ``issues`` at ``row``."""
        return [i.at(self, row) for i in issues]

    def recall(self, key: Hashable) -> object | None:
        """What the memo holds for ``key`` (None when nothing: memoised values are never None)."""
        return self._memo.get(key)

    def recall_all(self, keys: Iterable[Hashable]) -> list[object | None]:
        """``recall`` of each key, at C speed (a batch of rows: see validate.py)."""
        return list(map(self._memo.get, keys))

    def remember(self, key: Hashable, value: T) -> T:
        """Keep ``value`` for ``key`` (while the memo is within its bound); returns it."""
        if len(self._memo) < _MEMO_LIMIT:
            self._memo[key] = value
        return value

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key in this run (bounded, so a hostile file cannot grow it)."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            value = compute()
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[key] = value
            return value
