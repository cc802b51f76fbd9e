"""Checks: the code behind the rules, each declaring which rules it reports and what it reads.

Three shapes, one per scope:

* :class:`RowCheck` — a verdict on one row that depends only on the fields it declares (``reads``).
  The verdict is memoised per run under a key made of those fields' values, so the key cannot drift
  from what the check reads: the check sees the row through a :class:`RowView` that refuses any
  field it did not declare.
* :class:`CrossRowCheck` — fed the rows in order (duplicates, numbering); keeps small keys only.
* :class:`CatalogCheck` — once per workspace, over its files and all rows (``validate --province``).

Every check lists the rules it may report; a check whose rules are all set to ``off``
(catalogtool.yaml ``severity:``) does not run. The tuples that list the checks are in
:mod:`catalogtool.rules` (``row_checks()``, ``cross_row_checks()``, ``catalog_checks()``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import is_
from typing import Generic, Protocol, TypeVar, cast

from catalogtool.fields import BY_KEY, CODE_KINDS
from catalogtool.model import CatalogRow, Finding
from catalogtool.rules.context import Issue, RowContext
from catalogtool.rules.registry import Rule, rule_off

S = TypeVar("S")


class UndeclaredField(RuntimeError):
    """A check read a field it does not declare: its memo key would miss it (a programming error)."""


class RowView:
    """The fields of a row that a check declared, as text and as normalised values."""

    __slots__ = ("_check", "_row")

    def __init__(self, row: CatalogRow, check: RowCheck) -> None:
        self._row = row
        self._check = check

    def _declared(self, key: str) -> None:
        if key not in self._check.reads:
            raise UndeclaredField(f"row check {self._check.name!r} reads {key!r}, which it does not declare")

    def text(self, key: str) -> str:
        """The field's text as written ('' when blank or absent); codes as normalised when read."""
        self._declared(key)
        if self._check.presence_only:
            raise UndeclaredField(
                f"row check {self._check.name!r} declares presence only: it may ask filled({key!r}), not its text"
            )
        return self._row.raw.get(key, "")

    def filled(self, key: str) -> bool:
        """Whether the field holds anything (its text is not '')."""
        self._declared(key)
        return bool(self._row.raw.get(key))

    def value(self, key: str) -> object:
        """The field's normalised value: the row's typed attribute, or the text parsed by its kind."""
        self._declared(key)
        if key in CatalogRow._fields:
            return getattr(self._row, key)
        from catalogtool.normalize import parse_field

        return parse_field(key, self._row.raw.get(key, ""))

    def has_column(self, key: str) -> bool:
        """Whether the input has a column for ``key`` (a fact of the file, the same for every row)."""
        return key in self._row.columns


@dataclass(frozen=True)
class RowCheck:
    """A per-row check: its rules, the fields it reads, and its verdict on them.

    ``presence_only``: the verdict depends on whether each declared field is filled, not on its text
    (required fields): the memo key then holds one bool per field, so such a check is judged once per
    pattern of blanks rather than once per row, and the check may ask ``filled(key)`` but not ``text(key)``.
    """

    name: str
    rules: tuple[Rule, ...]
    reads: tuple[str, ...]
    verdict: Callable[[RowView, RowContext], tuple[Issue, ...]]
    presence_only: bool = False
    _typed: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _blanks: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = [k for k in self.reads if k not in BY_KEY]
        if unknown:
            raise ValueError(f"row check {self.name!r} reads unknown fields {unknown}")
        # Codes are resolved from more than their text (an Excel date, the name): their value joins the key.
        typed = () if self.presence_only else tuple(k for k in self.reads if BY_KEY[k].kind in CODE_KINDS)
        object.__setattr__(self, "_typed", typed)
        object.__setattr__(self, "_blanks", ("",) * len(self.reads))

    def memo_key(self, row: CatalogRow, ctx: RowContext | None = None) -> Hashable:
        """What the verdict depends on: the declared fields' texts (their presence only, for a
        ``presence_only`` check) and resolved codes, and which columns the input has (``ctx``;
        ``RowView.has_column`` reads it, and one memo serves every file of a run)."""
        texts = map(row.raw.get, self.reads, self._blanks)  # C-speed: this runs for every row and check
        columns = None if ctx is None else ctx.column_keys
        if self.presence_only:
            return (self.name, columns, *map(bool, texts))
        return (self.name, columns, *texts, *[getattr(row, k) for k in self._typed])

    def memo_keys(self, columns: Columns, ctx: RowContext) -> list[Hashable]:
        """``memo_key`` of each row of a batch, made from its columns with ``zip`` (see run_batch_checks)."""
        if not self.reads:  # pragma: no cover - every check reads some field (zip needs a column)
            return [(self.name, ctx.column_keys)] * columns.count
        texts = [columns.text(k) for k in self.reads]
        fixed = (itertools.repeat(self.name), itertools.repeat(ctx.column_keys))
        if self.presence_only:
            return list(zip(*fixed, *(map(bool, t) for t in texts), strict=False))  # fixed: repeated
        return list(zip(*fixed, *texts, *(columns.value(k) for k in self._typed), strict=False))

    def run(self, row: CatalogRow, ctx: RowContext) -> tuple[Issue, ...]:
        """The verdict for ``row``, computed once per distinct value of the declared fields."""
        return ctx.memo(self.memo_key(row, ctx), lambda: self._verdict(row, ctx))

    def _verdict(self, row: CatalogRow, ctx: RowContext) -> tuple[Issue, ...]:
        issues = self.verdict(RowView(row, self), ctx)
        for i in issues:
            if i.rule not in self.rules:
                raise RuntimeError(f"row check {self.name!r} reported {i.rule.id}, which it does not declare")
        return issues


#: Fed the rows in order, some at a time (a batch, or one row): their findings by index in ``rows``,
#: rows without findings left out.
CrossRowFeed = Callable[[Sequence[CatalogRow]], Mapping[int, list[Finding]]]


@dataclass(frozen=True)
class CrossRowCheck:
    """A check across rows: ``start`` gives the function fed every row in order (CrossRowFeed)."""

    name: str
    rules: tuple[Rule, ...]
    reads: tuple[str, ...]
    start: Callable[[RowContext], CrossRowFeed]


@dataclass(frozen=True)
class CatalogCheck(Generic[S]):
    """A check over a whole workspace (``S`` is what it is given: rules/catalog.py's CatalogScope)."""

    name: str
    rules: tuple[Rule, ...]
    run: Callable[[S], list[Finding]]


class _Declares(Protocol):
    @property
    def rules(self) -> tuple[Rule, ...]: ...


C = TypeVar("C", bound=_Declares)


def active(checks: Iterable[C], overrides: Mapping[str, str]) -> tuple[C, ...]:
    """The checks that have at least one rule not set to ``off``."""
    return tuple(c for c in checks if not all(rule_off(r, overrides) for r in c.rules))


class Columns(Protocol):
    """A batch of rows a column at a time: what ``RowCheck.memo_keys`` reads."""

    @property
    def count(self) -> int:
        """How many rows."""

    def text(self, key: str) -> Sequence[str]:
        """Each row's ``row.raw.get(key, "")``."""

    def value(self, key: str) -> Sequence[object]:
        """Each row's attribute ``key``."""


def run_batch_checks(
    checks: Sequence[RowCheck], rows: Sequence[CatalogRow], columns: Columns, ctx: RowContext
) -> dict[int, list[Finding]]:
    """``run_row_checks`` for each of ``rows`` (the rows of ``columns``), by index, rows without findings
    left out: a check's memo keys are made from the columns and looked up at C speed, and a verdict is
    worked out (and placed) only for the rows that need it."""
    verdicts: list[list[tuple[Issue, ...]]] = []
    for check in checks:
        keys = check.memo_keys(columns, ctx)
        found = cast("list[tuple[Issue, ...] | None]", ctx.recall_all(keys))
        for i in itertools.compress(range(len(found)), map(is_, found, itertools.repeat(None))):
            found[i] = ctx.remember(keys[i], check._verdict(rows[i], ctx))
        verdicts.append(cast("list[tuple[Issue, ...]]", found))
    issues: dict[int, list[Issue]] = {}
    for verdict in verdicts:  # in check order, as run_row_checks
        for i in itertools.compress(range(len(verdict)), verdict):
            issues.setdefault(i, []).extend(verdict[i])
    return {i: ctx.place(tuple(issued), rows[i]) for i, issued in issues.items()}


def run_row_checks(checks: Sequence[RowCheck], row: CatalogRow, ctx: RowContext) -> list[Finding]:
    """Every check's findings for ``row``, placed at its cells (``RowCheck.run`` for each, inlined: this
    runs for every row)."""
    issues: list[Issue] = []
    recall = ctx.recall
    for check in checks:
        key = check.memo_key(row, ctx)
        found = cast("tuple[Issue, ...] | None", recall(key))
        if found is None:
            found = ctx.remember(key, check._verdict(row, ctx))
        if found:
            issues.extend(found)
    return ctx.place(tuple(issues), row) if issues else []
