"""The summary ``consult collect`` prints: one line per form (party, opinions, proposals, unmatched
rows), the warnings, and what was written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from catalogtool.workbook import text_width

if TYPE_CHECKING:
    from catalogtool.consult.jobs import CollectResult

_HEADERS = {
    "zh": ("单位", "意见", "其中新增建议", "未匹配行", "文件"),
    "en": ("Party", "Opinions", "New-row proposals", "Unmatched rows", "File"),
}


def _pad(text: str, width: float, right: bool) -> str:
    gap = " " * int(width - text_width(text))
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows as aligned lines (CJK characters counted double), columns two spaces apart."""
    widths = [max(text_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(_pad(cell, w, r) for cell, w, r in zip(row, widths, right, strict=True)).rstrip()
        for row in rows
    ]


def render_collect(result: CollectResult, lang: str) -> str:
    """The summary table and the outcome, in ``lang``."""
    zh = lang == "zh"
    rows = [list(_HEADERS["zh" if zh else "en"])]
    for form in result.forms:
        rows.append(
            [form.party, str(len(form.opinions)), str(form.proposals), str(form.unmatched_rows), form.file]
        )
    total = sum(len(f.opinions) for f in result.forms)
    rows.append(
        [
            "合计" if zh else "Total",
            str(total),
            str(sum(f.proposals for f in result.forms)),
            str(sum(f.unmatched_rows for f in result.forms)),
            f"{len(result.forms)} 份" if zh else f"{len(result.forms)} form(s)",
        ]
    )
    lines = table(rows, (False, True, True, True, False))
    lines.insert(1, "-" * max(int(text_width(line)) for line in lines))
    name = result.path.name
    if result.problems:
        lines.append(f"未写入 {name}。" if zh else f"{name} not written.")
    elif result.written:
        parties = len(result.new_parties)
        if zh:
            text = f"已写入 {result.path}：新增意见 {len(result.added)} 条"
            text += f"，新增单位 {parties} 家" if parties else ""
            text += f"；已有 {result.already} 条未重复记录。" if result.already else "。"
        else:
            text = f"wrote {result.path}: {len(result.added)} new opinion(s)"
            text += f", {parties} new part{'y' if parties == 1 else 'ies'}" if parties else ""
            text += f"; {result.already} already recorded." if result.already else "."
        lines.append(text)
    elif result.added or result.new_parties:
        lines.append(
            f"试运行：将新增意见 {len(result.added)} 条，未写入 {name}。"
            if zh
            else f"dry run: {len(result.added)} new opinion(s); {name} not written."
        )
    else:
        lines.append(
            f"没有新意见：{total} 条均已记录在 {name} 中，未改动该文件。"
            if zh
            else f"nothing new: all {total} opinion(s) are already in {name}; it was not changed."
        )
    return "\n".join(lines) + "\n"
