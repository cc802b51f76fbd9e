"""Provinces side by side: the core of ``catalogtool compare`` (no I/O).

Each input — a workspace province or a verified filing package — becomes a :class:`ProvinceCatalog`;
:func:`compare` sets them side by side per subcategory, sums up what is shared and what is unique,
sets the validity periods and the Category A standards side by side, and :func:`recognise` answers the
mutual-recognition question "does meeting this post of A also meet a post of B for the same
subcategory?". Requirements are compared by strictness: a higher education level, more years, a higher
salary and a lower age limit are stricter; a requirement not stated is the loosest of all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from catalogtool.model import LocationKind, Salary, row_words
from catalogtool.normalize import BASELINE, EDUCATION_LEVELS, fold

#: The requirements compared, in the order they are shown.
REQUIREMENTS: tuple[str, ...] = ("education", "experience_years", "salary", "age_max")
REQUIREMENT_LABELS: Mapping[str, tuple[str, str]] = {
    "education": ("学历", "education"),
    "experience_years": ("工作经历", "experience"),
    "salary": ("薪酬", "salary"),
    "age_max": ("年龄上限", "age limit"),
}

#: The competency requirements written as free text (fields.py: competency, kind text): no order of
#: strictness, so each province's wordings are set side by side, not ranked.
TEXT_REQUIREMENTS: tuple[str, ...] = ("skills", "certificates")

Standing = Literal["below", "at", "above"]


@dataclass(frozen=True)
class Post:
    """One catalog row, as much of it as a comparison needs."""

    seq: int | None
    subcategory_code: str
    subcategory_name: str
    position: str
    education: str | None  # an EDUCATION_LEVELS key; None: not stated
    experience_years: float | None
    salary: Salary | None
    age_max: int | None
    #: Where the post is in its draft: the row Excel shows, or the line of a YAML/JSON entry (``kind``);
    #: None for a filing package's rows, which are named by their 序号 only.
    number: int | None = None
    kind: LocationKind = "cell"
    skills: str = ""
    certificates: str = ""

    def ref(self, lang: str) -> str:
        """How a person finds the post: ``序号 7`` / ``No. 7``; without a 序号, ``第 12 行`` / ``row 12`` /
        ``line 12`` in its draft (the model's one wording); empty when neither is known."""
        if self.seq is not None:
            return f"序号 {self.seq}" if lang == "zh" else f"No. {self.seq}"
        return "" if self.number is None else row_words(self.kind, self.number, lang)

    def label(self, lang: str) -> str:
        """'序号 7 芯片设计工程师' / 'line 12 芯片设计工程师': the post and where to find it."""
        ref = self.ref(lang)
        return f"{ref} {self.position}" if ref else self.position


@dataclass(frozen=True)
class Criterion:
    """One local Category A recognition criterion."""

    id: str
    block: str
    text: str


@dataclass(frozen=True)
class ProvinceCatalog:
    """One province's catalog and standards as compared; ``key`` is how it is named in the output (JS)."""

    key: str
    name_zh: str
    name_en: str
    title: str
    edition: str
    authority: str
    effective: dt.date | None
    expires: dt.date | None
    local_average_wage: float | None
    posts: tuple[Post, ...]
    standards: tuple[Criterion, ...]
    source: str


# --- strictness ---------------------------------------------------------------------------------


def _rank(education: str | None) -> int:
    level = EDUCATION_LEVELS.get(education) if education is not None else None
    return level[2] if level is not None else 0


def order(field: str, a: Post, wage_a: float | None, b: Post, wage_b: float | None) -> int | None:
    """How ``a``'s requirement stands to ``b``'s: 1 stricter, 0 the same, -1 looser, None when the two
    cannot be compared (a salary multiple against an amount, with no average wage to convert)."""
    if field == "education":
        return _sign(_rank(a.education) - _rank(b.education))
    if field == "experience_years":
        return _sign((a.experience_years or 0) - (b.experience_years or 0))
    if field == "age_max":  # a lower limit is stricter; no limit is the loosest
        return _sign(_age(b.age_max) - _age(a.age_max))
    return salary_order(a.salary, wage_a, b.salary, wage_b)


def salary_order(
    a: Salary | None, wage_a: float | None, b: Salary | None, wage_b: float | None
) -> int | None:
    """1 when ``a`` asks for more than ``b``, 0 the same, -1 less, None when they cannot be compared."""
    if a is None or b is None:
        return _sign((a is not None) - (b is not None))
    yuan_a, yuan_b = a.in_yuan(wage_a), b.in_yuan(wage_b)
    if yuan_a is not None and yuan_b is not None:
        return _sign(yuan_a - yuan_b)
    if a.multiple is not None and b.multiple is not None:
        return _sign(a.multiple - b.multiple)
    return None


def _age(limit: int | None) -> float:
    return float("inf") if limit is None else limit


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def standing(post: Post) -> Standing:
    """The post against the national Category B baseline: below when it relaxes any requirement, above
    when it asks for more on at least one and relaxes none, at otherwise."""
    base = BASELINE
    diffs = [
        _sign(_rank(post.education) - _rank(base.education)) if post.education is not None else 0,
        _sign(post.experience_years - base.experience_years) if post.experience_years is not None else 0,
        _sign(base.age_max - post.age_max) if post.age_max is not None else 0,
    ]
    if -1 in diffs:
        return "below"
    return "above" if 1 in diffs else "at"


# --- per subcategory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The loosest and strictest value of one requirement over a province's posts in a subcategory."""

    loosest: float | str | None
    strictest: float | str | None
    unstated: int  # posts that do not state it (for salary and age: no requirement)


@dataclass(frozen=True)
class SalarySpan:
    """Salary over a province's posts in a subcategory: multiples and amounts as written, and their range
    in yuan when every stated value can be converted (amounts, or multiples with an average wage)."""

    multiple: tuple[float, float] | None
    annual_yuan: tuple[float, float] | None
    yuan: tuple[float, float] | None
    unstated: int

    @property
    def comparable(self) -> bool:
        """False when multiples and amounts are mixed and no average wage converts them."""
        return self.yuan is not None or self.multiple is None or self.annual_yuan is None


@dataclass(frozen=True)
class Side:
    """One province in one subcategory."""

    posts: tuple[Post, ...]
    education: Span
    experience_years: Span
    salary: SalarySpan
    age_max: Span
    standings: Mapping[Standing, int]
    #: The distinct wordings of each text requirement (TEXT_REQUIREMENTS) over the posts, in post order;
    #: a requirement no post states has none.
    texts: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class SubcategoryRow:
    """One subcategory, with each province that lists it."""

    code: str
    name: str
    sides: Mapping[str, Side]  # province key → its side; absent when the province does not list it

    @property
    def salary_basis(self) -> Literal["yuan", "multiple", "none"] | None:
        """How the provinces' salaries here can be set against each other: all in yuan, all as multiples
        of each province's own average wage, "none" when no province states one, or None when they
        cannot be compared (a multiple against an amount, and no average wage to convert the multiple)."""
        stated = [s.salary for s in self.sides.values() if s.salary.unstated < len(s.posts)]
        if not stated:
            return "none"
        if all(s.yuan is not None for s in stated):
            return "yuan"
        if all(s.annual_yuan is None for s in stated):
            return "multiple"
        return None


def _span(values: Sequence[float | None], stricter_is_higher: bool) -> Span:
    stated = [v for v in values if v is not None]
    unstated = len(values) - len(stated)
    if not stated:
        return Span(None, None, unstated)
    low, high = min(stated), max(stated)
    return Span(low, high, unstated) if stricter_is_higher else Span(high, low, unstated)


def _education_span(posts: Sequence[Post]) -> Span:
    stated = [p.education for p in posts if p.education is not None]
    if not stated:
        return Span(None, None, len(posts))
    ordered = sorted(stated, key=_rank)
    return Span(ordered[0], ordered[-1], len(posts) - len(stated))


def _salary_span(posts: Sequence[Post], wage: float | None) -> SalarySpan:
    pays = [p.salary for p in posts if p.salary is not None]
    multiples = [p.multiple for p in pays if p.multiple is not None]
    amounts = [p.annual_yuan for p in pays if p.annual_yuan is not None]
    yuan = [y for p in pays if (y := p.in_yuan(wage)) is not None]
    return SalarySpan(
        multiple=(min(multiples), max(multiples)) if multiples else None,
        annual_yuan=(min(amounts), max(amounts)) if amounts else None,
        yuan=(min(yuan), max(yuan)) if yuan and len(yuan) == len(pays) else None,
        unstated=len(posts) - len(pays),
    )


def side(posts: Sequence[Post], wage: float | None) -> Side:
    """One province's posts in one subcategory, summed up."""
    counts = {s: 0 for s in ("below", "at", "above")}
    for p in posts:
        counts[standing(p)] += 1
    return Side(
        posts=tuple(posts),
        education=_education_span(posts),
        experience_years=_span([p.experience_years for p in posts], stricter_is_higher=True),
        salary=_salary_span(posts, wage),
        age_max=_span([p.age_max for p in posts], stricter_is_higher=False),
        standings=counts,  # type: ignore[arg-type]  # keys are the three standings
        texts={
            key: tuple(dict.fromkeys(t for p in posts if (t := " ".join(getattr(p, key).split()))))
            for key in TEXT_REQUIREMENTS
        },
    )


# --- the whole comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    """A province's validity period on the day of the comparison."""

    effective: dt.date | None
    expires: dt.date | None
    lapsed: bool


@dataclass(frozen=True)
class Summary:
    """Distinct subcategories shared by every province, by some (two or more, not all), or by one only."""

    shared_by_all: int
    shared_by_some: int
    only: Mapping[str, int]
    standings: Mapping[str, Mapping[Standing, int]]  # province → posts below / at / above the baseline


@dataclass(frozen=True)
class BlockRow:
    """One block of the Category A standard with each province's criteria in it."""

    block: str
    criteria: Mapping[str, tuple[Criterion, ...]]


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`."""

    provinces: tuple[ProvinceCatalog, ...]
    today: dt.date
    subcategories: tuple[SubcategoryRow, ...]
    summary: Summary
    validity: Mapping[str, Validity]
    standards: tuple[BlockRow, ...]
    recognition: tuple[Recognition, ...] = ()

    def province(self, key: str) -> ProvinceCatalog:
        return next(p for p in self.provinces if p.key == key)


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a code: 2-02-10 before 2-02-38 before 2-10-01."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("-"))


def compare(
    provinces: Sequence[ProvinceCatalog],
    today: dt.date,
    block_order: Sequence[str] = (),
    recognise_pairs: Sequence[tuple[str, str]] = (),
) -> Comparison:
    """Set ``provinces`` side by side on ``today``; ``block_order`` orders the Category A blocks (others
    follow in the order met); ``recognise_pairs`` are (from, to) province keys for :func:`recognise`."""
    names: dict[str, str] = {}
    grouped: dict[str, dict[str, list[Post]]] = {}
    for prov in provinces:
        for post in prov.posts:
            names.setdefault(post.subcategory_code, post.subcategory_name)
            grouped.setdefault(post.subcategory_code, {}).setdefault(prov.key, []).append(post)
    wages = {p.key: p.local_average_wage for p in provinces}
    rows = tuple(
        SubcategoryRow(
            code=code,
            name=names[code],
            sides={key: side(grouped[code][key], wages[key]) for key in wages if key in grouped[code]},
        )
        for code in sorted(grouped, key=code_key)
    )
    everyone = len(provinces)
    only = {p.key: sum(1 for r in rows if list(r.sides) == [p.key]) for p in provinces}
    standings = {
        p.key: {s: sum(1 for post in p.posts if standing(post) == s) for s in ("below", "at", "above")}
        for p in provinces
    }
    summary = Summary(
        shared_by_all=sum(1 for r in rows if len(r.sides) == everyone) if everyone > 1 else 0,
        shared_by_some=sum(1 for r in rows if 1 < len(r.sides) < everyone),
        only=only,
        standings=standings,  # type: ignore[arg-type]  # keys are the three standings
    )
    validity = {
        p.key: Validity(p.effective, p.expires, lapsed=p.expires is not None and today > p.expires)
        for p in provinces
    }
    result = Comparison(
        provinces=tuple(provinces),
        today=today,
        subcategories=rows,
        summary=summary,
        validity=validity,
        standards=align_standards(provinces, block_order),
    )
    by_key = {p.key: p for p in provinces}
    return Comparison(
        **{**vars(result), "recognition": tuple(recognise(by_key[a], by_key[b]) for a, b in recognise_pairs)}
    )


def align_standards(
    provinces: Sequence[ProvinceCatalog], block_order: Sequence[str] = ()
) -> tuple[BlockRow, ...]:
    """The Category A criteria of every province, block by block."""
    blocks = list(block_order)
    for prov in provinces:
        blocks += [c.block for c in prov.standards if c.block not in blocks]
    rows = []
    for block in blocks:
        criteria = {p.key: tuple(c for c in p.standards if c.block == block) for p in provinces}
        if any(criteria.values()):
            rows.append(BlockRow(block, criteria))
    return tuple(rows)


# Category A salary thresholds are written into the criterion's sentence: "年薪不低于本省上年度社会平均
# 工资6倍", "年薪不低于50万元". Only a number tied to pay counts (not "投资不低于100万美元").
_PAY_WORDS = r"(?:年薪|薪酬|工资性年收入|年收入|工资)"
_THRESHOLD_MULTIPLE = re.compile(_PAY_WORDS + r"[^，,。；;]*?(\d+(?:\.\d+)?)倍")
_THRESHOLD_AMOUNT = re.compile(_PAY_WORDS + r"[^，,。；;倍]*?(\d+(?:\.\d+)?)万(?:元|人民币)")


def salary_threshold(text: str) -> Salary | None:
    """The salary threshold a Category A criterion states, as a multiple or an amount, or None."""
    folded = text.replace("（", "(").replace("）", ")")
    if match := _THRESHOLD_MULTIPLE.search(folded):
        return Salary(multiple=float(match.group(1)))
    if match := _THRESHOLD_AMOUNT.search(folded):
        return Salary(annual_yuan=float(match.group(1)) * 10_000)
    return None


# --- mutual recognition -------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A requirement on which a post of the recognising side asks for more (or cannot be compared)."""

    field: str
    mine: Post
    theirs: Post
    comparable: bool = True


@dataclass(frozen=True)
class RecognitionLine:
    """One post of the first province: recognisable against ``against`` (a post of the second province
    for the same subcategory that anyone meeting it also meets), or not, and why."""

    post: Post
    against: Post | None
    listed: bool  # the second province lists the subcategory at all
    differences: tuple[Difference, ...] = ()

    @property
    def recognisable(self) -> bool:
        return self.against is not None


@dataclass(frozen=True)
class Recognition:
    """Posts of ``source`` whose requirements are at least as strict as ``target``'s, and those that are not."""

    source: str
    target: str
    lines: tuple[RecognitionLine, ...]

    @property
    def candidates(self) -> tuple[RecognitionLine, ...]:
        return tuple(line for line in self.lines if line.recognisable)

    @property
    def others(self) -> tuple[RecognitionLine, ...]:
        return tuple(line for line in self.lines if not line.recognisable)


def _differences(
    mine: Post, wage_m: float | None, theirs: Post, wage_t: float | None
) -> tuple[Difference, ...]:
    out = []
    for field in REQUIREMENTS:
        o = order(field, mine, wage_m, theirs, wage_t)
        if o is None or o < 0:
            out.append(Difference(field, mine, theirs, comparable=o is not None))
    return tuple(out)


def recognise(source: ProvinceCatalog, target: ProvinceCatalog) -> Recognition:
    """For each post of ``source``: is there a post of ``target`` in the same subcategory whose every
    requirement the source post meets or exceeds? Posts with the same name are tried first; otherwise
    every post of the subcategory. A post that is not recognisable carries the differences against the
    target post it comes closest to (fewest differences)."""
    by_code: dict[str, list[Post]] = {}
    for post in target.posts:
        by_code.setdefault(post.subcategory_code, []).append(post)
    lines = []
    for post in source.posts:
        theirs = by_code.get(post.subcategory_code, [])
        if not theirs:
            lines.append(RecognitionLine(post, None, listed=False))
            continue
        same_name = [t for t in theirs if fold(t.position) == fold(post.position)]
        tried = [*same_name, *(t for t in theirs if t not in same_name)]
        diffs = [_differences(post, source.local_average_wage, t, target.local_average_wage) for t in tried]
        met = next((t for t, d in zip(tried, diffs, strict=True) if not d), None)
        closest = min(diffs, key=len)
        lines.append(RecognitionLine(post, met, listed=True, differences=() if met else closest))
    return Recognition(source.key, target.key, tuple(lines))


def parse_pair(text: str) -> tuple[str, str] | None:
    """'JS:ZJ' → ('JS', 'ZJ'); None when the text is not two names joined by a colon."""
    parts = [p.strip() for p in re.split(r"[:：]", text)]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def keyed(names: Iterable[tuple[str, str]]) -> list[str]:
    """Output keys for inputs named (abbr, edition): the abbreviation, or abbr-edition where two inputs
    share a province (JS and an older JS package: JS-2026, JS-2022)."""
    pairs = list(names)
    abbrs = [a for a, _ in pairs]
    return [a if abbrs.count(a) == 1 else f"{a}-{e}" for a, e in pairs]
