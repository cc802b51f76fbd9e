"""``match`` and ``points`` results as text (a person at a terminal, Chinese or English) and as JSON.

JSON contract of ``match --format json`` (issue #15)::

    {"catalog": {"province", "edition", "effective", "expires", "lapsed"},
     "candidate": {…as read…},
     "rows": [{"row", "seq", "subcategory_code", "subcategory_name", "position",
               "matched_by": "code"|"title",
               "requirements": [{"field", "required", "given", "met"}], "met"}],
     "category_b": bool,
     "points": {"items": [{"item", "given", "points", "rule"}], "total", "class"}}

Extra keys add detail without changing those: a requirement's ``unit``, ``required_text``,
``given_text`` and ``reason``; a row's ``evidence`` (title matching); the verdict's ``reason``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from catalogtool.candidate import FIELDS_BY_KEY
from catalogtool.lang import join
from catalogtool.matching import CatalogStatus, Comparison, MatchResult, RequirementCheck, RowMatch
from catalogtool.model import CatalogRow, row_words
from catalogtool.normalize import EDUCATION_LEVELS
from catalogtool.points import SKILL_LEVELS, PointsResult, PointsTable
from catalogtool.report.common import field_label

if TYPE_CHECKING:
    from catalogtool.match_run import BatchOutcome
    from catalogtool.read.candidates import CandidateTable

# --- shared words ------------------------------------------------------------------------------

_MARK = {True: "✓", False: "✗", None: "?"}
_REASONS = {
    "not_given": ("未提供", "not given"),
    "no_wage": (
        "province.yaml 未给出 local_average_wage（当地平均工资），倍数与金额无法换算",
        "province.yaml has no local_average_wage, so a multiple and an amount cannot be compared",
    ),
    "unreadable": (
        "目录中该项无法识别，请先运行 validate",
        "the catalog's value cannot be read; run validate",
    ),
    "person": (
        "需人工核对（目录允许同等证书）",
        "to be checked by a person (the catalog accepts equivalents)",
    ),
}


def _zh(lang: str) -> bool:
    return lang == "zh"


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _num(value: float) -> str:
    return f"{value:g}"


def value_text(field: str, value: str | float | None, unit: str, lang: str) -> str:
    """A compared value in words: 硕士 / master's degree, 3 年, 4 倍, 472,000 元, 60 周岁."""
    zh = _zh(lang)
    if value is None:
        return "—"
    if unit == "level" and isinstance(value, str):
        level = EDUCATION_LEVELS.get(value)
        return (level[0] if zh else level[1]) if level else value
    if isinstance(value, str):
        return value
    if unit == "years":
        return f"{_num(value)} 年" if zh else f"{_num(value)} year{'' if value == 1 else 's'}"
    if unit == "multiple":
        return f"{_num(value)} 倍" if zh else f"{_num(value)} × average wage"
    if unit == "yuan":
        return f"{_money(value)} 元/年" if zh else f"{_money(value)} yuan/year"
    if unit == "age":
        return f"{_num(value)} 周岁" if zh else f"age {_num(value)}"
    return _num(value)


def requirement_reason(c: Comparison, lang: str) -> str:
    pair = _REASONS.get(c.reason)
    return "" if pair is None else pair[0 if _zh(lang) else 1]


def requirement_line(check: RequirementCheck, lang: str, status: CatalogStatus) -> str:
    """One requirement: label, required (as the catalog says and in its unit), given, ✓ / ✗ / ?."""
    c = check.comparison
    zh = _zh(lang)
    required = check.required_text or value_text(check.field, c.required, c.unit, lang)
    if check.field == "age_max" and not check.required_text:
        required = "60周岁以下（国家基准）" if zh else "60 or under (national baseline)"
    if check.field == "salary" and c.unit == "multiple" and c.required is not None and status.average_wage:
        amount = _money(float(c.required) * status.average_wage)
        wage = _money(status.average_wage)
        required += (
            f"（{_num(float(c.required))} × {wage} = {amount} 元）"
            if zh
            else f" ({_num(float(c.required))} × {wage} = {amount} yuan)"
        )
    label = field_label(check.field, lang)
    if c.reason == "not_given":
        if zh:
            return f"{_MARK[c.met]} {label}：要求 {required}；未提供"
        return f"{_MARK[c.met]} {label}: required {required}; not given"
    given = (
        value_text(check.field, c.given, c.unit, lang) if c.given is not None else (check.given_text or "—")
    )
    if check.field == "salary":
        own = _salary_text(check.given_text, lang)
        if own and own != given:
            given = f"{own}（= {given}）" if zh else f"{own} (= {given})"
    reason = requirement_reason(c, lang)
    tail = f"  {reason}" if reason else ""
    if zh:
        return f"{_MARK[c.met]} {label}：要求 {required}；提供 {given}{tail}"
    return f"{_MARK[c.met]} {label}: required {required}; given {given}{tail}"


def _salary_text(text: str, lang: str) -> str:
    """The candidate's salary in its own unit: 400,000 元/年 or 4 倍."""
    from catalogtool.normalize import parse_salary

    salary = parse_salary(text) if text else None
    if salary is None:
        return text
    if salary.annual_yuan is not None:
        return value_text("salary", salary.annual_yuan, "yuan", lang)
    return value_text("salary", salary.multiple, "multiple", lang)


def _at(row: CatalogRow, lang: str) -> str:
    """Where a catalog row is: ``row 12`` / ``第 12 行``, ``line 40`` in a YAML/JSON catalog."""
    return row_words(row.kind, row.number, "zh" if _zh(lang) else "en")


def row_title(m: RowMatch, lang: str) -> str:
    row = m.row
    seq = (
        f"序号 {row.seq}，"
        if _zh(lang) and row.seq is not None
        else (f"No. {row.seq}, " if row.seq is not None else "")
    )
    if _zh(lang):
        return f"目录{_at(row, lang)}（{seq}{row.subcategory_code} {row.subcategory_name}）：{row.position} · {row.industry}"
    return f"catalog {_at(row, lang)} ({seq}{row.subcategory_code} {row.subcategory_name}): {row.position} · {row.industry}"


def match_evidence(m: RowMatch, lang: str) -> str:
    """Why a row was matched by title: the same position, or codes suggest's evidence."""
    zh = _zh(lang)
    if m.same_title:
        return "目录中岗位名称与所给名称相同" if zh else "the catalog names this very position"
    parts = join((e.describe(lang) for e in m.evidence[:3]), lang, "statements")
    score = f"{m.score:.2f}" if m.score is not None else "—"
    if zh:
        return f"codes suggest 推荐 {m.suggested}（匹配度 {score}）：{parts}"
    return f"codes suggest proposes {m.suggested} (score {score}): {parts}"


def catalog_line(status: CatalogStatus, lang: str) -> str:
    zh = _zh(lang)
    eff = status.effective.isoformat() if status.effective else "—"
    exp = status.expires.isoformat() if status.expires else "—"
    if zh:
        state = "已失效" if status.lapsed else ("尚未施行" if status.not_yet_effective else "有效")
        return f"{status.title}（{status.edition} 版），有效期 {eff} 至 {exp}；{status.today.isoformat()} {state}"
    state = "lapsed" if status.lapsed else ("not yet in force" if status.not_yet_effective else "in force")
    return f"{status.title} (edition {status.edition}), valid {eff} to {exp}; {state} on {status.today.isoformat()}"


def verdict_reason(result: MatchResult, lang: str) -> str:
    """One sentence: meets Category B (row, edition, valid until), or why not."""
    zh = _zh(lang)
    st = result.catalog
    exp = st.expires.isoformat() if st.expires else ("未载明" if zh else "not stated")
    if st.lapsed:
        return (
            f"本目录已于 {exp} 失效，不能据此认定外国专业人才（B类）"
            if zh
            else f"the catalog lapsed after {exp}: it gives no Category B verdict"
        )
    if st.not_yet_effective:
        eff = st.effective.isoformat() if st.effective else ""
        return (
            f"本目录自 {eff} 起施行，{st.today.isoformat()} 尚未施行，不能据此认定 B 类"
            if zh
            else f"the catalog takes effect on {eff}; on {st.today.isoformat()} it gives no Category B verdict"
        )
    if not result.rows:
        if result.code is not None:
            return (
                f"目录中没有代码 {result.code} 的岗位"
                if zh
                else f"the catalog has no row for code {result.code}"
            )
        return "按岗位名称未找到目录中的岗位" if zh else "no catalog row found for this job title"
    met = result.met_rows
    if met:
        row = met[0].row
        return (
            f"符合本目录外国专业人才（B类）标准：目录{_at(row, lang)}（{row.position}），{st.edition} 版，有效期至 {exp}"
            if zh
            else f"meets Category B under this catalog: {_at(row, lang)} ({row.position}), edition {st.edition}, valid until {exp}"
        )
    best = result.best
    assert best is not None
    unmet = "、".join(field_label(r.field, lang) for r in best.unmet)
    unknown = "、".join(field_label(r.field, lang) for r in best.unknown)
    parts = []
    if unmet:
        parts.append(f"未满足：{unmet}" if zh else f"not met: {unmet.replace('、', ', ')}")
    if unknown:
        parts.append(f"无法判断：{unknown}" if zh else f"unknown: {unknown.replace('、', ', ')}")
    detail = "；".join(parts) if zh else "; ".join(parts)
    return (
        f"不符合：没有一行的要求全部满足（最接近的是{_at(best.row, lang)}，{detail}）"
        if zh
        else f"does not meet Category B: no row is fully met (closest: {_at(best.row, lang)}, {detail})"
    )


# --- text ---------------------------------------------------------------------------------------


def candidate_line(texts: dict[str, str] | Any, lang: str) -> str:
    zh = _zh(lang)
    parts = [
        f"{(FIELDS_BY_KEY[k].zh if zh else FIELDS_BY_KEY[k].en)} {v}"
        for k, v in texts.items()
        if k in FIELDS_BY_KEY
    ]
    return ("候选人：" if zh else "Candidate: ") + ("；".join(parts) if zh else "; ".join(parts))


def match_text(result: MatchResult, lang: str, *, catalog_errors: int = 0) -> str:
    """The whole answer for a person."""
    return "\n".join(_match_lines(result, lang, catalog_errors)) + "\n"


def _match_lines(result: MatchResult, lang: str, catalog_errors: int) -> Iterator[str]:
    zh = _zh(lang)
    st = result.catalog
    yield catalog_line(st, lang)
    if catalog_errors:
        yield (
            f"注意：目录有 {catalog_errors} 处错误（catalogtool validate），无法识别的行未参与匹配"
            if zh
            else f"note: the catalog has {catalog_errors} errors (catalogtool validate); unreadable rows are left out"
        )
    yield candidate_line(dict(result.candidate.texts), lang)
    if result.rows and result.matched_by == "title":
        yield (
            "未给出代码，按岗位名称匹配（与 codes suggest 相同的排序），依据如下："
            if zh
            else "No code given: matched by job title (the ranking of codes suggest), with the evidence:"
        )
    yield ""
    for m in result.rows:
        verdict = ("全部满足" if zh else "all met") if m.met else ("未全部满足" if zh else "not all met")
        yield f"{_MARK[True] if m.met else _MARK[False]} {row_title(m, lang)} — {verdict}"
        if m.matched_by == "title":
            yield f"    {'依据：' if zh else 'why: '}{match_evidence(m, lang)}"
        for check in m.requirements:
            yield f"    {requirement_line(check, lang, st)}"
        skills = m.row.skills
        if skills:
            yield (
                f"    · 专业技能：{skills}（由用人单位和审批机关判断，未比对）"
                if zh
                else f"    · skills: {skills} (for the employer and the permit officer to judge; not compared)"
            )
        yield ""
    if st.average_wage is None and any(
        r.comparison.reason == "no_wage" for m in result.rows for r in m.requirements
    ):
        yield (
            "province.yaml 未给出 local_average_wage，按倍数表述的薪酬要求无法与年薪金额比较。"
            if zh
            else "province.yaml has no local_average_wage: salary multiples cannot be compared with amounts."
        )
    yes = result.category_b
    head = ("结论" if zh else "Verdict") + ("：" if zh else ": ")
    yield head + ("✓ " if yes else "✗ ") + verdict_reason(result, lang)
    if result.points is not None:
        yield ""
        yield from _points_lines(result.points, lang, salary_note=_points_salary_note(result, lang))


def _points_salary_note(result: MatchResult, lang: str) -> str:
    salary = result.candidate.salary
    if salary is not None and salary.annual_yuan is None and result.catalog.average_wage is None:
        return (
            "薪酬以倍数给出且 province.yaml 未给出 local_average_wage，年薪一项未计分"
            if _zh(lang)
            else "the salary is a multiple and province.yaml has no local_average_wage: salary not scored"
        )
    return ""


def points_text(result: PointsResult, table: PointsTable, lang: str) -> str:
    """The points for a person: each item with its rule, the total and the class."""
    lines = list(_points_lines(result, lang))
    lines.append("")
    lines.append(
        f"依据：{table.source.split(' / ')[0]}；A类 ≥ {table.class_a}，B类 {table.class_b}–{table.class_a - 1}，C类 < {table.class_b}"
        if _zh(lang)
        else f"Source: {table.source.split(' / ')[-1]}; A ≥ {table.class_a}, B {table.class_b}–{table.class_a - 1}, C < {table.class_b}"
    )
    return "\n".join(lines) + "\n"


def _points_lines(result: PointsResult, lang: str, salary_note: str = "") -> Iterator[str]:
    zh = _zh(lang)
    yield "工作许可积分（2017 积分要素计分赋值表）：" if zh else "Work-permit points (2017 points table):"
    width = max(len(i.name(lang)) for i in result.items)
    for item in result.items:
        name = item.name(lang)
        yield f"  {item.points:>2} / {item.max:<2}  {name}{' ' * (width - len(name)) if not zh else ''}  {item.rule(lang)}"
    if salary_note:
        yield f"  {salary_note}"
    missing = "、".join(i.name(lang) for i in result.items if i.item in result.missing)
    total = (
        f"合计 {result.total} 分：{result.klass} 类"
        if zh
        else f"Total {result.total} points: class {result.klass}"
    )
    if missing:
        total += (
            f"（未提供的项目按 0 分计：{missing}）"
            if zh
            else f" (items not given count 0: {missing.replace('、', '; ')})"
        )
    yield total


# --- JSON ---------------------------------------------------------------------------------------


def _given_json(value: object) -> object:
    if isinstance(value, str) and value in SKILL_LEVELS:
        return value
    return value


def points_object(result: PointsResult, lang: str) -> dict[str, Any]:
    """``{"items": [{"item", "given", "points", "rule"}], "total", "class"}`` (+ ``max``, ``missing``)."""
    return {
        "table": result.table,
        "items": [
            {
                "item": i.item,
                "given": _given_json(i.given),
                "points": i.points,
                "max": i.max,
                "rule": i.rule(lang),
            }
            for i in result.items
        ],
        "total": result.total,
        "class": result.klass,
        "missing": list(result.missing),
    }


def _requirement_object(check: RequirementCheck, lang: str) -> dict[str, Any]:
    c = check.comparison
    return {
        "field": check.field,
        "required": c.required,
        "given": c.given,
        "met": c.met,
        "unit": c.unit,
        "required_text": check.required_text or None,
        "given_text": check.given_text or None,
        "reason": c.reason or None,
    }


def _row_object(m: RowMatch, lang: str) -> dict[str, Any]:
    row = m.row
    out: dict[str, Any] = {
        "row": row.number,
        "seq": row.seq,
        "subcategory_code": row.subcategory_code,
        "subcategory_name": row.subcategory_name,
        "position": row.position,
        "industry": row.industry,
        "matched_by": m.matched_by,
        "requirements": [_requirement_object(r, lang) for r in m.requirements],
        "met": m.met,
    }
    if m.matched_by == "title":
        out["evidence"] = match_evidence(m, lang)
        out["suggested_code"] = m.suggested
        out["score"] = m.score
    return out


def catalog_object(status: CatalogStatus) -> dict[str, Any]:
    return {
        "province": status.province,
        "title": status.title,
        "edition": status.edition,
        "effective": status.effective.isoformat() if status.effective else None,
        "expires": status.expires.isoformat() if status.expires else None,
        "lapsed": status.lapsed,
        "in_force": status.in_force,
        "today": status.today.isoformat(),
        "local_average_wage": status.average_wage,
    }


def match_object(result: MatchResult, lang: str) -> dict[str, Any]:
    """The JSON contract above."""
    return {
        "catalog": catalog_object(result.catalog),
        "candidate": dict(result.candidate.texts),
        "code": result.code,
        "rows": [_row_object(m, lang) for m in result.rows],
        "category_b": result.category_b,
        "reason": verdict_reason(result, lang),
        "points": points_object(result.points, lang) if result.points is not None else None,
    }


def batch_object(outcomes: Sequence[BatchOutcome], table: CandidateTable, lang: str) -> dict[str, Any]:
    """``match --batch --format json``: the list read, and per row its answer (the object above) or its
    problems."""
    return {
        "file": table.file,
        "sheet": table.sheet,
        "columns": dict(table.columns),
        "candidates": [
            {
                "row": o.number,
                "result": match_object(o.result, lang) if o.result is not None else None,
                "problems": [
                    {"field": p.field, "value": p.value, "message": p.message(lang)} for p in o.problems
                ],
            }
            for o in outcomes
        ],
    }
