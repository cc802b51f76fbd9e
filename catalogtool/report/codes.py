"""``catalogtool codes``' outputs: a code, a list, search results and suggestions, as rich text for
people (zh/en) or JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from catalogtool.lang import join

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console

    from catalogtool.codes import Code, CodeList, NormalizedCode, Suggestion

# Labels for text output: key → (zh, en).
LABELS = {
    "level": ("层级", "Level"),
    "parents": ("上级", "Parents"),
    "markers": ("标识", "Markers"),
    "definition": ("定义", "Definition"),
    "tasks": ("主要工作任务", "Tasks"),
    "aliases": ("常见岗位名称", "Job titles"),
    "occupations": ("职业（细类）", "Occupations"),
    "children": ("下级", "Children"),
    "edition": ("版本", "Edition"),
    "green": ("绿色职业（L）", "green occupation (L)"),
    "digital": ("数字职业（S）", "digital occupation (S)"),
    "no_markers": ("无", "none"),
    "unknown_markers": ("来源未标注", "not given by the sources"),
    "residual": ("兜底的“其他”小类，下设无职业", "residual 其他 subcategory, no occupations of its own"),
    "no_results": ("没有找到匹配项。", "No matches."),
    "code": ("代码", "Code"),
    "name": ("名称", "Name"),
    "score": ("匹配度", "Score"),
    "why": ("依据", "Why"),
    "subcategory": ("小类", "Subcategory"),
}


def new_console() -> Console:
    from rich.console import Console

    # soft_wrap: long Chinese lines are left to the terminal rather than broken mid-phrase by rich.
    return Console(highlight=False, soft_wrap=True)


def results_console(found: bool, lang: str) -> Console | None:
    """A console to print results on, or None (after saying so) when there are none."""
    console = new_console()
    if not found:
        console.print(label("no_results", lang))
        return None
    return console


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def colon(lang: str) -> str:
    """The colon after a label: full-width in Chinese."""
    return "：" if lang == "zh" else ": "


def list_name(codes: CodeList, lang: str) -> str:
    """The code list by its name in ``lang``: 《中华人民共和国职业分类大典（2022年版）》 / NOC 2022."""
    return codes.label_zh if lang == "zh" else codes.label


#: The short markers after a name in lists, and what they mean (zh, en).
MARKER_WORDS = {"S": ("数字职业", "digital occupation"), "L": ("绿色职业", "green occupation")}


def legend(entries: Iterable[Code], lang: str) -> str:
    """The line that explains the S / L markers shown after names in a list, or "" when none is shown."""
    shown = {mark for entry in entries for mark in flags_text(entry).split() if mark in MARKER_WORDS}
    if not shown:
        return ""
    zh = lang == "zh"
    words = [f"{mark} {MARKER_WORDS[mark][0 if zh else 1]}" for mark in ("S", "L") if mark in shown]
    return label("markers", lang) + colon(lang) + join(words, lang, "statements")


def level_label(level: int, lang: str) -> str:
    from catalogtool.codes import LEVEL_NAMES, LEVEL_NAMES_ZH

    return LEVEL_NAMES_ZH[level] if lang == "zh" else LEVEL_NAMES[level]


def markers(entry: Code, lang: str) -> str:
    """'绿色职业 (L)、数字职业 (S)', 'none', or that the sources did not say — never 'None'."""
    if entry.green is None and entry.digital is None:
        return label("unknown_markers", lang)
    found = [label(key, lang) for key in ("green", "digital") if getattr(entry, key)]
    return join(found, lang) if found else label("no_markers", lang)


def flags_text(entry: Code) -> str:
    """Short tags after a name in lists: L, S, the amendment batch, renumbering."""
    tags = [mark for mark, on in (("L", entry.green), ("S", entry.digital)) if on]
    if entry.edition != "2022":
        tags.append(f"+{entry.edition}")
    if entry.renumbered_to:
        tags.append(f"→ {entry.renumbered_to}")
    if entry.renumbered_from:
        tags.append(f"← {entry.renumbered_from}")
    return " ".join(tags)


def name_with_flags(entry: Code, lang: str) -> str:
    from rich.markup import escape

    flags = flags_text(entry)
    return escape(entry.name) + (f" [dim]{escape(flags)}[/dim]" if flags else "")


def normalised_note(given: str, normalized: NormalizedCode, lang: str) -> str:
    changes = normalized.describe_changes(lang)
    if lang == "zh":
        return f"已将“{given}”规范为 {normalized.code}（{changes}）"
    return f"read {given!r} as {normalized.code} ({changes})"


def unknown(codes: CodeList, given: str, normalized: NormalizedCode, fmt: str, lang: str) -> None:
    """Report a well-formed code that is not in the list, with the nearest valid codes."""
    code = normalized.code or given
    nearest = codes.nearest(code, n=5)
    if fmt == "json":
        payload: dict[str, Any] = {"code": code, "found": False, "code_list": codes.label}
        if normalized.changes:
            payload |= {"normalized_from": given, "changes": list(normalized.changes)}
        payload["nearest"] = [code_json(c) for c in nearest]
        print_json(payload)
        return
    from rich.markup import escape

    console = new_console()
    if normalized.changes:
        console.print(escape(normalised_note(given, normalized, lang)), style="dim")
    name = escape(list_name(codes, lang))
    if lang == "zh":
        console.print(f"[bold red]{code}[/bold red] 不在{name}中。最接近的有效代码：")
    else:
        console.print(f"[bold red]{code}[/bold red] is not in {name}. Nearest valid codes:")
    for entry in nearest:
        level = level_label(entry.level, lang)
        console.print(
            f"  {entry.code}  {escape(entry.name)}  " + (f"（{level}）" if lang == "zh" else f"({level})")
        )


def code_json(entry: Code) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "level": entry.level_name,
        "parent": entry.parent,
        "green": entry.green,
        "digital": entry.digital,
        "edition": entry.edition,
        "renumbered_to": entry.renumbered_to,
        "renumbered_from": entry.renumbered_from,
    }


def brief_json(entry: Code) -> dict[str, Any]:
    return {"code": entry.code, "name": entry.name, "level": entry.level_name}


def show_json(codes: CodeList, entry: Code, given: str, normalized: NormalizedCode) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "code": entry.code,
        "name": entry.name,
        "level": entry.level_name,
        "parent": entry.parent,
        "ancestors": [brief_json(a) for a in codes.ancestors(entry.code)],
        "definition": entry.definition,
        "tasks": list(entry.tasks),
        "aliases": list(entry.aliases),
        "edition": entry.edition,
        "code_list": codes.label,
    }
    if entry.level == 4:
        payload |= {"green": entry.green, "digital": entry.digital}
        payload |= {"renumbered_to": entry.renumbered_to, "renumbered_from": entry.renumbered_from}
    elif entry.level == 3:
        payload["residual"] = entry.residual
        payload["occupations"] = [code_json(c) for c in codes.children(entry.code)]
    else:
        payload["children"] = [brief_json(c) for c in codes.children(entry.code)]
    if normalized.changes:
        payload |= {"normalized_from": given, "changes": list(normalized.changes)}
    if normalized.name is not None:
        payload["given_name"] = normalized.name
    return payload


def show_text(codes: CodeList, entry: Code, given: str, normalized: NormalizedCode, lang: str) -> None:
    from rich.markup import escape

    console = new_console()
    if normalized.changes:
        console.print(escape(normalised_note(given, normalized, lang)), style="dim")
    if normalized.name is not None and normalized.name != entry.name:
        differs = (
            f"注意：给出的名称“{normalized.name}”与官方名称不同"
            if lang == "zh"
            else f"note: the name given, {normalized.name}, is not the official name"
        )
        console.print(escape(differs), style="yellow")
    console.print(f"[bold]{entry.code}  {escape(entry.name)}[/bold]")

    def row(key: str, value: str) -> None:
        console.print(f"  [bold]{label(key, lang)}[/bold]{colon(lang)}{value}")

    level = level_label(entry.level, lang)
    row("level", level + (f" — {label('residual', lang)}" if entry.residual else ""))
    chain = codes.ancestors(entry.code)
    if chain:
        row("parents", " › ".join(f"{a.code} {escape(a.name)}" for a in chain))
    edition = entry.edition
    if entry.edition != "2022":
        edition += f"（{escape(list_name(codes, lang))}）" if lang == "zh" else f" ({escape(codes.label)})"
    then = "；" if lang == "zh" else "; "
    if entry.renumbered_to:
        edition += f"{then}→ {entry.renumbered_to}"
    if entry.renumbered_from:
        edition += f"{then}← {entry.renumbered_from}"
    row("edition", edition)
    if entry.level == 4:
        row("markers", markers(entry, lang))
    if entry.definition:
        row("definition", escape(entry.definition))
    if entry.tasks:
        console.print(f"  [bold]{label('tasks', lang)}[/bold]{colon(lang).rstrip()}")
        for number, task in enumerate(entry.tasks, start=1):
            console.print(f"    {number}. {escape(task)}")
    if entry.aliases:
        row("aliases", escape(join(entry.aliases, lang)))
    children = codes.children(entry.code)
    if children:
        key = "occupations" if entry.level == 3 else "children"
        count = f"（{len(children)} 个）：" if lang == "zh" else f" ({len(children)}):"
        console.print(f"  [bold]{label(key, lang)}[/bold]{count}")
        for child in children:
            console.print(f"    {child.code}  {name_with_flags(child, lang)}")
        if legend(children, lang):
            console.print(f"  {legend(children, lang)}", style="dim")


def suggestion_json(codes: CodeList, suggestion: Suggestion) -> dict[str, Any]:
    entry = suggestion.code
    sub = codes.get(codes.subcategory_of(entry.code) or "")
    return {
        **code_json(entry),
        "score": suggestion.score,
        "subcategory": brief_json(sub) if sub is not None else None,
        "reasons": list(suggestion.reasons),
        "reasons_zh": [e.describe("zh") for e in suggestion.evidence],
        "evidence": [
            {"kind": e.kind, "text": e.text, "matched": list(e.matched)} for e in suggestion.evidence
        ],
    }


def print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
