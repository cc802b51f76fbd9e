"""Does this post and this person fall under the catalog? Rows that apply, each requirement, the verdict.

Pure: the catalog rows, its validity, the code list and a :class:`~catalogtool.candidate.Candidate` in;
a :class:`MatchResult` out. Readers and reporters are elsewhere.

* **Which rows apply.** By code: a subcategory code selects its rows; an occupation code the rows of
  its subcategory that list it (or list no occupations). With only a job title, the title goes through
  :meth:`CodeList.suggest <catalogtool.codes.CodeList.suggest>` — the ranking behind
  ``codes suggest`` — and the rows of the subcategories it proposes apply, each carrying the evidence.
  Either way, when a row's position *is* the job title given (compared loosely: width, spaces,
  case), that row is the post's row and the other posts of the subcategory do not apply.
* **Each requirement** is compared by :func:`compare_requirement`, in the catalog's own units (a
  salary multiple of the local average wage stays a multiple). ``met`` is True, False, or None when
  the candidate did not say (or the comparison needs something missing, e.g. the average wage).
  The skills text is for the employer and the permit officer to judge, and is not compared.
* **The verdict.** Category B under this catalog when at least one row is fully met *and* the
  catalog is in force on the day asked about; a lapsed catalog (or one not yet in force) gives none.

:func:`compare_requirement` is the one statement of how a person's value stands to a requirement,
for ``match`` and batch mode; salaries go through :func:`catalogtool.compare.salary_order`, the same
comparison ``compare`` uses between catalogs (whose :func:`~catalogtool.compare.order` ranks
requirements by strictness), so a salary is compared one way everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalogtool.model import CatalogRow, Salary
from catalogtool.normalize import BASELINE, EDUCATION_LEVELS, fold

if TYPE_CHECKING:
    from catalogtool.candidate import Candidate
    from catalogtool.codes import CodeList, Evidence
    from catalogtool.points import PointsResult, PointsTable

#: The requirement fields compared, in the catalog's column order.
REQUIREMENT_FIELDS: tuple[str, ...] = ("education", "experience_years", "salary", "age_max", "certificates")
#: How many subcategories a job title may bring in (the first of ``codes suggest``'s list).
TITLE_SUGGESTIONS = 3

Met = bool | None


# --- comparing one requirement ------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One requirement against what a candidate has, both in the catalog's unit.

    ``unit``: "level" (an education key), "years", "multiple" (of the local average wage), "yuan" (a
    year), "age" (completed years, 周岁), "text". ``reason`` says why ``met`` is None: "not_given",
    "no_wage" (a multiple and an amount cannot be compared without the local average wage),
    "unreadable" (the catalog's text could not be read), "person" (a text a person must judge).
    """

    met: Met
    required: str | float | None
    given: str | float | None
    unit: str
    reason: str = ""


def compare_requirement(
    field: str, required: object, given: object, *, average_wage: float | None = None
) -> Comparison:
    """Compare a requirement of a catalog row with what a candidate has.

    ``field`` is a catalog key: ``education`` (EDUCATION_LEVELS keys; a minimum), ``experience_years``
    (a minimum), ``salary`` (a :class:`~catalogtool.model.Salary` each; a minimum), ``age_max`` (the
    maximum age, inclusive: "60周岁以下" includes 60, as 以下 does in Chinese law, Civil Code art.
    1259; an age counts in completed years), ``certificates`` / ``industry`` (texts). ``required``
    None means the row's text could not be read; ``given`` None means the candidate did not say.
    """
    if field == "education":
        return _compare_education(required, given)
    if field == "experience_years":
        return _compare_number(required, given, "years", minimum=True)
    if field == "age_max":
        completed = math.floor(given) if isinstance(given, int | float) else None
        return _compare_number(required, completed, "age", minimum=False)
    if field == "salary":
        return _compare_salary(required, given, average_wage)
    if field in ("certificates", "industry"):
        return _compare_text(field, required, given)
    raise ValueError(f"not a requirement field: {field}")


def _compare_education(required: object, given: object) -> Comparison:
    if not isinstance(required, str) or required not in EDUCATION_LEVELS:
        return Comparison(None, None, given if isinstance(given, str) else None, "level", "unreadable")
    if required == "none":
        return Comparison(True, required, given if isinstance(given, str) else None, "level")
    if not isinstance(given, str) or given not in EDUCATION_LEVELS:
        return Comparison(None, required, None, "level", "not_given")
    met = EDUCATION_LEVELS[given][2] >= EDUCATION_LEVELS[required][2]
    return Comparison(met, required, given, "level")


def _compare_number(required: object, given: object, unit: str, *, minimum: bool) -> Comparison:
    if not isinstance(required, int | float):
        return Comparison(None, None, _num(given), unit, "unreadable")
    if minimum and required <= 0:
        return Comparison(True, float(required), _num(given), unit)
    if not isinstance(given, int | float):
        return Comparison(None, float(required), None, unit, "not_given")
    met = given >= required if minimum else given <= required
    return Comparison(met, float(required), float(given), unit)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _compare_salary(required: object, given: object, wage: float | None) -> Comparison:
    from catalogtool.compare import salary_order

    if not isinstance(required, Salary) or (required.multiple is None and required.annual_yuan is None):
        return Comparison(None, None, None, "yuan", "unreadable")
    unit = "multiple" if required.multiple is not None else "yuan"
    need = required.multiple if required.multiple is not None else required.annual_yuan
    if not isinstance(given, Salary) or (given.multiple is None and given.annual_yuan is None):
        return Comparison(None, need, None, unit, "not_given")
    # One statement of how two salaries compare (amounts in yuan, multiples × the average wage), shared
    # with `compare`; an amount exactly at the multiple is met.
    order = salary_order(given, wage, required, wage)
    if order is None:
        return Comparison(None, need, None, unit, "no_wage")
    shown = _in_unit(given, unit, wage)
    return Comparison(order >= 0, need, shown, unit)


def _in_unit(salary: Salary, unit: str, wage: float | None) -> float | None:
    """The candidate's salary in the catalog's unit (a multiple rounded to 2 places)."""
    if unit == "multiple":
        if salary.multiple is not None:
            return salary.multiple
        return round(salary.annual_yuan / wage, 2) if salary.annual_yuan is not None and wage else None
    if salary.annual_yuan is not None:
        return salary.annual_yuan
    return salary.multiple * wage if salary.multiple is not None and wage else None


def _compare_text(field: str, required: object, given: object) -> Comparison:
    need = required if isinstance(required, str) and required.strip() else None
    have = given if isinstance(given, str) and given.strip() else None
    if need is None:
        return Comparison(True, None, have, "text")
    if have is None:
        return Comparison(None, need, None, "text", "not_given")
    a, b = fold(need), fold(have)
    if a == b or b in a or a in b:
        return Comparison(True, need, have, "text")
    if field == "industry":
        return Comparison(False, need, have, "text")
    return Comparison(None, need, have, "text", "person")  # "或同等证书": a person decides


# --- a catalog's validity ---------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogStatus:
    """The catalog asked about and whether it is in force on ``today``."""

    province: str
    province_name: str
    title: str
    edition: str
    effective: dt.date | None
    expires: dt.date | None
    today: dt.date
    average_wage: float | None = None
    local_bonus_max: int | None = None

    @property
    def lapsed(self) -> bool:
        """Past its validity: the notice (§4) says it then lapses by itself."""
        return self.expires is not None and self.today > self.expires

    @property
    def not_yet_effective(self) -> bool:
        return self.effective is not None and self.today < self.effective

    @property
    def in_force(self) -> bool:
        return not self.lapsed and not self.not_yet_effective


# --- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementCheck:
    """One requirement of a row: the catalog's text, the candidate's, and the comparison."""

    field: str
    required_text: str
    given_text: str
    comparison: Comparison

    @property
    def met(self) -> Met:
        return self.comparison.met


@dataclass(frozen=True)
class RowMatch:
    """A catalog row that applies to the post, and how the candidate measures against it."""

    row: CatalogRow
    matched_by: str  # "code" | "title"
    requirements: tuple[RequirementCheck, ...]
    evidence: tuple[Evidence, ...] = ()
    same_title: bool = False  # the row's position is the title asked about
    suggested: str | None = None  # the code codes suggest proposed (title matching)
    score: float | None = None

    @property
    def met(self) -> bool:
        """Every requirement met (an unknown is not met)."""
        return all(r.met is True for r in self.requirements)

    @property
    def unmet(self) -> tuple[RequirementCheck, ...]:
        return tuple(r for r in self.requirements if r.met is False)

    @property
    def unknown(self) -> tuple[RequirementCheck, ...]:
        return tuple(r for r in self.requirements if r.met is None)


@dataclass(frozen=True)
class MatchResult:
    """The answer for one candidate."""

    catalog: CatalogStatus
    candidate: Candidate
    code: str | None  # the candidate's code, normalised; None when matched by title
    rows: tuple[RowMatch, ...]
    points: PointsResult | None

    @property
    def met_rows(self) -> tuple[RowMatch, ...]:
        return tuple(r for r in self.rows if r.met)

    @property
    def category_b(self) -> bool:
        """Meets Category B under this catalog: a row fully met, and the catalog in force."""
        return self.catalog.in_force and bool(self.met_rows)

    @property
    def best(self) -> RowMatch | None:
        """The row shown as the answer: the first met, else the one with fewest unmet, then unknown."""
        if not self.rows:
            return None
        return min(self.rows, key=lambda r: (not r.met, len(r.unmet), len(r.unknown)))

    @property
    def matched_by(self) -> str | None:
        return self.rows[0].matched_by if self.rows else None


def row_requirements(
    row: CatalogRow, candidate: Candidate, average_wage: float | None
) -> tuple[RequirementCheck, ...]:
    """Every requirement of ``row`` compared with ``candidate``.

    Education and experience are always compared (every row states them). Salary and certificates
    only when the row states them. Age: the row's maximum, or the national baseline (60) when the row
    states none. Industry when the candidate names one.
    """
    checks = [
        _check(
            "education",
            row.raw.get("education", ""),
            row.education,
            candidate.texts.get("education", ""),
            candidate.education,
            average_wage,
        ),
        _check(
            "experience_years",
            row.raw.get("experience_years", ""),
            row.experience_years,
            candidate.texts.get("years", ""),
            candidate.years,
            average_wage,
        ),
    ]
    if row.raw.get("salary"):
        multiple = candidate.texts.get("salary_multiple", "")
        given_text = candidate.texts.get("salary") or (
            f"{multiple}倍" if multiple.replace(".", "").isdigit() else multiple
        )
        checks.append(
            _check("salary", row.raw["salary"], row.salary, given_text, candidate.salary, average_wage)
        )
    age_text = row.raw.get("age_max", "")
    age_max = row.age_max if age_text else BASELINE.age_max
    checks.append(
        _check("age_max", age_text, age_max, candidate.texts.get("age", ""), candidate.age, average_wage)
    )
    if row.certificates:
        checks.append(
            _check(
                "certificates",
                row.certificates,
                row.certificates,
                candidate.certificate,
                candidate.certificate,
                average_wage,
            )
        )
    if candidate.industry:
        checks.append(
            _check(
                "industry", row.industry, row.industry, candidate.industry, candidate.industry, average_wage
            )
        )
    return tuple(checks)


def _check(
    field: str, required_text: str, required: object, given_text: str, given: object, wage: float | None
) -> RequirementCheck:
    return RequirementCheck(
        field, required_text, given_text, compare_requirement(field, required, given, average_wage=wage)
    )


def rows_for_code(code: str, rows: Sequence[CatalogRow], codes: CodeList) -> list[CatalogRow]:
    """The rows a code selects: a subcategory's rows; an occupation's rows in its subcategory that list it
    or list no occupations; for a major or medium group, the rows of every subcategory under it."""
    entry = codes.get(code)
    level = entry.level if entry is not None else code.count("-") + 1
    if level == 4:
        parent = codes.subcategory_of(code) or code.rsplit("-", 1)[0]
        return [
            r
            for r in rows
            if r.subcategory_code == parent and (not r.occupation_codes or code in r.occupation_codes)
        ]
    if level == 3:
        return [r for r in rows if r.subcategory_code == code]
    return [r for r in rows if r.subcategory_code is not None and r.subcategory_code.startswith(code + "-")]


def match_candidate(
    candidate: Candidate,
    code: str | None,
    rows: Sequence[CatalogRow],
    status: CatalogStatus,
    codes: CodeList,
    points_table: PointsTable | None = None,
) -> MatchResult:
    """Which rows apply to the candidate's post, how the candidate measures against each, the points.

    ``code`` is the candidate's code already normalised (None: match by ``candidate.position``).
    Points are scored when ``points_table`` is given and the candidate states anything the table scores.
    """
    wage = status.average_wage
    title = fold(candidate.position) if candidate.position else ""
    matches: list[RowMatch] = []
    if code is not None:
        selected = rows_for_code(code, rows, codes)
        for row in selected:
            same = bool(title) and fold(row.position) == title
            matches.append(RowMatch(row, "code", row_requirements(row, candidate, wage), same_title=same))
        matches = _same_post_first(matches)
    elif title:
        matches = _same_post_first(_match_title(candidate, rows, codes, wage))
    points = None
    if points_table is not None:
        profile = candidate.profile(wage)
        if not profile.is_empty():
            from catalogtool.points import score

            points = score(profile, points_table)
    return MatchResult(status, candidate, code, tuple(matches), points)


def _same_post_first(matches: list[RowMatch]) -> list[RowMatch]:
    """Rows naming the very post asked about are that post's rows: when there are any, the other
    rows (other posts in the same subcategory) do not apply."""
    same = [m for m in matches if m.same_title]
    return same or matches


def _match_title(
    candidate: Candidate, rows: Sequence[CatalogRow], codes: CodeList, wage: float | None
) -> list[RowMatch]:
    title = fold(candidate.position)
    out: list[RowMatch] = []
    seen: set[int] = set()  # rows by identity: a one-line JSON catalog's rows share their number
    for row in rows:  # the catalog names this very post
        if fold(row.position) == title:
            out.append(RowMatch(row, "title", row_requirements(row, candidate, wage), same_title=True))
            seen.add(id(row))
    subcategories: list[str] = []
    for suggestion in codes.suggest(candidate.position, limit=10):
        entry = suggestion.code
        sub = entry.code if entry.level == 3 else codes.subcategory_of(entry.code)
        if sub is None or sub in subcategories:
            continue
        subcategories.append(sub)
        for row in rows_for_code(entry.code, rows, codes):
            if id(row) in seen:
                continue
            seen.add(id(row))
            out.append(
                RowMatch(
                    row,
                    "title",
                    row_requirements(row, candidate, wage),
                    evidence=suggestion.evidence,
                    suggested=entry.code,
                    score=suggestion.score,
                )
            )
        if len(subcategories) >= TITLE_SUGGESTIONS:
            break
    return out
