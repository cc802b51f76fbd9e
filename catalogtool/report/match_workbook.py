"""The results workbook of ``match --batch``: one row per candidate, coloured by verdict, and a summary.

Sheets: 匹配结果 / Results (the candidate's row number in the list, name, post, verdict, the catalog
row that applies, the requirements not met and those that could not be judged, points and class, the
reason in words) and 汇总 / Summary (the catalog and its validity, the date, counts by verdict and by
points class). A4 landscape, one page wide, header row repeated, page numbers in the footer. Every
cell is written as inert data (text that looks like a formula stays text). Written atomically.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.atomic import write_bytes
from catalogtool.deterministic import normalise_ooxml
from catalogtool.model import row_words
from catalogtool.report.common import field_label
from catalogtool.report.match import catalog_line, requirement_line, verdict_reason
from catalogtool.safe_cells import set_cell
from catalogtool.workbook import a4_print_setup, row_height

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from catalogtool.match_run import BatchOutcome, MatchContext
    from catalogtool.read.candidates import CandidateTable

# Verdict → (zh, en, fill colour): the conditional-formatting colours people know from Excel.
VERDICTS: dict[str, tuple[str, str, str]] = {
    "met": ("符合B类", "meets Category B", "C6EFCE"),
    "not_met": ("不符合", "does not meet", "FFC7CE"),
    "unknown": ("待补充信息", "needs more information", "FFEB9C"),
    "no_row": ("目录中无此岗位", "no catalog row", "FFC7CE"),
    "lapsed": ("目录已失效", "catalog lapsed", "D9D9D9"),
    "error": ("输入有误", "input error", "F4B084"),
}
_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("名单行号", "List row", 6),
    ("姓名", "Name", 11),
    ("职业代码", "Code", 10),
    ("岗位名称", "Position", 15),
    ("结论", "Verdict", 10),
    ("匹配方式", "Matched by", 6),
    ("适用目录行", "Catalog row", 24),
    ("未满足的要求", "Requirements not met", 27),
    ("无法判断的要求", "Requirements not judged", 22),
    ("积分", "Points", 6),
    ("积分类别", "Class", 6),
    ("说明", "Explanation", 30),
)


def verdict_key(outcome: BatchOutcome) -> str:
    """met / not_met / unknown / no_row / lapsed / error."""
    result = outcome.result
    if result is None:
        return "error"
    if not result.catalog.in_force:
        return "lapsed"
    if result.category_b:
        return "met"
    if not result.rows:
        return "no_row"
    best = result.best
    return "unknown" if best is not None and not best.unmet else "not_met"


def _row_values(o: BatchOutcome, lang: str) -> list[object]:
    zh = lang == "zh"
    key = verdict_key(o)
    verdict = VERDICTS[key][0 if zh else 1]
    texts = o.texts
    if o.result is None:
        problems = "；".join(p.message(lang) for p in o.problems)
        return [
            o.number,
            texts.get("name", ""),
            texts.get("code", ""),
            texts.get("position", ""),
            verdict,
            "",
            "",
            "",
            "",
            None,
            "",
            problems,
        ]
    r = o.result
    best = r.best
    by = ""
    row_text = ""
    unmet = unknown = ""
    if best is not None:
        by = {"code": "代码" if zh else "code", "title": "岗位名称" if zh else "title"}[best.matched_by]
        row = best.row
        seq = (
            f"（序号{row.seq}）"
            if zh and row.seq is not None
            else (f" (No. {row.seq})" if row.seq is not None else "")
        )
        row_text = f"{row_words(row.kind, row.number, lang)}{seq} {row.subcategory_code} {row.position}"
        unmet = "\n".join(requirement_line(c, lang, r.catalog)[2:] for c in best.unmet)
        unknown = "\n".join(requirement_line(c, lang, r.catalog)[2:] for c in best.unknown)
    points = r.points.total if r.points is not None else None
    klass = r.points.klass if r.points is not None else ""
    return [
        o.number,
        texts.get("name", ""),
        r.code or texts.get("code", ""),
        texts.get("position", "") or (best.row.position if best else ""),
        verdict,
        by,
        row_text,
        unmet,
        unknown,
        points,
        klass,
        verdict_reason(r, lang),
    ]


def batch_workbook_bytes(
    outcomes: Sequence[BatchOutcome],
    ctx: MatchContext,
    table: CandidateTable,
    lang: str,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """The results workbook as bytes (deterministic for a given ``timestamp``)."""
    from openpyxl import Workbook

    wb = Workbook()
    results = wb.active
    assert results is not None
    results.title = "匹配结果" if lang == "zh" else "Results"
    _results_sheet(results, outcomes, ctx, lang)
    _summary_sheet(wb.create_sheet("汇总" if lang == "zh" else "Summary"), outcomes, ctx, table, lang)
    wb.properties.creator = "catalogtool"
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_ooxml(buffer.getvalue(), timestamp or dt.datetime.now(dt.UTC))


def write_batch_workbook(
    path: Path, outcomes: Sequence[BatchOutcome], ctx: MatchContext, table: CandidateTable, lang: str
) -> None:
    """Write :func:`batch_workbook_bytes` to ``path`` atomically."""
    write_bytes(path, batch_workbook_bytes(outcomes, ctx, table, lang))


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="808080")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "centre": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "font": Font(name="Noto Sans CJK SC", size=10),
        "bold": Font(name="Noto Sans CJK SC", size=10, bold=True),
        "title": Font(name="Noto Sans CJK SC", size=14, bold=True),
    }


def _results_sheet(
    worksheet: Worksheet, outcomes: Sequence[BatchOutcome], ctx: MatchContext, lang: str
) -> None:
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    s = _styles()
    zh = lang == "zh"
    last = get_column_letter(len(_COLUMNS))
    title = worksheet.cell(1, 1)
    set_cell(
        title,
        ("外国人来华工作指导目录 候选人匹配结果" if zh else "Guidance Catalog: candidate matching results"),
    )
    title.font = s["title"]
    worksheet.merge_cells(f"A1:{last}1")
    info = worksheet.cell(2, 1)
    set_cell(info, catalog_line(ctx.status, lang))
    info.font = s["font"]
    worksheet.merge_cells(f"A2:{last}2")
    widths = [w for _, _, w in _COLUMNS]
    worksheet.row_dimensions[3].height = row_height([c[0 if zh else 1] for c in _COLUMNS], widths)
    for index, (label_zh, label_en, width) in enumerate(_COLUMNS, start=1):
        cell = worksheet.cell(3, index)
        set_cell(cell, label_zh if zh else label_en)
        cell.font, cell.alignment, cell.border = s["bold"], s["centre"], s["border"]
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for number, outcome in enumerate(outcomes, start=4):
        values = _row_values(outcome, lang)
        fill = PatternFill("solid", fgColor=VERDICTS[verdict_key(outcome)][2])
        worksheet.row_dimensions[number].height = row_height(values, widths)
        for index, value in enumerate(values, start=1):
            cell = worksheet.cell(number, index)
            set_cell(cell, value)
            cell.font, cell.alignment, cell.border = s["font"], s["wrap"], s["border"]
            if index == 5:
                cell.fill = fill
                cell.font = s["bold"]
    worksheet.freeze_panes = "A4"
    if outcomes:
        worksheet.auto_filter.ref = f"A3:{last}{3 + len(outcomes)}"
    a4_print_setup(worksheet, "3:3")


def _summary_sheet(
    worksheet: Worksheet,
    outcomes: Sequence[BatchOutcome],
    ctx: MatchContext,
    table: CandidateTable,
    lang: str,
) -> None:
    from openpyxl.styles import PatternFill

    s = _styles()
    zh = lang == "zh"
    st = ctx.status
    verdicts = Counter(verdict_key(o) for o in outcomes)
    classes = Counter(
        o.result.points.klass for o in outcomes if o.result is not None and o.result.points is not None
    )
    rows: list[tuple[str, object, str | None]] = [  # label, value, fill colour
        ("目录" if zh else "Catalog", st.title, None),
        ("版本" if zh else "Edition", st.edition, None),
        ("施行日期" if zh else "Effective", st.effective.isoformat() if st.effective else "—", None),
        ("有效期至" if zh else "Valid until", st.expires.isoformat() if st.expires else "—", None),
        ("判断日期" if zh else "Date of the answer", st.today.isoformat(), None),
        ("目录状态" if zh else "Catalog status", _state(st, zh), "D9D9D9" if not st.in_force else None),
        (
            "当地平均工资（元/年）" if zh else "Local average wage (yuan/year)",
            st.average_wage
            if st.average_wage is not None
            else ("province.yaml 未给出" if zh else "not in province.yaml"),
            None,
        ),
        (
            "候选人名单" if zh else "Candidate list",
            Path(table.file).name + (f" / {table.sheet}" if table.sheet else ""),
            None,
        ),
        ("候选人数" if zh else "Candidates", len(outcomes), None),
    ]
    for key, (label_zh, label_en, fill) in VERDICTS.items():
        rows.append((label_zh if zh else label_en, verdicts.get(key, 0), fill))
    for klass in ("A", "B", "C"):
        rows.append(((f"积分 {klass} 类" if zh else f"Points class {klass}"), classes.get(klass, 0), None))
    if table.unknown:
        listed = "、".join(f"{letter}（{label}）" for letter, label in table.unknown)
        rows.append(("未识别的列（未使用）" if zh else "Columns not recognised (not used)", listed, None))
    used = "、".join(f"{letter}: {field_label_candidate(k, zh)}" for k, letter in table.columns.items())
    rows.append(("已识别的列" if zh else "Columns used", used, None))
    title = worksheet.cell(1, 1)
    set_cell(title, "匹配结果汇总" if zh else "Summary")
    title.font = s["title"]
    worksheet.merge_cells("A1:B1")
    worksheet.column_dimensions["A"].width = 30
    worksheet.column_dimensions["B"].width = 70
    for number, (label, value, colour) in enumerate(rows, start=3):
        a, b = worksheet.cell(number, 1), worksheet.cell(number, 2)
        set_cell(a, label)
        set_cell(b, value)
        a.font, b.font = s["bold"], s["font"]
        a.border = b.border = s["border"]
        a.alignment = b.alignment = s["wrap"]
        if colour:
            a.fill = PatternFill("solid", fgColor=colour)
        worksheet.row_dimensions[number].height = row_height([label, value], [30, 70])
    a4_print_setup(worksheet, None, "portrait")


def _state(st: Any, zh: bool) -> str:
    if st.lapsed:
        return "已失效：不作 B 类认定" if zh else "lapsed: no Category B verdicts"
    if st.not_yet_effective:
        return "尚未施行：不作 B 类认定" if zh else "not yet in force: no Category B verdicts"
    return "有效" if zh else "in force"


def field_label_candidate(key: str, zh: bool) -> str:
    from catalogtool.candidate import FIELDS_BY_KEY

    spec = FIELDS_BY_KEY.get(key)
    if spec is None:
        return field_label(key, "zh" if zh else "en")
    return spec.zh if zh else spec.en
