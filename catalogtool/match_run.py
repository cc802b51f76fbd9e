"""Library entry points behind ``match`` and ``points``: load a province's catalog once, then answer for
one candidate or a whole list. Commands parse options and render; everything else is here or in the
pure core (:mod:`catalogtool.candidate`, :mod:`catalogtool.matching`, :mod:`catalogtool.points`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from catalogtool.candidate import Candidate, Problem, parse_candidate
from catalogtool.matching import CatalogStatus, MatchResult, match_candidate

if TYPE_CHECKING:
    from catalogtool.codes import CodeList
    from catalogtool.model import CatalogRow
    from catalogtool.points import PointsTable
    from catalogtool.read.candidates import CandidateTable
    from catalogtool.validate import ValidateOptions


@dataclass(frozen=True)
class MatchContext:
    """A province's catalog, read once: its validity, rows, the code list and the points table."""

    status: CatalogStatus
    rows: tuple[CatalogRow, ...]
    codes: CodeList
    table: PointsTable
    catalog_file: str
    catalog_errors: int


def load_context(
    root: Path, province: str, today: dt.date, options: ValidateOptions | None = None
) -> MatchContext:
    """Read the workspace's province.yaml and catalog with ``options`` (``config.options_from``: the
    code-list extras, severities and competency schema every command uses). InputError when unusable.

    A catalog with validation errors is still read (its readable rows are used); ``catalog_errors``
    says how many there are, so the answer can say the catalog needs ``validate``.
    """
    from catalogtool.codes import load_code_list
    from catalogtool.points import load_points_table
    from catalogtool.validate import ValidateOptions, load_catalog
    from catalogtool.workspace import load_workspace

    options = options or ValidateOptions()
    ws = load_workspace(root, province)
    codes = load_code_list(options.codes_extra)
    loaded = load_catalog(ws.catalog_path, options, codes)
    meta = ws.meta
    status = CatalogStatus(
        province=ws.province.abbr,
        province_name=ws.province.name_zh,
        title=meta.title,
        edition=meta.edition,
        effective=meta.effective_date,
        expires=meta.expiry_date,
        today=today,
        average_wage=meta.local_average_wage,
        local_bonus_max=meta.local_bonus_max,
    )
    return MatchContext(
        status=status,
        rows=loaded.rows,
        codes=codes,
        table=load_points_table(),
        catalog_file=str(ws.catalog_path),
        catalog_errors=loaded.report.count("error"),
    )


def resolve_code(text: str, codes: CodeList) -> tuple[str | None, Problem | None]:
    """A code as typed (dirty forms accepted) → its canonical form, or the problem with it."""
    from catalogtool.codes import normalize_code

    normalized = normalize_code(text, codes)
    if normalized.code is not None and normalized.code in codes:
        return normalized.code, None
    if normalized.code is None and normalized.prefix is None:
        return None, Problem(
            "code",
            text,
            "not an occupation code (e.g. 2-02-10 or 2-02-10-01)",
            "不是职业代码（如 2-02-10 或 2-02-10-01）",
        )
    shown = normalized.code or normalized.prefix or text
    near = [c.code for c in codes.nearest(shown, n=3)]
    hint_en = f"; nearest: {', '.join(near)}" if near else ""
    hint_zh = f"；相近代码：{'、'.join(near)}" if near else ""
    return None, Problem("code", text, f"not in the code list{hint_en}", f"不在职业分类中{hint_zh}")


def match_values(values: Mapping[str, object], ctx: MatchContext) -> tuple[MatchResult | None, list[Problem]]:
    """Read a candidate from field key → value and match it; (None, problems) when it cannot be."""
    candidate, problems = parse_candidate(values)
    code: str | None = None
    if candidate.code:
        code, problem = resolve_code(candidate.code, ctx.codes)
        if problem is not None:
            problems.append(problem)
    elif not candidate.position:
        problems.append(
            Problem(
                "position",
                "",
                "give the post: an occupation code (--code) or a job title (--position)",
                "请给出岗位：职业代码（--code）或岗位名称（--position）",
            )
        )
    problems += _local_bonus_problems(candidate, ctx)
    if problems:
        return None, problems
    return match_candidate(candidate, code, ctx.rows, ctx.status, ctx.codes, ctx.table), []


def _local_bonus_problems(candidate: Candidate, ctx: MatchContext) -> list[Problem]:
    from catalogtool.points import check_local_bonus

    if candidate.local_bonus is None:
        return []
    allowed = check_local_bonus(candidate.local_bonus, ctx.table, ctx.status.local_bonus_max)
    if allowed is None:
        return []
    return [local_bonus_problem(candidate.texts.get("local_bonus", str(candidate.local_bonus)), allowed)]


def local_bonus_problem(text: str, allowed: str) -> Problem:
    return Problem(
        "local_bonus", text, f"a local bonus is {allowed} points", f"地方鼓励性加分为 {allowed} 分"
    )


@dataclass(frozen=True)
class BatchOutcome:
    """One row of a candidate list: the answer, or why the row could not be read."""

    number: int
    texts: Mapping[str, str]
    result: MatchResult | None
    problems: tuple[Problem, ...]


def match_table(table: CandidateTable, ctx: MatchContext) -> list[BatchOutcome]:
    """Match every row of a candidate list; a bad row is reported and the others still matched."""
    outcomes = []
    for row in table.rows:
        result, problems = match_values(row.values, ctx)
        texts = result.candidate.texts if result is not None else parse_candidate(row.values)[0].texts
        outcomes.append(BatchOutcome(row.number, texts, result, tuple(problems)))
    return outcomes
