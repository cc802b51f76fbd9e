"""``catalogtool compare`` as documents: a workbook (one printable sheet per view) and a Word report for
a meeting (a short generated summary in Chinese, then the views as tables). Both render the same
:func:`~catalogtool.report.comparison.views`; openpyxl and python-docx are imported on use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from catalogtool.compare import Comparison, Standing
from catalogtool.lang import join
from catalogtool.report.comparison import views


def _when(c: Comparison) -> dt.datetime:
    """The documents' one timestamp: the comparison's date, so the same inputs give the same bytes."""
    return dt.datetime.combine(c.today, dt.time())


def comparison_xlsx(c: Comparison, lang: str) -> bytes:
    """One A4-landscape sheet per view, header frozen and repeated on every printed page."""
    from catalogtool.deterministic import normalise_ooxml
    from catalogtool.filing_docs import SheetTable, tables_xlsx

    tables = [
        (v.title, v.note, SheetTable(_sheet_name(v.sheet), v.header, v.widths), [list(r) for r in v.rows])
        for v in views(c, lang)
    ]
    return normalise_ooxml(tables_xlsx(tables, _when(c)), _when(c))


def _sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


#: How a province's posts stand against the national baseline: (counted, all of them).
_STANDINGS: dict[Standing, tuple[str, str]] = {
    "below": ("要求低于基准的", "要求均低于基准"),
    "at": ("持平的", "要求均与基准持平"),
    "above": ("高于基准的", "要求均高于基准"),
}


def summary_sentences(c: Comparison) -> list[str]:
    """The generated summary of the Word report, in Chinese: what is shared, how strict, how long valid."""
    s = c.summary
    keys = "、".join(p.key for p in c.provinces)
    # Counts of 0 are left out (a 0个 reads as an oversight), as in the filing documents.
    shares = [
        f"全部省份共同列入{s.shared_by_all}个" if len(c.provinces) > 1 and s.shared_by_all else "",
        f"部分省份列入{s.shared_by_some}个" if len(c.provinces) > 2 and s.shared_by_some else "",
        "、".join(f"仅{k}列入{n}个" for k, n in s.only.items() if n),
    ]
    out = [
        f"本次比较{len(c.provinces)}个省份（{keys}）的外国人来华工作指导目录，共涉及职业小类{len(c.subcategories)}个"
        + ("：" + "，".join(p for p in shares if p) if any(shares) else "")
        + "。"
    ]
    for p in c.provinces:
        counts = s.standings[p.key]
        total = len(p.posts)
        v = c.validity[p.key]
        validity = (
            f"有效期{v.effective.isoformat()}至{v.expires.isoformat()}，比较日{'已失效' if v.lapsed else '有效'}"
            if v.effective and v.expires
            else "有效期未能确定"
        )
        used = [k for k in _STANDINGS if counts[k]]
        if len(used) == 1:  # 要求均高于基准, not 高于基准的3个
            standing = _STANDINGS[used[0]][1]
        else:
            standing = "、".join(f"{_STANDINGS[k][0]}{counts[k]}个" for k in used)
        out.append(
            f"{p.name_zh}（{p.key}）目录共{total}个岗位，与国家B类基准相比，{standing or '无可比较的岗位'}；{validity}。"
        )
    for r in c.recognition:
        out.append(
            f"互认分析：{r.source}的{len(r.lines)}个岗位中，{len(r.candidates)}个岗位的各项要求均不低于{r.target}"
            f"同一小类的岗位，可作为互认候选；其余{len(r.others)}个岗位需逐项研究。"
        )
    return out


def comparison_docx(c: Comparison, lang: str) -> bytes:
    """A comparison report for a meeting: title, summary paragraphs, then each view as a table."""
    from catalogtool.docx_finish import DocumentInfo
    from catalogtool.filing_docs import _document, _heading, _para, _save, _table, _title

    zh = lang == "zh"
    title = "外国人来华工作指导目录比较报告" if zh else "Guidance Catalogs compared"
    names = join((p.name_zh if zh else p.name_en for p in c.provinces), lang)
    # No authority issues a comparison: it names no author.
    info = DocumentInfo(
        title=title,
        author="",
        subject=f"{names}外国人来华工作指导目录" if zh else f"Guidance Catalogs of {names}",
        when=_when(c),
        keywords=("外国人来华工作指导目录" if zh else "Guidance Catalog", *(p.key for p in c.provinces)),
        category="比较报告" if zh else "Comparison",
    )
    doc = _document(info)
    _title(doc, title)
    _heading(doc, "一、概要" if zh else "1. Summary")
    shown = views(c, lang)
    if zh:  # the generated prose is Chinese; an English report shows the summary table instead
        for sentence in summary_sentences(c):
            _para(doc, sentence)
        shown = shown[1:]
    width = _landscape(doc)  # the tables are wide: they follow on landscape pages
    numerals = "二三四五六七八九十"
    for i, view in enumerate(shown):
        _heading(doc, f"{numerals[i]}、{view.title}" if zh else f"{i + 2}. {view.title}")
        if view.note:
            _para(doc, view.note)
        _table(doc, view.header, [list(r) for r in view.rows], view.widths, width_mm=width)
    return _save(doc, info)


def _landscape(doc: Any) -> float:
    """Start a landscape A4 section with the portrait section's margins; its text width in mm."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    portrait = doc.sections[0]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = portrait.top_margin, portrait.bottom_margin
    section.top_margin, section.bottom_margin = portrait.left_margin, portrait.right_margin
    return float(297 - section.left_margin.mm - section.right_margin.mm)
