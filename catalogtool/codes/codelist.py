"""The code list: look-up, levels, families, nearest codes and the search/suggest entry points."""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from catalogtool.codes.model import BASE_EDITION, Code, code_key
from catalogtool.codes.normalise import normalize_code

if TYPE_CHECKING:
    from catalogtool.codes.search import Suggestion, _Matcher

# catalogtool.codes.search (its classes, regexes and scoring) is imported by the methods that use it:
# checking a catalog whose codes all exist never does.

# A code as nearest() compares it: (code, its parts, its digits, its sort key).
_Shape = tuple[Code, tuple[str, ...], str, tuple[int, ...]]


class CodeList:
    """The classification a catalog is checked against: the base edition plus amendment layers."""

    def __init__(
        self, codes: Iterable[Code], label: str, label_zh: str | None = None, *, ordered: bool = False
    ) -> None:
        """``ordered``: ``codes`` are already in classification order (a compile of a list is)."""
        ordered_codes = list(codes) if ordered else sorted(codes, key=lambda c: code_key(c.code))
        self.label = label
        #: The same, as a Chinese document names it: 《职业分类大典（2022年版）》及2024年7月增补职业.
        self.label_zh = label_zh or label
        self._codes: dict[str, Code] = {c.code: c for c in ordered_codes}
        children: dict[str, list[Code]] = defaultdict(list)
        levels: dict[int, list[Code]] = defaultdict(list)
        for code in ordered_codes:
            levels[code.level].append(code)
            if code.parent is not None:
                children[code.parent].append(code)
        self._children = dict(children)
        self._levels = dict(levels)

    def get(self, code: str) -> Code | None:
        """The entry for a canonical code (use :func:`normalize_code` on dirty input first)."""
        return self._codes.get(code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes.values())

    @property
    def editions(self) -> tuple[str, ...]:
        """The amendment batches present besides the base edition, in order."""
        return tuple(sorted({c.edition for c in self._codes.values()} - {BASE_EDITION}))

    def by_level(self, level: int) -> list[Code]:
        """All codes of one level (1 major … 4 occupation), in code order."""
        return list(self._levels.get(level, ()))

    def children(self, code: str) -> list[Code]:
        """The codes directly under ``code``, in code order."""
        return list(self._children.get(code, ()))

    def descendants(self, code: str) -> list[Code]:
        """Every code under ``code`` at any depth, in code order."""
        prefix = code + "-"
        return [c for c in self._codes.values() if c.code.startswith(prefix)]

    def starting_with(self, prefix: str) -> list[str]:
        """Codes of the level of ``prefix`` whose text starts with it: 2-02-3 → 2-02-30 … 2-02-39."""
        return list(self._by_unfinished.get(prefix, ()))

    @functools.cached_property
    def _by_unfinished(self) -> dict[str, list[str]]:
        """Every code under its text less the last digit (2-02-38 under 2-02-3), in code order."""
        found: dict[str, list[str]] = defaultdict(list)
        for code in self._codes:
            if "-" in code:
                found[code[:-1]].append(code)
        return dict(found)

    def ancestors(self, code: str) -> list[Code]:
        """The parent chain of ``code``, nearest first (empty for unknown codes and major groups)."""
        chain: list[Code] = []
        entry = self._codes.get(code)
        while entry is not None and entry.parent is not None:
            entry = self._codes.get(entry.parent)
            if entry is not None:
                chain.append(entry)
        return chain

    def subcategory_of(self, code: str) -> str | None:
        """The subcategory of an occupation, a subcategory itself; None for other or unknown codes."""
        entry = self._codes.get(code)
        if entry is None or entry.level < 3:
            return None
        return entry.code if entry.level == 3 else entry.parent

    def nearest(self, code: str, n: int = 5, level: int | None = None) -> list[Code]:
        """Existing codes closest to a wrong one, for 'did you mean' hints.

        Compares digit strings at ``level`` (default: the level the input's shape suggests):
        fewest typos first (a swap of two neighbouring digits counts as one), then the longest
        shared prefix of parts, then numeric closeness.
        """
        from catalogtool.codes.search import _fold, _one_typo_away, _typos

        normalized = normalize_code(code, self).code
        if normalized is None:
            digits = "".join(ch for ch in _fold(code) if ch.isdigit())
            parts = [digits[:1], digits[1:3], digits[3:5], digits[5:7]]
            normalized = "-".join(p for p in parts if p)
        if not normalized or n <= 0:
            return []
        given = normalized.split("-")
        target_level = level or len(given)
        if target_level not in self._levels:
            return []
        given = given[:target_level]
        digits = "".join(given)

        def key(shape: _Shape) -> tuple[int, int, int, tuple[int, ...]]:
            _, parts, own, order = shape
            own = own[: len(digits)]
            typos = _typos(digits, own)
            shared = 0
            while shared < len(given) and given[shared] == parts[shared]:
                shared += 1
            gap = abs(int(parts[shared]) - int(given[shared])) if shared < len(given) else 0
            return (typos, -shared, gap, order)

        shapes = self._shapes[target_level]
        pool: Iterable[_Shape] = shapes.values()
        if len(digits) == len(next(iter(shapes))):
            # Usually enough codes lie one typo away; only otherwise is every code compared.
            close = [shapes[d] for d in _one_typo_away(digits) if d in shapes]
            if len(close) >= n:
                pool = close
        return [shape[0] for shape in heapq.nsmallest(n, pool, key=key)]

    @functools.cached_property
    def _shapes(self) -> dict[int, dict[str, _Shape]]:
        """Per level, by digits without dashes (2-02-10 → 20210): what :meth:`nearest` compares."""
        return {
            level: {
                c.code.replace("-", ""): (
                    c,
                    tuple(c.code.split("-")),
                    c.code.replace("-", ""),
                    code_key(c.code),
                )
                for c in codes
            }
            for level, codes in self._levels.items()
        }

    @functools.cached_property
    def _matcher(self) -> _Matcher:
        from catalogtool.codes.search import _Matcher

        return _Matcher(self._codes.values())

    def search(self, text: str, limit: int = 20) -> list[tuple[Code, float]]:
        """Codes matching ``text`` by code prefix, name, alias, definition or tasks, best first.

        A code lists itself, then what lies under it; an unfinished code lists what it starts
        (2-02-1 → 2-02-10 … 2-02-19, then their occupations), see :func:`normalize_code`.

        Scores run from 1.0 (exact code or name) down; Chinese text is matched by characters and
        character bigrams weighted by rarity, so 集成电路设计 finds 集成电路工程技术人员.
        """
        query = text.strip()
        if not query or limit <= 0:
            return []
        scores: dict[str, float] = {}
        normalized = normalize_code(query, self)
        if normalized.code is not None and normalized.name is None:
            for entry in self._codes.values():
                if entry.code == normalized.code:
                    scores[entry.code] = 1.0
                elif entry.code.startswith(normalized.code + "-"):
                    depth = entry.level - normalized.code.count("-") - 1
                    scores[entry.code] = 0.9 - 0.05 * depth
        elif normalized.prefix is not None:
            # 2-02-1 lists 2-02-10 … 2-02-19 first, then what lies under them.
            for code in self.starting_with(normalized.prefix):
                scores[code] = 0.9
                for entry in self.descendants(code):
                    scores[entry.code] = 0.9 - 0.05 * (entry.level - self._codes[code].level)
        if not scores:
            scores = self._matcher.search(query)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], code_key(kv[0])))
        return [(self._codes[code], round(score, 4)) for code, score in ranked[:limit]]

    def suggest(self, title: str, limit: int = 5) -> list[Suggestion]:
        """Codes that fit a free-text job title (e.g. 芯片设计工程师), best first, with reasons.

        Evidence is the official name, the job-title aliases, the definition and the tasks, compared
        by characters and character bigrams weighted by how rare they are in the classification.
        Suggestions are subcategories and occupations, the levels a catalog row names. A subcategory
        also earns the evidence of its occupations (临床医生 → 2-05-01 临床和口腔医师, whose
        occupations it fits); a medium group that matches (英语教师 is an alias of 2-08 教学人员) is
        replaced by its best-fitting subcategories. Residual 其他 groups are never suggested.
        """
        if limit <= 0:
            return []
        found = {s.code.code: s for s in self._matcher.suggest(title)}
        self._add_families(found)
        self._expand_groups(found)
        results = sorted(found.values(), key=lambda s: (-s.score, code_key(s.code.code)))
        return results[:limit]

    def _add_families(self, found: dict[str, Suggestion]) -> None:
        """Score each subcategory by its best-fitting occupations where that beats its own score."""
        from catalogtool.codes.search import _FAMILY_FACTOR, _MIN_SCORE, Evidence, _suggestion

        members: dict[str, list[Suggestion]] = defaultdict(list)
        for suggestion in found.values():
            if suggestion.code.level == 4 and suggestion.code.parent is not None:
                members[suggestion.code.parent].append(suggestion)
        for parent, occupations in members.items():
            entry = self._codes.get(parent)
            if entry is None or entry.level != 3 or entry.residual:
                continue
            occupations.sort(key=lambda s: (-s.score, code_key(s.code.code)))
            best = occupations[:2]
            score = round(_FAMILY_FACTOR * sum(s.score for s in best) / 2, 4)
            own = found.get(parent)
            if score < _MIN_SCORE or (own is not None and own.score >= score):
                continue
            evidence = [
                Evidence("occupation", f"{s.code.code} {s.code.name}", s.evidence[0].matched) for s in best
            ]
            found[parent] = _suggestion(entry, score, (*evidence, *(own.evidence if own else ())))

    def _expand_groups(self, found: dict[str, Suggestion]) -> None:
        """Replace each medium group by its best-fitting subcategories, just below the group's score."""
        from catalogtool.codes.search import _EXPANDED_DECAY, _EXPANDED_SUBCATEGORIES, Evidence, _suggestion

        for code in [c for c, s in found.items() if s.code.level < 3]:
            group = found.pop(code)
            subcategories = [c for c in self.descendants(code) if c.level == 3 and not c.residual]
            subcategories.sort(
                key=lambda c: (-found[c.code].score if c.code in found else 0.0, code_key(c.code))
            )
            via = Evidence("parent", f"{group.code.code} {group.code.name}", group.evidence[0].matched)
            for rank, entry in enumerate(subcategories[:_EXPANDED_SUBCATEGORIES], start=1):
                score = round(group.score * _EXPANDED_DECAY**rank, 4)
                own = found.get(entry.code)
                if own is None or own.score < score:
                    found[entry.code] = _suggestion(entry, score, (via, *(own.evidence if own else ())))
