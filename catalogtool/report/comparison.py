"""``catalogtool compare`` as people and programs read it: the views as tables, text, and JSON.

:func:`views` lays a :class:`~catalogtool.compare.Comparison` out as titled tables once; the text
report, the workbook and the Word report (:mod:`catalogtool.report.comparison_docs`) all render
those same tables, so every output says the same thing. :func:`to_json` is the documented contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from catalogtool import __version__
from catalogtool.compare import (
    REQUIREMENT_LABELS,
    TEXT_REQUIREMENTS,
    Comparison,
    Difference,
    Post,
    Recognition,
    SalarySpan,
    Side,
    Span,
    SubcategoryRow,
    salary_threshold,
)
from catalogtool.lang import join
from catalogtool.model import Salary
from catalogtool.normalize import BASELINE, EDUCATION_LEVELS


@dataclass(frozen=True)
class View:
    """One titled table: a sheet of the workbook, a section of the Word report and of the text."""

    sheet: str
    title: str
    note: str
    header: tuple[str, ...]
    widths: tuple[float, ...]  # relative column widths (workbook character units)
    rows: tuple[tuple[str, ...], ...]
    lead: int = 1  # leading columns that name the record (shown without their labels in text)


def _zh(lang: str) -> bool:
    return lang == "zh"


# --- values as words ----------------------------------------------------------------------------


def number(value: float) -> str:
    return f"{value:g}"


def education_word(key: str | float | None, lang: str) -> str:
    if not isinstance(key, str) or key not in EDUCATION_LEVELS:
        return "未作规定" if _zh(lang) else "not stated"
    zh, en, _ = EDUCATION_LEVELS[key]
    return zh if _zh(lang) else en


def yuan(amount: float, lang: str) -> str:
    """300000 → '30万元' / 'CNY 300,000'."""
    return f"{amount / 10_000:g}万元" if _zh(lang) else f"CNY {amount:,.0f}"


def pay_word(pay: Salary | None, lang: str) -> str:
    if pay is None:
        return "未作规定" if _zh(lang) else "not stated"
    if pay.multiple is not None:
        return f"社平工资{number(pay.multiple)}倍" if _zh(lang) else f"{number(pay.multiple)}× average wage"
    assert pay.annual_yuan is not None
    return yuan(pay.annual_yuan, lang)


def _range(low: float, high: float, fmt: str) -> str:
    return fmt.format(number(low)) if low == high else fmt.format(f"{number(low)}–{number(high)}")


def _unstated(
    count: int, total: int, lang: str, what_zh: str = "未作规定", what_en: str = "not stated"
) -> str:
    if not count:
        return ""
    if _zh(lang):
        return f"（{count}个岗位{what_zh}）"
    return f" ({count} post{'s' if count > 1 else ''} {what_en})"


def education_span(span: Span, total: int, lang: str) -> str:
    if span.loosest is None:
        return education_word(None, lang)
    low, high = education_word(span.loosest, lang), education_word(span.strictest, lang)
    return (low if low == high else f"{low}–{high}") + _unstated(span.unstated, total, lang)


def years_span(span: Span, total: int, lang: str) -> str:
    if not isinstance(span.loosest, float | int) or not isinstance(span.strictest, float | int):
        return "未作规定" if _zh(lang) else "not stated"
    text = _range(span.loosest, span.strictest, "{}年" if _zh(lang) else "{} yrs")
    return text + _unstated(span.unstated, total, lang)


def age_span(span: Span, total: int, lang: str) -> str:
    if not isinstance(span.loosest, float | int) or not isinstance(span.strictest, float | int):
        return "不限" if _zh(lang) else "no limit"
    text = _range(span.strictest, span.loosest, "≤{}周岁" if _zh(lang) else "≤ {}")
    return text + _unstated(span.unstated, total, lang, "不限", "without a limit")


def salary_span(span: SalarySpan, total: int, lang: str) -> str:
    parts = []
    if span.multiple is not None:
        parts.append(_range(*span.multiple, "社平工资{}倍" if _zh(lang) else "{}× average wage"))
    if span.annual_yuan is not None:
        low, high = span.annual_yuan
        parts.append(yuan(low, lang) if low == high else f"{yuan(low, lang)}–{yuan(high, lang)}")
    if not parts:
        return "未作规定" if _zh(lang) else "not stated"
    return join(parts, lang) + _unstated(span.unstated, total, lang)


def standing_words(side: Side, lang: str) -> str:
    s = side.standings
    if _zh(lang):
        return f"低于{s['below']}、持平{s['at']}、高于{s['above']}"
    return f"{s['below']} below, {s['at']} at, {s['above']} above"


def baseline_words(lang: str) -> tuple[str, str, str, str]:
    """The national Category B baseline in the columns of the subcategory table."""
    base = BASELINE
    if _zh(lang):
        return (
            f"{education_word(base.education, lang)}及以上",
            f"{number(base.experience_years)}年",
            "—",
            f"≤{base.age_max}周岁",
        )
    return (
        f"{education_word(base.education, lang)} or higher",
        f"{number(base.experience_years)} yrs",
        "—",
        f"≤ {base.age_max}",
    )


def salary_note(row: SubcategoryRow, c: Comparison, lang: str) -> str:
    """Why the salaries of a subcategory cannot be set against each other (empty when they can)."""
    if row.salary_basis is not None:
        return ""
    missing = [
        k
        for k, s in row.sides.items()
        if s.salary.multiple is not None and c.province(k).local_average_wage is None
    ]
    names = join(missing, lang)
    if _zh(lang):
        return f"薪酬无法比较：有的省份以社平工资倍数表示，有的以金额表示，且{names}未给出社平工资"
    return f"salaries cannot be compared: some provinces state a multiple, others an amount, and {names} gives no average wage"


# --- the views ----------------------------------------------------------------------------------


def _names(c: Comparison, lang: str) -> str:
    return join(
        (f"{p.name_zh}（{p.key}）" if _zh(lang) else f"{p.name_en} ({p.key})" for p in c.provinces), lang
    )


def summary_view(c: Comparison, lang: str) -> View:
    zh = _zh(lang)
    s = c.summary
    rows: list[tuple[str, ...]] = [
        ("共同列入的小类（全部省份）" if zh else "Subcategories listed by all", str(s.shared_by_all)),
        ("部分省份列入的小类（两省及以上）" if zh else "Listed by some (two or more)", str(s.shared_by_some)),
    ]
    rows += [
        (f"仅{p.key}列入的小类" if zh else f"Listed by {p.key} only", str(s.only[p.key])) for p in c.provinces
    ]
    for p in c.provinces:
        counts = s.standings[p.key]
        total = len(p.posts)
        shares = {
            k: f"{counts[k]}（{_percent(counts[k], total)}）"
            if zh
            else f"{counts[k]} ({_percent(counts[k], total)})"
            for k in counts
        }
        rows.append(
            (
                f"{p.key} 岗位与国家基准相比" if zh else f"{p.key} posts against the national baseline",
                f"共{total}个：低于{shares['below']}、持平{shares['at']}、高于{shares['above']}"
                if zh
                else f"{total} posts: {shares['below']} below, {shares['at']} at, {shares['above']} above",
            )
        )
    base = baseline_words(lang)
    note = (
        f"比较日期：{c.today.isoformat()}；国家基准（外国专业人才 B 类）：{base[0]}、{base[1]}工作经历、年龄{base[3]}"
        if zh
        else f"As of {c.today.isoformat()}; national Category B baseline: {base[0]}, {base[1]} of experience, age {base[3]}"
    )
    return View(
        "概况" if zh else "Summary",
        ("指导目录比较：" if zh else "Catalogs compared: ") + _names(c, lang),
        note,
        ("项目", "数量") if zh else ("Item", "Count"),
        (46, 60),
        tuple(rows),
    )


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def validity_view(c: Comparison, lang: str) -> View:
    zh = _zh(lang)
    rows = []
    for p in c.provinces:
        v = c.validity[p.key]
        state = ("已失效" if zh else "lapsed") if v.lapsed else ("有效" if zh else "in force")
        if v.effective is not None and c.today < v.effective:
            state = "尚未生效" if zh else "not yet in force"
        if v.expires is None:
            state = "有效期未知" if zh else "validity unknown"
        rows.append(
            (
                p.key,
                p.title,
                p.edition,
                p.authority,
                v.effective.isoformat() if v.effective else "—",
                v.expires.isoformat() if v.expires else "—",
                state,
            )
        )
    header = (
        ("省份", "目录名称", "版本", "发布机关", "生效日期", "失效日期", f"{c.today.isoformat()} 状态")
        if zh
        else (
            "Province",
            "Title",
            "Edition",
            "Authority",
            "Effective",
            "Expires",
            f"Status on {c.today.isoformat()}",
        )
    )
    return View(
        "有效期" if zh else "Validity",
        "有效期对照" if zh else "Validity periods",
        "",
        header,
        (8, 34, 8, 26, 16, 16, 14),
        tuple(rows),
    )


def subcategory_view(c: Comparison, lang: str) -> View:
    zh = _zh(lang)
    base = baseline_words(lang)
    rows: list[tuple[str, ...]] = [
        ("", "国家基准（B类）" if zh else "National baseline (B)", "", "", *base, "")
    ]
    for sub in c.subcategories:
        note = salary_note(sub, c, lang)
        for key, s in sub.sides.items():
            n = len(s.posts)
            rows.append(
                (
                    sub.code,
                    sub.name,
                    key,
                    str(n),
                    education_span(s.education, n, lang),
                    years_span(s.experience_years, n, lang),
                    salary_span(s.salary, n, lang) + (f"\n{note}" if note else ""),
                    age_span(s.age_max, n, lang),
                    standing_words(s, lang),
                )
            )
    header = (
        ("小类代码", "小类名称", "省份", "岗位数", "学历", "工作经历", "薪酬", "年龄", "对照基准（岗位数）")
        if zh
        else (
            "Code",
            "Subcategory",
            "Province",
            "Posts",
            "Education",
            "Experience",
            "Salary",
            "Age",
            "Against baseline (posts)",
        )
    )
    note = (
        "每项要求给出该省在该小类下最宽松至最严格的规定；首行为国家基准，供对照"
        if zh
        else "Each requirement shows the province's loosest to strictest value in the subcategory; the first row is the national baseline, for reference"
    )
    return View(
        "小类对比" if zh else "Subcategories",
        "按职业小类对比" if zh else "By subcategory",
        note,
        header,
        (14, 22, 7, 7, 13, 11, 22, 13, 18),
        tuple(rows),
        lead=3,
    )


def texts_view(c: Comparison, lang: str) -> View:
    """Skills and certificates, free text: each province's wordings side by side per subcategory."""
    from catalogtool.fields import field

    zh = _zh(lang)
    rows: list[tuple[str, ...]] = []
    for sub in c.subcategories:
        for key, s in sub.sides.items():
            cells = (
                join(s.texts.get(f, ()), lang, "statements") or ("未作规定" if zh else "not stated")
                for f in TEXT_REQUIREMENTS
            )
            rows.append((sub.code, sub.name, key, *cells))
    labels = tuple(field(f).zh if zh else field(f).en for f in TEXT_REQUIREMENTS)
    note = (
        "文字要求无法比较宽严：按省份并列该小类下各岗位的不同表述"
        if zh
        else "Written requirements have no order of strictness: each province's distinct wordings in the "
        "subcategory, side by side"
    )
    return View(
        "技能与证书" if zh else "Skills & certificates",
        "专业技能与职业资格证书对照" if zh else "Skills and certificates side by side",
        note,
        (("小类代码", "小类名称", "省份") if zh else ("Code", "Subcategory", "Province")) + labels,
        (14, 22, 7, 60, 32),
        tuple(rows),
        lead=3,
    )


def standards_view(c: Comparison, lang: str) -> View:
    from catalogtool.rules.catalog import STANDARD_BLOCKS

    zh = _zh(lang)
    rows = []
    for block in c.standards:
        label = STANDARD_BLOCKS.get(block.block, (block.block, block.block))[0 if zh else 1]
        for key, criteria in block.criteria.items():
            if not criteria:
                rows.append((label, key, "（未规定）" if zh else "(none)", "", ""))
            for cr in criteria:
                pay = salary_threshold(cr.text)
                rows.append((label, key, cr.id, cr.text, pay_word(pay, lang) if pay else ""))
    header = (
        ("类别", "省份", "编号", "认定标准", "薪酬门槛")
        if zh
        else ("Block", "Province", "Id", "Criterion", "Salary threshold")
    )
    return View(
        "A类标准" if zh else "Category A",
        "外国高端人才（A类）认定标准对照" if zh else "Local Category A standards side by side",
        "",
        header,
        (18, 8, 12, 62, 16),
        tuple(rows),
        lead=2,
    )


def _difference_words(d: Difference, c: Comparison, r: Recognition, lang: str) -> str:
    zh = _zh(lang)
    label = REQUIREMENT_LABELS[d.field][0 if zh else 1]
    mine = _requirement(d.field, d.mine, lang)
    theirs = _requirement(d.field, d.theirs, lang)
    if not d.comparable:
        return (
            f"{label}无法比较（{r.source}：{mine}；{r.target}：{theirs}）"
            if zh
            else f"{label} cannot be compared ({r.source}: {mine}; {r.target}: {theirs})"
        )
    return (
        f"{label}：{r.source} {mine}，{r.target} {theirs}"
        if zh
        else f"{label}: {r.source} {mine}, {r.target} {theirs}"
    )


def _requirement(field: str, post: Post, lang: str) -> str:
    zh = _zh(lang)
    if field == "education":
        return education_word(post.education, lang)
    if field == "experience_years":
        if post.experience_years is None:
            return "未作规定" if zh else "not stated"
        return f"{number(post.experience_years)}年" if zh else f"{number(post.experience_years)} yrs"
    if field == "age_max":
        if post.age_max is None:
            return "不限" if zh else "no limit"
        return f"≤{post.age_max}周岁" if zh else f"≤ {post.age_max}"
    return pay_word(post.salary, lang)


def recognition_view(r: Recognition, c: Comparison, lang: str) -> View:
    zh = _zh(lang)
    rows = []
    for line in r.lines:
        p = line.post
        if line.recognisable:
            assert line.against is not None
            verdict = "可互认" if zh else "recognisable"
            detail = (
                f"不低于{r.target}：{line.against.label(lang)}"
                if zh
                else f"at least as strict as {r.target}: {line.against.label(lang)}"
            )
        elif not line.listed:
            verdict = "不可互认" if zh else "not recognisable"
            detail = f"{r.target}未列入该小类" if zh else f"{r.target} does not list the subcategory"
        else:
            verdict = "不可互认" if zh else "not recognisable"
            detail = join((_difference_words(d, c, r, lang) for d in line.differences), lang, "statements")
        rows.append(
            (
                p.subcategory_code,
                p.subcategory_name,
                p.label(lang),
                verdict,
                detail,
            )
        )
    header = (
        ("小类代码", "小类名称", "岗位", "结论", "依据")
        if zh
        else ("Code", "Subcategory", "Post", "Verdict", "Why")
    )
    n = len(r.candidates)
    note = (
        f"{r.source}的{len(r.lines)}个岗位中，{n}个的各项要求均不低于{r.target}同一小类的某一岗位，可作为互认候选"
        if zh
        else f"{n} of {r.source}'s {len(r.lines)} posts ask at least as much as a post of {r.target} in the same subcategory: candidates for recognition"
    )
    return View(
        f"互认 {r.source}→{r.target}",
        (
            f"互认分析：{r.source} 岗位对照 {r.target}"
            if zh
            else f"Mutual recognition: {r.source} posts against {r.target}"
        ),
        note,
        header,
        (14, 20, 28, 10, 50),
        tuple(rows),
        lead=3,
    )


def views(c: Comparison, lang: str) -> list[View]:
    """Every view of the comparison, in the order they are shown."""
    out = [summary_view(c, lang), validity_view(c, lang), subcategory_view(c, lang), texts_view(c, lang)]
    if c.standards:
        out.append(standards_view(c, lang))
    out += [recognition_view(r, c, lang) for r in c.recognition]
    return out


# --- text ---------------------------------------------------------------------------------------

_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x0A}


def visible(text: str) -> str:
    """Control characters as visible escapes (``\\x1b``): a value never drives the reader's terminal."""
    return text.translate(_CONTROL)


def render_text(c: Comparison, lang: str) -> str:
    """The comparison for a person at a terminal: each view as a titled list, one record a line."""
    zh = _zh(lang)
    lines: list[str] = []
    for view in views(c, lang):
        lines += [view.title, "=" * min(60, 2 * len(view.title))]
        if view.note:
            lines.append(view.note)
        colon = "：" if zh else ": "
        for row in view.rows:
            cells = [visible(v).replace("\n", " ") for v in row]
            name = " ".join(v for v in cells[: view.lead] if v)
            rest = list(zip(view.header[view.lead :], cells[view.lead :], strict=True))
            if len(rest) == 1:
                lines.append(f"  {name}{colon}{rest[0][1]}")
                continue
            pairs = join((f"{h}{colon}{v}" for h, v in rest if v), lang, "statements")
            lines.append(f"  {name} — {pairs}")
        lines.append("")
    return "\n".join(lines)


# --- JSON ---------------------------------------------------------------------------------------


def _pair(value: tuple[float, float] | None) -> list[float] | None:
    return None if value is None else [value[0], value[1]]


def _side_json(s: Side) -> dict[str, Any]:
    return {
        "rows": len(s.posts),
        "positions": [p.position for p in s.posts],
        "education_min": s.education.loosest,
        "education_max": s.education.strictest,
        "years_min": s.experience_years.loosest,
        "years_max": s.experience_years.strictest,
        "salary": {
            "multiple": _pair(s.salary.multiple),
            "annual_yuan": _pair(s.salary.annual_yuan),
            "yuan": _pair(s.salary.yuan),
            "unstated": s.salary.unstated,
            "comparable": s.salary.comparable,
        },
        "age_max": s.age_max.loosest,
        "age_max_strictest": s.age_max.strictest,
        "age_unlimited": s.age_max.unstated,
        "baseline": dict(s.standings),
        **{key: list(s.texts.get(key, ())) for key in TEXT_REQUIREMENTS},
    }


def _post_json(p: Post | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"seq": p.seq, "subcategory_code": p.subcategory_code, "position": p.position}


def _recognition_json(r: Recognition) -> dict[str, Any]:
    def line_json(line: Any) -> dict[str, Any]:
        item = {**(_post_json(line.post) or {}), "against": _post_json(line.against)}
        if not line.recognisable:
            item["reason"] = "not_listed" if not line.listed else "differs"
            item["differences"] = [
                {"field": d.field, "comparable": d.comparable, "against": _post_json(d.theirs)}
                for d in line.differences
            ]
        return item

    return {
        "from": r.source,
        "to": r.target,
        "candidates": [line_json(x) for x in r.candidates],
        "not_recognisable": [line_json(x) for x in r.others],
    }


def to_json(c: Comparison) -> dict[str, Any]:
    """The comparison as the JSON the README documents."""
    from catalogtool.rules.catalog import STANDARD_BLOCKS

    return {
        "tool": {"name": "catalogtool", "version": __version__},
        "today": c.today.isoformat(),
        "baseline": {
            "education": BASELINE.education,
            "years_min": BASELINE.experience_years,
            "age_max": BASELINE.age_max,
        },
        "provinces": [
            {
                "key": p.key,
                "name_zh": p.name_zh,
                "name_en": p.name_en,
                "title": p.title,
                "edition": p.edition,
                "authority": p.authority,
                "source": p.source,
                "rows": len(p.posts),
                "local_average_wage": p.local_average_wage,
            }
            for p in c.provinces
        ],
        "subcategories": [
            {
                "code": s.code,
                "name": s.name,
                "salary_basis": s.salary_basis,
                "provinces": {k: _side_json(v) for k, v in s.sides.items()},
            }
            for s in c.subcategories
        ],
        "summary": {
            "subcategories": len(c.subcategories),
            "shared_by_all": c.summary.shared_by_all,
            "shared_by_some": c.summary.shared_by_some,
            "only": dict(c.summary.only),
            "baseline": {k: {"rows": sum(v.values()), **v} for k, v in c.summary.standings.items()},
        },
        "validity": {
            k: {
                "effective": v.effective.isoformat() if v.effective else None,
                "expires": v.expires.isoformat() if v.expires else None,
                "lapsed": v.lapsed,
            }
            for k, v in c.validity.items()
        },
        "standards": [
            {
                "block": b.block,
                "label_zh": STANDARD_BLOCKS.get(b.block, (b.block, b.block))[0],
                "label_en": STANDARD_BLOCKS.get(b.block, (b.block, b.block))[1],
                "provinces": {
                    k: [_criterion_json(cr.id, cr.text) for cr in crs] for k, crs in b.criteria.items()
                },
            }
            for b in c.standards
        ],
        "recognition": [_recognition_json(r) for r in c.recognition],
    }


def _criterion_json(ident: str, text: str) -> dict[str, Any]:
    pay = salary_threshold(text)
    return {
        "id": ident,
        "text": text,
        "salary_multiple": pay.multiple if pay else None,
        "salary_annual_yuan": pay.annual_yuan if pay else None,
    }


def table_rows(view: View) -> Sequence[Sequence[str]]:
    """The view's rows, for writers that take plain sequences."""
    return [list(r) for r in view.rows]
