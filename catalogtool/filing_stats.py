"""The numbers the filing documents quote, computed from the catalog rows and the workspace.

Pure: no files, no formatting. :mod:`catalogtool.filing_docs` turns these values into sentences and
tables; tests compare them with the data directly, so no number in the package is typed by hand.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from catalogtool import normalize
from catalogtool.codes import CodeList, code_key
from catalogtool.model import CatalogRow
from catalogtool.normalize import BASELINE, EDUCATION_LEVELS, no_requirement
from catalogtool.rules.competency import justified
from catalogtool.workspace import PARTY_TYPES, STANDARD_BLOCKS, Workspace, name_key, split_industries


@dataclass(frozen=True)
class Tally:
    """One line of a breakdown: a key, its Chinese label and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class MajorTally:
    """Rows under one major category (大类) of the classification."""

    code: str
    name: str
    rows: int
    subcategories: int


@dataclass(frozen=True)
class Comparison:
    """How many rows ask for more than, exactly, or less than the national baseline on one requirement.

    ``not_stated`` rows leave it empty or say there is none ('不限'); ``unknown`` rows state something
    unreadable (the row rules report those as errors, so a filed catalog has none unless overridden).
    """

    above: int
    equal: int
    below: int
    not_stated: int
    unknown: int


@dataclass(frozen=True)
class BelowBaselineRow:
    """A row that asks for less than the national Category B baseline, as the drafting explanation lists it."""

    number: int  # the row number in the catalog file
    seq: int | None
    subcategory_code: str
    subcategory_name: str
    position: str
    gaps: tuple[str, ...]  # what is relaxed, e.g. 学历降为大专（基准学士）, 工作经历缩短为1年（基准2年）
    notes: str
    justified: bool  # the notes give a reason (rules.competency.justified)


@dataclass(frozen=True)
class CatalogStats:
    """Counts over the catalog rows."""

    rows: int
    subcategories: int
    occupation_codes: tuple[str, ...]  # distinct listed occupation codes, classification order
    rows_without_occupations: int
    by_major: tuple[MajorTally, ...]
    by_industry: tuple[Tally, ...]  # key industries first, in their order, then others by count
    industries_outside_key: tuple[str, ...]
    green: tuple[str, ...]  # listed occupation codes marked green (L)
    digital: tuple[str, ...]  # listed occupation codes marked digital (S)
    education: tuple[Tally, ...]  # highest level first, unknown last when any
    education_vs_baseline: Comparison
    experience_vs_baseline: Comparison
    experience_min: float | None
    experience_median: float | None
    experience_max: float | None
    age_vs_baseline: Comparison  # "above" = a stricter (lower) age limit
    salary_multiple: int
    salary_annual: int
    salary_not_stated: int
    salary_unknown: int  # written but unreadable
    below_baseline: tuple[BelowBaselineRow, ...]  # rows below the baseline on any requirement

    @property
    def below_baseline_rows(self) -> int:
        return len(self.below_baseline)


@dataclass(frozen=True)
class AdoptionTally:
    """What became of the opinions of one kind of party (the 意见采纳情况表's counts)."""

    key: str  # a PARTY_TYPES key; "" for opinions from parties not listed
    label: str
    parties: int  # consulted
    responding: int  # of them, how many gave an opinion
    opinions: int
    adopted: int
    partly: int
    not_adopted: int
    undecided: int

    def outcomes(self) -> tuple[int, int, int, int]:
        """(adopted, partly, not adopted, undecided), the order every table of outcomes uses."""
        return (self.adopted, self.partly, self.not_adopted, self.undecided)


@dataclass(frozen=True)
class ConsultationStats:
    """Who was consulted and what happened to their opinions."""

    start: dt.date | None
    end: dt.date | None
    parties: int
    by_type: tuple[Tally, ...]  # every known type, in PARTY_TYPES order
    opinions: int
    adopted: int
    not_adopted: int
    undecided: int
    partly: int = 0
    adoption_by_type: tuple[AdoptionTally, ...] = ()  # the types with parties or opinions, in order


@dataclass(frozen=True)
class FilingStats:
    """Everything the filing report and the drafting explanation quote."""

    catalog: CatalogStats
    consultation: ConsultationStats | None
    standards_by_block: tuple[Tally, ...] | None  # None when the province has no local A standards
    standards: int
    effective_date: dt.date | None
    validity_years: int | None
    expiry_date: dt.date | None


def compute_stats(ws: Workspace, rows: Sequence[CatalogRow], codes: CodeList) -> FilingStats:
    """All the statistics of a filing, from the workspace, its rows and the code list."""
    standards = ws.standards
    return FilingStats(
        catalog=catalog_stats(rows, codes, ws.meta.key_industries),
        consultation=consultation_stats(ws),
        standards_by_block=(
            None
            if standards is None
            else tuple(
                Tally(key, zh, sum(1 for s in standards if s.block == key))
                for key, (zh, _) in STANDARD_BLOCKS.items()
            )
        ),
        standards=len(standards or ()),
        effective_date=ws.meta.effective_date,
        validity_years=ws.meta.validity_years,
        expiry_date=ws.meta.expiry_date,
    )


def catalog_stats(
    rows: Sequence[CatalogRow], codes: CodeList, key_industries: Sequence[str] = ()
) -> CatalogStats:
    """Counts over catalog rows: structure, industries, green/digital codes, requirements vs the baseline."""
    subcategories = {r.subcategory_code for r in rows if r.subcategory_code}
    listed = sorted({c for r in rows for c in r.occupation_codes}, key=_safe_key)
    majors: dict[str, list[CatalogRow]] = {}
    for r in rows:
        if r.subcategory_code:
            majors.setdefault(r.subcategory_code.split("-")[0], []).append(r)
    by_major = tuple(
        MajorTally(
            code=major,
            name=_name(codes, major),
            rows=len(group),
            subcategories=len({r.subcategory_code for r in group}),
        )
        for major, group in sorted(majors.items(), key=lambda item: _safe_key(item[0]))
    )
    # Spelling variants of a key industry (full-width, spaces) count under its name in province.yaml.
    canonical = {name_key(k): k for k in key_industries}
    industries = Counter(canonical.get(name_key(p), p) for r in rows for p in split_industries(r.industry))
    key_order = [k for k in key_industries if industries.get(k)]
    others = sorted((k for k in industries if k not in key_industries), key=lambda k: (-industries[k], k))
    years = sorted(r.experience_years for r in rows if r.experience_years is not None)
    edu_counts = Counter(r.education for r in rows)
    education = [
        Tally(key, zh, edu_counts[key])
        for key, (zh, _, _) in sorted(EDUCATION_LEVELS.items(), key=lambda item: -item[1][2])
        if edu_counts[key]
    ]
    edu_missing = Counter(_missing(r, "education") for r in rows if r.education is None)
    if edu_missing["not_stated"]:
        education.append(Tally("not_stated", "未作规定", edu_missing["not_stated"]))
    if edu_missing["unknown"]:
        education.append(Tally("unknown", "未能识别", edu_missing["unknown"]))
    return CatalogStats(
        rows=len(rows),
        subcategories=len(subcategories),
        occupation_codes=tuple(listed),
        rows_without_occupations=sum(1 for r in rows if not r.occupation_codes),
        by_major=by_major,
        by_industry=tuple(Tally(k, k, industries[k]) for k in (*key_order, *others)),
        industries_outside_key=tuple(others) if key_industries else (),
        green=tuple(c for c in listed if _flag(codes, c, "green")),
        digital=tuple(c for c in listed if _flag(codes, c, "digital")),
        education=tuple(education),
        education_vs_baseline=_compare(
            rows, "education", [_education_rank(r) for r in rows], _rank(BASELINE.education)
        ),
        experience_vs_baseline=_compare(
            rows, "experience_years", [r.experience_years for r in rows], BASELINE.experience_years
        ),
        experience_min=years[0] if years else None,
        experience_median=statistics.median(years) if years else None,
        experience_max=years[-1] if years else None,
        # A lower age limit is stricter than the baseline, so compare the negated limits.
        age_vs_baseline=_compare(
            rows, "age_max", [None if r.age_max is None else -r.age_max for r in rows], -BASELINE.age_max
        ),
        salary_multiple=sum(1 for r in rows if r.salary is not None and r.salary.multiple is not None),
        salary_annual=sum(1 for r in rows if r.salary is not None and r.salary.annual_yuan is not None),
        salary_not_stated=sum(1 for r in rows if r.salary is None and _missing(r, "salary") == "not_stated"),
        salary_unknown=sum(1 for r in rows if r.salary is None and _missing(r, "salary") == "unknown"),
        below_baseline=tuple(
            BelowBaselineRow(
                number=r.number,
                seq=r.seq,
                subcategory_code=r.subcategory_code or "",
                subcategory_name=r.subcategory_name,
                position=r.position,
                gaps=gaps,
                notes=r.notes,
                justified=justified(r.notes),
            )
            for r in rows
            if (gaps := baseline_gaps(r))
        ),
    )


def baseline_gaps(row: CatalogRow) -> tuple[str, ...]:
    """What a row relaxes against the national Category B baseline, in Chinese, in the words of CT306/CT307:
    ('学历降为大专（基准学士）', '工作经历缩短为1年（基准2年）', …); empty when the row meets it."""
    return tuple(g.zh for g in normalize.baseline_gaps(row.education, row.experience_years, row.age_max))


def consultation_stats(ws: Workspace) -> ConsultationStats | None:
    """Parties by type and opinions by outcome, or None without a consultation record."""
    c = ws.consultation
    if c is None:
        return None
    types = Counter(p.type for p in c.parties)
    outcomes = Counter(o.outcome for o in c.opinions)
    return ConsultationStats(
        start=c.period_start,
        end=c.period_end,
        parties=len(c.parties),
        by_type=tuple(Tally(key, zh, types[key]) for key, (zh, _) in PARTY_TYPES.items()),
        opinions=len(c.opinions),
        adopted=outcomes["adopted"],
        not_adopted=outcomes["not_adopted"],
        undecided=outcomes["undecided"] + outcomes["invalid"],
        partly=outcomes["partly"],
        adoption_by_type=adoption_by_type(ws),
    )


def adoption_by_type(ws: Workspace) -> tuple[AdoptionTally, ...]:
    """Parties and opinion outcomes per kind of party; opinions of unlisted parties under key ""."""
    c = ws.consultation
    if c is None:
        return ()
    type_of = {name_key(p.name): p.type for p in c.parties}
    labels = {key: zh for key, (zh, _) in PARTY_TYPES.items()} | {"": "未列入征求意见对象的单位"}
    out = []
    for key, label in labels.items():
        names = {name_key(p.name) for p in c.parties if p.type == key}
        opinions = [o for o in c.opinions if type_of.get(name_key(o.party), "") == key]
        if not names and not opinions:
            continue
        outcomes = Counter(o.outcome for o in opinions)
        out.append(
            AdoptionTally(
                key=key,
                label=label,
                parties=len(names),
                responding=len({name_key(o.party) for o in opinions}),
                opinions=len(opinions),
                adopted=outcomes["adopted"],
                partly=outcomes["partly"],
                not_adopted=outcomes["not_adopted"],
                undecided=outcomes["undecided"] + outcomes["invalid"],
            )
        )
    return tuple(out)


def _rank(key: str) -> int:
    return EDUCATION_LEVELS[key][2]


def _education_rank(row: CatalogRow) -> int | None:
    return None if row.education is None or row.education not in EDUCATION_LEVELS else _rank(row.education)


def _missing(row: CatalogRow, key: str) -> str:
    """Why a row has no value for ``key``: 'not_stated' (empty, or '不限' and the like) or 'unknown'."""
    text = row.raw.get(key, "").strip()
    return "not_stated" if not text or no_requirement(text) else "unknown"


def _compare(
    rows: Sequence[CatalogRow], key: str, values: Sequence[float | None], baseline: float
) -> Comparison:
    known = [v for v in values if v is not None]
    missing = Counter(_missing(r, key) for r, v in zip(rows, values, strict=True) if v is None)
    return Comparison(
        above=sum(1 for v in known if v > baseline),
        equal=sum(1 for v in known if v == baseline),
        below=sum(1 for v in known if v < baseline),
        not_stated=missing["not_stated"],
        unknown=missing["unknown"],
    )


def _safe_key(code: str) -> tuple[int, ...]:
    try:
        return code_key(code)
    except ValueError:
        return (10_000,)


def _name(codes: CodeList, code: str) -> str:
    entry = codes.get(code)
    return entry.name if entry is not None else ""


def _flag(codes: CodeList, code: str, flag: str) -> bool:
    entry = codes.get(code)
    return bool(entry is not None and getattr(entry, flag))
