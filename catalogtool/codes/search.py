"""Search and suggest: free text (a job title) to the codes whose names and definitions match it, with the evidence."""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalogtool.codes.model import Code

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Evidence:
    """Why a suggestion was made: which field of the code matched which parts of the query."""

    kind: str  # "name", "alias", "definition", "tasks"; "occupation" / "parent" for a related code
    text: str  # the matching name or alias, or "code name" of the related code ("" for definition/tasks)
    matched: tuple[str, ...]  # the shared pieces of the query, longest first

    def describe(self, lang: str = "en") -> str:
        """A short sentence for people: 'alias 射频芯片设计 shares 芯片设计' / '常用岗位名 射频芯片设计 含「芯片设计」'."""
        subject = (
            f"{_EVIDENCE_ZH[self.kind] if lang == 'zh' else self.kind}{' ' + self.text if self.text else ''}"
        )
        if lang == "zh":
            return f"{subject} 含「{'、'.join(self.matched)}」"
        verb = "mentions" if self.kind in ("definition", "tasks") else "shares"
        return f"{subject} {verb} {'、'.join(self.matched)}"


_EVIDENCE_ZH: Mapping[str, str] = {
    "name": "名称",
    "alias": "常用岗位名",
    "definition": "定义",
    "tasks": "主要工作任务",
    "occupation": "下设职业",
    "parent": "上级类别",
}


@dataclass(frozen=True)
class Suggestion:
    """A code proposed for a free-text job title, with the evidence for it."""

    code: Code
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()


_RUN = re.compile(r"[0-9a-z]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def grams(text: str) -> frozenset[str]:
    """Search terms of a text: Chinese characters and character bigrams, whole Latin words and
    numbers ('fpga', 'ic'). Full-width and upper-case forms fold to half-width lower case."""
    out: set[str] = set()
    for run in _RUN.findall(_fold(text)):
        if run.isascii():
            out.add(run)
        else:
            out.update(run)
            out.update(map(operator.add, run, run[1:]))
    return frozenset(out)


def _is_char(term: str) -> bool:
    return len(term) == 1 and not term.isascii()


def _shared_pieces(query: str, matched: frozenset[str]) -> tuple[str, ...]:
    """Merge the matched bigrams back into the longest pieces of the query they cover."""
    pieces: list[str] = []
    for run in _RUN.findall(_fold(query)):
        if run.isascii() or len(run) == 1:
            if run in matched:
                pieces.append(run)
            continue
        start: int | None = None
        for i in range(len(run)):
            hit = i < len(run) - 1 and run[i : i + 2] in matched
            if hit and start is None:
                start = i
            if not hit and start is not None:
                pieces.append(run[start : i + 1])
                start = None
    unique = list(dict.fromkeys(pieces))
    return tuple(sorted(unique, key=lambda p: (-len(p), unique.index(p))))


_CHAR_WEIGHT = 0.3  # a single character is weaker evidence than a pair (员 vs 飞行)


@dataclass(frozen=True)
class _Field:
    """A text folded for matching, and its Latin words ('ic' must not match inside 'logic')."""

    text: str
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Field:
        folded = _fold(text)
        return cls(folded, frozenset(w for w in _RUN.findall(folded) if w.isascii()))

    def shared(self, terms: Iterable[str]) -> frozenset[str]:
        return frozenset(t for t in terms if (t in self.words if t.isascii() else t in self.text))


@dataclass(frozen=True)
class _Doc:
    code: Code
    name: _Field
    aliases: tuple[tuple[str, _Field], ...]
    definition: _Field
    tasks: _Field
    everything: _Field  # all of the above; '\n' between them so no bigram spans two fields


def _doc(code: Code) -> _Doc:
    aliases = tuple((alias, _Field.of(alias)) for alias in code.aliases)
    every = "\n".join((code.name, *code.aliases, code.definition, *code.tasks))
    return _Doc(
        code,
        _Field.of(code.name),
        aliases,
        _Field.of(code.definition),
        _Field.of("\n".join(code.tasks)),
        _Field.of(every),
    )


class _Matcher:
    """Scores codes against free text. Substring tests over ~2,200 short texts take a few
    milliseconds per query, so there is no inverted index to build: only the folded texts."""

    def __init__(self, codes: Iterable[Code]) -> None:
        self.docs = tuple(_doc(c) for c in codes)

    def weights(self, terms: frozenset[str]) -> dict[str, float]:
        """Inverse document frequency of each query term that occurs at all (rare = strong)."""
        n = len(self.docs)
        out: dict[str, float] = {}
        for term in terms:
            df = len([d for d in self.docs if d.everything.shared((term,))])
            if df:
                out[term] = math.log((n + 1) / (df + 0.5)) * (_CHAR_WEIGHT if _is_char(term) else 1.0)
        return out

    def candidates(self, terms: frozenset[str]) -> list[_Doc]:
        """Docs sharing a bigram or word with the query (single characters only if it has none)."""
        strong = frozenset(t for t in terms if not _is_char(t)) or terms
        return [d for d in self.docs if d.everything.shared(strong)]

    def search(self, query: str) -> dict[str, float]:
        """Scores in (0, 1] for codes whose name, aliases, definition or tasks match ``query``."""
        folded = _fold(query)
        wanted = grams(query)
        weight = self.weights(wanted)
        total = sum(weight.values())
        scores: dict[str, float] = {}
        for doc in self.candidates(wanted):
            if doc.name.text == folded:
                score = 1.0
            elif folded in doc.name.text:
                score = 0.85 + 0.1 * len(folded) / len(doc.name.text)
            elif any(folded in field.text for _, field in doc.aliases):
                score = 0.75
            elif folded in doc.definition.text or folded in doc.tasks.text:
                score = 0.65
            else:
                if total <= 0:
                    continue
                words = doc.name.shared(wanted).union(*(f.shared(wanted) for _, f in doc.aliases))
                text = doc.definition.shared(wanted) | doc.tasks.shared(wanted)
                cover_name = sum(weight.get(t, 0.0) for t in words) / total
                cover_text = sum(weight.get(t, 0.0) for t in text) / total
                if max(cover_name, cover_text) < 0.5:
                    continue
                score = 0.6 * max(cover_name, 0.8 * cover_text)
            scores[doc.code.code] = score
        return scores

    def suggest(self, title: str) -> list[Suggestion]:
        """Unsorted suggestions for a job title; see :meth:`CodeList.suggest`."""
        wanted = grams(title)
        weight = self.weights(wanted)
        total = sum(weight.values())
        if total <= 0:
            return []
        folded = _fold(title.strip())

        def cover(terms: frozenset[str]) -> float:
            return sum(weight.get(t, 0.0) for t in terms) / total

        results: list[Suggestion] = []
        for doc in self.candidates(wanted):
            entry = doc.code
            level_factor = _SUGGEST_LEVELS.get(entry.level, 0.0)
            # Residual 其他 subcategories (X-YY-99, X-99-00) and medium groups are not answers.
            if level_factor == 0.0 or entry.residual or entry.code.endswith("-99"):
                continue
            evidence: list[tuple[float, Evidence]] = []
            best = 0.0
            fields = [("name", entry.name, doc.name, 1.0)]
            fields += [("alias", alias, field, 0.95) for alias, field in doc.aliases]
            for kind, text, field, factor in fields:
                shared = field.shared(wanted)
                if not shared:
                    continue
                # Coverage of the query, tempered by how much of the name/alias is left unmatched.
                own = grams(text)
                precision = len(shared & own) / len(own)
                score = factor if field.text == folded else factor * cover(shared)
                score *= 0.75 + 0.25 * precision
                best = max(best, score)
                evidence.append((score, Evidence(kind, text, _shared_pieces(title, shared))))
            text_shared: frozenset[str] = frozenset()
            for kind, field in (("definition", doc.definition), ("tasks", doc.tasks)):
                shared = field.shared(wanted)
                text_shared |= shared
                if cover(shared) >= 0.3:
                    evidence.append((0.5 * cover(shared), Evidence(kind, "", _shared_pieces(title, shared))))
            score = level_factor * (0.8 * best + 0.2 * cover(text_shared))
            evidence.sort(key=lambda item: -item[0])
            kept = tuple(ev for _, ev in evidence if ev.matched)[:3]
            if score < _MIN_SCORE or not kept:
                continue
            results.append(Suggestion(entry, round(score, 4), tuple(ev.describe() for ev in kept), kept))
        return results


_MIN_SCORE = 0.15  # below this a suggestion is noise
# Where evidence is equal, the more specific code is the more useful suggestion.
_SUGGEST_LEVELS: Mapping[int, float] = {2: 0.9, 3: 0.97, 4: 1.0}
# A subcategory scores this share of the mean of its two best-fitting occupations: a title that fits
# several of them (临床医生: 内科医师, 病理科医师, …) fits the subcategory, one that fits a single
# occupation ranks the subcategory well below it.
_FAMILY_FACTOR = 0.9
# A medium group hit is replaced by this many of its subcategories, each a little below the group.
_EXPANDED_SUBCATEGORIES = 3
_EXPANDED_DECAY = 0.98


def _suggestion(entry: Code, score: float, evidence: Sequence[Evidence]) -> Suggestion:
    kept = tuple(evidence)[:3]
    return Suggestion(entry, score, tuple(ev.describe() for ev in kept), kept)


def _one_typo_away(digits: str) -> set[str]:
    """The digit string itself, every single-digit change of it and every swap of two neighbours."""
    found = {digits}
    for i in range(len(digits)):
        found.update(digits[:i] + d + digits[i + 1 :] for d in "0123456789")
        if i + 1 < len(digits):
            found.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    return found


def _typos(a: str, b: str) -> int:
    """Differences between two digit strings of equal length, an adjacent swap counting as one."""
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    count, k = len(diff) + abs(len(a) - len(b)), 0
    while k + 1 < len(diff):
        first, second = diff[k], diff[k + 1]
        if second == first + 1 and a[first] == b[second] and a[second] == b[first]:
            count -= 1
            k += 1  # a digit belongs to one swap at most
        k += 1
    return count
