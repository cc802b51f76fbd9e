"""Cross-row rules (CT4xx): duplicates and numbering across the whole catalog.

The checker keeps only small keys per row, so memory stays flat however long the catalog is.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import cast

from catalogtool.model import CatalogRow, Finding, Location, row_words
from catalogtool.normalize import fold
from catalogtool.rules.checks import CrossRowCheck
from catalogtool.rules.context import RowContext
from catalogtool.rules.registry import Rule

DUPLICATE = Rule(
    id="CT401",
    slug="duplicate-entry",
    severity="error",
    title_en="Duplicate entry",
    title_zh="重复条目",
    message_en="Same subcategory {code} and position {position!r} as {first}",
    message_zh="与{first_zh}的小类 {code} 和岗位“{position}”重复",
    hint_en="Merge the two rows or tell the positions apart",
    hint_zh="请合并两行，或区分岗位名称",
    explanation_en="A (subcategory, position) pair identifies an entry of the catalog. Two rows with the same "
    "pair are either a copy-paste slip or two requirement sets for one post, which reviewers cannot apply.",
    explanation_zh="“小类 + 岗位”唯一确定目录中的一个条目。两行相同要么是复制错误，要么是同一岗位两套要求，审核无法适用。",
    example_en="row 20 repeats row 12",
    example_zh="第 20 行与第 12 行重复",
)
SEQ_DUPLICATE = Rule(
    id="CT402",
    slug="seq-duplicate",
    severity="warning",
    title_en="Duplicate sequence number",
    title_zh="序号重复",
    message_en="No. {seq} is used again (first at {first})",
    message_zh="序号 {seq} 重复（首次出现在{first_zh}）",
    hint_en="Renumber the rows",
    hint_zh="请重新编号",
    explanation_en="Sequence numbers are how reviewers refer to entries; each must be unique.",
    explanation_zh="序号是审核时引用条目的依据，应唯一。",
    example_en="1, 2, 2, 3",
    example_zh="1, 2, 2, 3",
)
SEQ_GAP = Rule(
    id="CT403",
    slug="seq-gap",
    severity="info",
    title_en="Gap in sequence numbers",
    title_zh="序号不连续",
    message_en="No. {seq} follows No. {previous}",
    message_zh="序号 {seq} 紧接在序号 {previous} 之后",
    hint_en="Renumber the rows after deleting some",
    hint_zh="删除行后请重新编号",
    explanation_en="A gap usually means rows were deleted without renumbering. Harmless, but the published "
    "catalog should be numbered 1, 2, 3 …",
    explanation_zh="序号不连续通常是删除行后未重新编号，不影响使用，但正式发布的目录应连续编号。",
    example_en="1, 2, 4",
    example_zh="1, 2, 4",
)
SEQ_NOT_NUMBER = Rule(
    id="CT404",
    slug="seq-not-number",
    severity="warning",
    title_en="Sequence number is not a whole number",
    title_zh="序号不是整数",
    message_en="No. {value!r} is not a whole number",
    message_zh="序号“{value}”不是整数",
    hint_en="Use 1, 2, 3 …",
    hint_zh="请使用 1、2、3……",
    explanation_en="The sequence column holds whole numbers.",
    explanation_zh="序号列应为整数。",
    example_en="一",
    example_zh="一",
)
POSITION_TWICE = Rule(
    id="CT405",
    slug="position-in-two-subcategories",
    severity="warning",
    title_en="Same position under two subcategories",
    title_zh="同一岗位出现在两个小类下",
    message_en="Position {position!r} is also listed under {other} ({first})",
    message_zh="岗位“{position}”也列在小类 {other} 下（{first_zh}）",
    hint_en="Keep the post under the subcategory that fits it best, or name the positions apart",
    hint_zh="请将岗位归入最合适的小类，或区分岗位名称",
    explanation_en="One post normally maps to one subcategory; the same title under two suggests one of them "
    "is misclassified.",
    explanation_zh="一个岗位通常只对应一个小类；同名岗位出现在两个小类下，往往其中一个归类有误。",
    example_en="数据工程师 under 2-02-10 and 2-02-38",
    example_zh="数据工程师 同时出现在 2-02-10 和 2-02-38 之下",
)


def _first(rule: Rule, loc: Location, line: int, value: str, **params: object) -> Finding:
    """A finding of ``rule`` at ``loc`` about a value first seen at ``line`` (a row or a YAML/JSON line
    as ``loc`` is): ``{first}`` / ``{first_zh}`` say where (``row 12`` / ``第 12 行``, ``line 12``)."""
    first = {"first": row_words(loc.kind, line, "en"), "first_zh": row_words(loc.kind, line, "zh")}
    return rule.render(loc, value, params | first)


_CODE = attrgetter("subcategory_code")
_POSITION = attrgetter("position")
_SEQ = attrgetter("seq")
_SECTION = attrgetter("section")


def _where(row: CatalogRow, field: str) -> int:
    """The row or line ``row.location(…, field)`` names, without making the location."""
    lines = row.lines
    return row.number if lines is None else lines.get(field, row.number)


@dataclass
class _Entries:
    """Same (subcategory, position) twice; the same position under two subcategories.

    What is kept per key is where its position was first seen (an Excel row, or a YAML/JSON line).
    Rows are told apart by order, not number: entries of a one-line JSON document share a line.
    """

    ctx: RowContext
    _entries: dict[tuple[str, str], int] = field(default_factory=dict)
    _positions: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __call__(self, rows: Sequence[CatalogRow]) -> dict[int, list[Finding]]:
        codes = list(map(_CODE, rows))
        folded = list(map(fold, map(_POSITION, rows)))
        if self._all_new(rows, codes, folded):
            return {}
        found: dict[int, list[Finding]] = {}
        entries, positions = self._entries, self._positions
        for i, (row, code, position) in enumerate(zip(rows, codes, folded, strict=True)):
            if not (code and position):
                continue
            first = entries.get((code, position))
            if first is not None:
                loc = self.ctx.at(row, "position")  # made only for a finding: this runs for every row
                found[i] = [_first(DUPLICATE, loc, first, row.position, code=code, position=row.position)]
                continue
            at = _where(row, "position")
            entries[(code, position)] = at
            other_code, other_row = positions.setdefault(position, (code, at))
            if other_code != code:
                loc = self.ctx.at(row, "position")
                found[i] = [
                    _first(
                        POSITION_TWICE, loc, other_row, row.position, position=row.position, other=other_code
                    )
                ]
        return found

    def _all_new(self, rows: Sequence[CatalogRow], codes: list[str | None], folded: list[str]) -> bool:
        """Record the rows at once when each position (of a row with a code) is new, seen neither before
        nor in another of the rows: the loop would report nothing (an entry seen before has its position
        seen before). False, nothing recorded, otherwise. Drafts list distinct positions, mostly."""
        keep = list(map(all, zip(codes, folded, strict=True)))  # rows with a code and a position
        kept = cast("list[str]", list(itertools.compress(codes, keep)))
        positions = list(itertools.compress(folded, keep))
        if len(set(positions)) != len(positions) or not self._positions.keys().isdisjoint(positions):
            return False
        at = list(map(_where, itertools.compress(rows, keep), itertools.repeat("position")))
        self._entries.update(zip(zip(kept, positions, strict=True), at, strict=True))
        self._positions.update(zip(positions, zip(kept, at, strict=True), strict=True))
        return True


@dataclass
class _Sequence:
    """Sequence numbers: whole numbers, unique, without gaps; numbering that restarts at 1 under a new
    section heading (一、… 1, 2, 3; 二、… 1, 2) starts a new sequence."""

    ctx: RowContext
    _seqs: dict[int, int] = field(default_factory=dict)
    _previous_seq: int | None = None
    _section: int = 0

    def __call__(self, rows: Sequence[CatalogRow]) -> dict[int, list[Finding]]:
        if self._numbered_on(rows):
            return {}
        found: dict[int, list[Finding]] = {}
        for i, row in enumerate(rows):
            text = row.raw.get("seq", "")
            if not text:
                continue
            seq = row.seq
            if seq is None:
                found[i] = [SEQ_NOT_NUMBER.finding(self.ctx.at(row, "seq"), value=text)]
                continue
            if row.section != self._section:
                self._section = row.section
                if seq == 1:
                    self._seqs, self._previous_seq = {}, None
            first = self._seqs.get(seq)
            previous, self._previous_seq = self._previous_seq, seq
            # Locations are made only for a finding: this runs for every row.
            if first is not None:
                found[i] = [_first(SEQ_DUPLICATE, self.ctx.at(row, "seq"), first, text, seq=seq)]
            else:
                self._seqs[seq] = _where(row, "seq")
                if previous is not None and seq > previous + 1:
                    at = self.ctx.at(row, "seq")
                    found[i] = [SEQ_GAP.finding(at, value=text, seq=seq, previous=previous)]
        return found

    def _numbered_on(self, rows: Sequence[CatalogRow]) -> bool:
        """Record the rows at once when they are numbered on from the previous row, one by one, under the
        same heading (n+1, n+2, …, none seen before): the loop would report nothing. False, nothing
        recorded, otherwise."""
        seqs = list(map(_SEQ, rows))
        if not seqs:
            return True
        first, previous = seqs[0], self._previous_seq
        if None in seqs or (previous is not None and first != previous + 1):
            return False
        if seqs != list(range(first, first + len(seqs))) or not self._seqs.keys().isdisjoint(seqs):
            return False
        if list(map(_SECTION, rows)).count(self._section) != len(rows):
            return False
        if not all(row.raw.get("seq") for row in rows):  # a number read from nothing: not from a draft
            return False
        self._seqs.update(zip(seqs, map(_where, rows, itertools.repeat("seq")), strict=False))
        self._previous_seq = seqs[-1]
        return True


SEQUENCE_CHECK = CrossRowCheck(
    name="sequence", rules=(SEQ_NOT_NUMBER, SEQ_DUPLICATE, SEQ_GAP), reads=("seq",), start=_Sequence
)
ENTRIES_CHECK = CrossRowCheck(
    name="entries", rules=(DUPLICATE, POSITION_TWICE), reads=("subcategory_code", "position"), start=_Entries
)
