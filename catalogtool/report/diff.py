"""``catalogtool diff``'s outputs: the JSON report and the text for people (zh/en), of a
:class:`~catalogtool.diff.CatalogDiff`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from catalogtool.diff import KINDS, CatalogDiff, FieldChange
from catalogtool.fields import FIELD_LABELS
from catalogtool.model import LocationKind, row_words

if TYPE_CHECKING:
    from catalogtool.codes import CodeList


def _fields_json(fields: Sequence[FieldChange]) -> dict[str, dict[str, object]]:
    return {f.field: {"old": f.old, "new": f.new, "wording_only": f.wording_only} for f in fields}


def diff_to_json(
    diff: CatalogDiff, old_file: str, new_file: str, codes: CodeList | None = None
) -> dict[str, Any]:
    """The JSON report: added, removed, moved, changed, and a summary by major category."""
    return {
        "files": {"old": old_file, "new": new_file},
        "added": [{"key": e.key.as_json(), "row": e.row, "values": dict(e.values)} for e in diff.added],
        "removed": [{"key": e.key.as_json(), "row": e.row, "values": dict(e.values)} for e in diff.removed],
        "moved": [
            {
                "position": m.position,
                "old": {"subcategory_code": m.old_code, "row": m.old_row},
                "new": {"subcategory_code": m.new_code, "row": m.new_row},
                "fields": _fields_json(m.fields),
            }
            for m in diff.moved
        ],
        "changed": [
            {
                "key": c.key.as_json(),
                "old_row": c.old_row,
                "new_row": c.new_row,
                "fields": _fields_json(c.fields),
            }
            for c in diff.changed
        ],
        "summary": {
            "old_rows": diff.old_rows,
            "new_rows": diff.new_rows,
            **{kind: len(getattr(diff, kind)) for kind in KINDS},
            "unchanged": diff.unchanged,
            "by_major": {
                major: {"name": _major_name(major, codes), **counts}
                for major, counts in diff.by_major().items()
            },
        },
    }


def _major_name(major: str, codes: CodeList | None) -> str:
    """The major category's (Chinese) name, '' when unknown."""
    entry = codes.get(major) if codes is not None else None
    return entry.name if entry is not None else ""


# --- text -------------------------------------------------------------------------------------------

_WORDS: Mapping[str, tuple[str, str]] = {
    "title": ("比较 {old} → {new}", "Comparing {old} → {new}"),
    "same": ("两个版本内容相同（共 {rows} 行）。", "No differences ({rows} rows)."),
    "totals": (
        "新增 {added} · 删除 {removed} · 移动 {moved} · 修改 {changed} · 未变 {unchanged}",
        "{added} added · {removed} removed · {moved} moved · {changed} changed · {unchanged} unchanged",
    ),
    # {row}, {rows}: where, in the words of model.row_words ("row 7" in a table, "line 7" in YAML/JSON).
    "added": ("+ 新增  {code} {position}（新版{row}）", "+ added    {code} {position} (new {row})"),
    "removed": ("- 删除  {code} {position}（旧版{row}）", "- removed  {code} {position} (old {row})"),
    "moved": (
        "→ 移动  {position}：{old_code} → {new_code}（{rows}）",
        "→ moved    {position}: {old_code} → {new_code} ({rows})",
    ),
    "changed": ("~ 修改  {code} {position}（{rows}）", "~ changed  {code} {position} ({rows})"),
    "field": ("      {label}：{old} → {new}{note}", "      {label}: {old} → {new}{note}"),
    "wording": ("（仅措辞变化）", " (wording only)"),
    "by_major": ("按大类：", "By major category:"),
    "major": (
        "  {major} {name}：新增 {added}，删除 {removed}，移动 {moved}，修改 {changed}",
        "  {major} {name}: {added} added, {removed} removed, {moved} moved, {changed} changed",
    ),
}


def _rows(kinds: tuple[LocationKind, LocationKind], old: int, new: int, lang: str) -> str:
    """``row 5 → 7`` / ``line 5 → 7`` (``第 5 → 7 行``: 行 is both), or ``row 5 → line 9`` when one
    version is a table and the other a YAML/JSON document, whose entries are at lines."""
    old_kind, new_kind = kinds
    if old_kind != new_kind:
        return f"{row_words(old_kind, old, lang)} → {row_words(new_kind, new, lang)}"
    return f"第 {old} → {new} 行" if lang == "zh" else f"{row_words(old_kind, old, lang)} → {new}"


def render_text(
    diff: CatalogDiff,
    old_file: str,
    new_file: str,
    lang: str,
    codes: CodeList | None = None,
    kinds: tuple[LocationKind, LocationKind] = ("cell", "cell"),
) -> str:
    """A readable account of the differences, in Chinese or English. ``kinds``: how each version places
    its rows (``Sheet.kind``), so a YAML/JSON version's numbers are said to be lines."""
    from catalogtool.report.common import quote

    zh = lang == "zh"

    def say(word: str, **values: object) -> str:
        return _WORDS[word][0 if zh else 1].format(**values)

    def show(text: str) -> str:
        return quote(text, lang)

    def field_lines(fields: Sequence[FieldChange]) -> list[str]:
        return [
            say(
                "field",
                label=FIELD_LABELS[f.field][0 if zh else 1],
                old=show(f.old),
                new=show(f.new),
                note=say("wording") if f.wording_only else "",
            )
            for f in fields
        ]

    lines = [say("title", old=old_file, new=new_file)]
    if not diff.differs:
        lines.append(say("same", rows=diff.new_rows))
        return "\n".join(lines) + "\n"
    counts = {kind: len(getattr(diff, kind)) for kind in KINDS}
    lines += [say("totals", unchanged=diff.unchanged, **counts), ""]
    # An added row is placed in the new file, a removed one in the old: each in its own file's terms.
    for what, entries, kind in (("added", diff.added, kinds[1]), ("removed", diff.removed, kinds[0])):
        for e in entries:
            lines.append(
                say(
                    what,
                    code=e.key.subcategory_code,
                    position=e.key.position or show(""),
                    row=row_words(kind, e.row, lang),
                )
            )
    for m in diff.moved:
        lines.append(
            say(
                "moved",
                position=m.position,
                old_code=m.old_code,
                new_code=m.new_code,
                rows=_rows(kinds, m.old_row, m.new_row, lang),
            )
        )
        lines += field_lines(m.fields)
    for c in diff.changed:
        lines.append(
            say(
                "changed",
                code=c.key.subcategory_code,
                position=c.key.position or show(""),
                rows=_rows(kinds, c.old_row, c.new_row, lang),
            )
        )
        lines += field_lines(c.fields)
    lines += ["", say("by_major")]
    for major, tally in diff.by_major().items():
        lines.append(say("major", major=major, name=_major_name(major, codes), **tally))
    return "\n".join(lines) + "\n"
