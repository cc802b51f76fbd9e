"""CLI: ``catalogtool codes show|list|search|suggest`` — look things up in the occupation classification.

The commands parse options, call :mod:`catalogtool.codes` and print the result as text (rich) or
JSON. Exit codes: 0 found, 1 an unknown code (the nearest valid codes are shown), 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from catalogtool.commands.options import (
    CodesExtraOption,
    LangOption,
    TextOrJsonFormatOption,
    check_format,
    workspace_config,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from rich.console import Console

    from catalogtool.codes import Code, CodeList, NormalizedCode, Suggestion

FORMATS = ("text", "json")
# Level names a user may type for --level, besides major/medium/subcategory/occupation.
_LEVEL_ALIASES = {"1": 1, "2": 2, "3": 3, "4": 4, "大类": 1, "中类": 2, "小类": 3, "细类": 4, "职业": 4}


# Labels for text output: key → (zh, en).
_LABELS = {
    "level": ("层级", "Level"),
    "parents": ("上级", "Parents"),
    "markers": ("标识", "Markers"),
    "definition": ("定义", "Definition"),
    "tasks": ("主要工作任务", "Tasks"),
    "aliases": ("常见岗位名称", "Job titles"),
    "occupations": ("职业（细类）", "Occupations"),
    "children": ("下级", "Children"),
    "edition": ("版本", "Edition"),
    "green": ("绿色职业 (L)", "green (L)"),
    "digital": ("数字职业 (S)", "digital (S)"),
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


def register(app: typer.Typer) -> None:
    """Add the ``codes`` sub-app."""
    codes_app = typer.Typer(
        name="codes",
        help="Look up the National Occupational Classification 2022 (职业分类大典) and its amendments.",
        no_args_is_help=True,
    )
    codes_app.command("show", help="Show one code at any level: name, parents, markers, definition, tasks.")(
        show_command
    )
    codes_app.command("list", help="List codes, by level and/or under a code.")(list_command)
    codes_app.command("search", help="Search names, definitions, tasks and code prefixes; ranked.")(
        search_command
    )
    codes_app.command("suggest", help="Suggest codes for a free-text job title (岗位名称), with reasons.")(
        suggest_command
    )
    app.add_typer(codes_app, name="codes")


def show_command(
    code: Annotated[
        str, typer.Argument(help="A code such as 2-02-10; dirty forms (２－０２－１０, 2-2-10) work.")
    ],
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.codes import normalize_code

    fmt, language, codes = _setup(output_format, lang, codes_extra)
    normalized = _require_code(normalize_code(code, codes), code, "CODE")
    entry = codes.get(normalized.code or "")
    if entry is None:
        _unknown(codes, code, normalized, fmt, language)
        raise typer.Exit(1)
    if fmt == "json":
        _print_json(_show_json(codes, entry, code, normalized))
    else:
        _show_text(codes, entry, code, normalized, language)


def list_command(
    level: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--level", "-l", help="major, medium, subcategory or occupation (or 1-4, 大类…细类)."),
    ] = None,
    under: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--under", "-u", help="Only codes under this code, e.g. 2-02."),
    ] = None,
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.codes import normalize_code

    cfg = workspace_config()
    fmt, language = check_format(output_format, FORMATS), detect_lang(lang, config=cfg.lang)
    wanted = _check_level(level)
    codes = _load((*cfg.codes_extra, *(codes_extra or ())))
    selected = list(codes)
    if under is not None:
        normalized = _require_code(normalize_code(under, codes), under, "--under")
        if normalized.code not in codes:
            _unknown(codes, under, normalized, fmt, language)
            raise typer.Exit(1)
        if normalized.changes:
            typer.echo(_normalised_note(under, normalized, language), err=True)
        selected = codes.descendants(normalized.code or "")
    if wanted is not None:
        selected = [c for c in selected if c.level == wanted]
    if fmt == "json":
        _print_json([_code_json(c) for c in selected])
        return
    from rich.text import Text

    console = _console()
    out = Text()
    top = min((c.level for c in selected), default=1)
    for entry in selected:
        indent = "  " * (entry.level - top) if wanted is None else ""
        out.append(f"{indent}{entry.code}", style="bold" if entry.level < 4 else "")
        out.append(f"  {entry.name}")
        extra = _flags_text(entry)
        if extra:
            out.append(f"  {extra}", style="dim")
        out.append("\n")
    console.print(out, end="")
    if not selected:
        console.print(_label("no_results", language))


def search_command(
    text: Annotated[
        str, typer.Argument(help="Words of a name or definition, or a code prefix such as 2-02.")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N results.")] = 20,
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    fmt, language, codes = _setup(output_format, lang, codes_extra)
    results = codes.search(text, limit=limit)
    if fmt == "json":
        _print_json([{**_code_json(c), "score": score} for c, score in results])
        return
    from rich.table import Table

    console = _results_console(bool(results), language)
    if console is None:
        return
    table = Table(show_edge=False, pad_edge=False, box=None)
    for key in ("code", "level", "name", "score"):
        table.add_column(_label(key, language), justify="right" if key == "score" else "left")
    for entry, score in results:
        table.add_row(
            entry.code, _level_label(entry.level, language), _name_with_flags(entry, language), f"{score:.2f}"
        )
    console.print(table)


def suggest_command(
    title: Annotated[str, typer.Argument(help="A job title (岗位名称), e.g. 芯片设计工程师.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N suggestions.")] = 5,
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    fmt, language, codes = _setup(output_format, lang, codes_extra)
    suggestions = codes.suggest(title, limit=limit)
    if fmt == "json":
        _print_json([_suggestion_json(codes, s) for s in suggestions])
        return
    from rich.markup import escape

    console = _results_console(bool(suggestions), language)
    if console is None:
        return
    for rank, suggestion in enumerate(suggestions, start=1):
        entry = suggestion.code
        line = (
            f"[bold]{rank}. {entry.code}  {escape(entry.name)}[/bold]  ({_level_label(entry.level, language)}"
        )
        line += f", {_label('score', language)} {suggestion.score:.2f})"
        console.print(line)
        sub = codes.get(codes.subcategory_of(entry.code) or "")
        if sub is not None and sub.code != entry.code:
            console.print(f"   {_label('subcategory', language)}: {sub.code}  {escape(sub.name)}")
        for evidence in suggestion.evidence:
            console.print(f"   · {escape(evidence.describe(language))}", style="dim")


# --------------------------------------------------------------------------------------------------
# Helpers


def _setup(output_format: str, lang: str | None, extra: list[Path] | None) -> tuple[str, str, CodeList]:
    """The checked --format and --lang, then the code list: usage errors come before any loading."""
    fmt = check_format(output_format, FORMATS)
    cfg = workspace_config()
    return fmt, detect_lang(lang, config=cfg.lang), _load((*cfg.codes_extra, *(extra or ())))


def _check_level(value: str | None) -> int | None:
    from catalogtool.codes import LEVELS_BY_NAME

    if value is None:
        return None
    key = value.strip().lower()
    level = LEVELS_BY_NAME.get(key) or _LEVEL_ALIASES.get(key)
    if level is None:
        raise UsageError(
            f"unknown --level {value!r}; choose major, medium, subcategory or occupation",
            f"未知的层级 {value!r}；可选 major（大类）、medium（中类）、subcategory（小类）、occupation（细类）",
        )
    return level


def _load(extra: tuple[Path, ...]) -> CodeList:
    from catalogtool.codes import load_code_list

    return load_code_list(extra)


def _require_code(normalized: NormalizedCode, given: str, what: str) -> NormalizedCode:
    if normalized.prefix is not None:
        prefix = normalized.prefix
        raise UsageError(
            f"{what}: {given!r} is not a complete code: its last part needs two digits "
            f"({prefix[:-1]}0{prefix[-1]}, or one of `catalogtool codes search {prefix}`)",
            f"{what}：“{given}”不是完整的代码：最后一段应为两位数字"
            f"（{prefix[:-1]}0{prefix[-1]}，或 catalogtool codes search {prefix} 列出的代码之一）",
        )
    if normalized.code is None:
        raise UsageError(
            f"{what}: {given!r} is not an occupation code (like 2-02-10); "
            "to find one by words, use `catalogtool codes search` or `codes suggest`",
            f"{what}：“{given}”不是职业分类代码（如 2-02-10）；按文字查找请用 catalogtool codes search 或 codes suggest",
        )
    return normalized


def _console() -> Console:
    from rich.console import Console

    # soft_wrap: long Chinese lines are left to the terminal rather than broken mid-phrase by rich.
    return Console(highlight=False, soft_wrap=True)


def _results_console(found: bool, lang: str) -> Console | None:
    """A console to print results on, or None (after saying so) when there are none."""
    console = _console()
    if not found:
        console.print(_label("no_results", lang))
        return None
    return console


def _label(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def _level_label(level: int, lang: str) -> str:
    from catalogtool.codes import LEVEL_NAMES, LEVEL_NAMES_ZH

    return LEVEL_NAMES_ZH[level] if lang == "zh" else LEVEL_NAMES[level]


def _markers(entry: Code, lang: str) -> str:
    """'绿色职业 (L)、数字职业 (S)', 'none', or that the sources did not say — never 'None'."""
    if entry.green is None and entry.digital is None:
        return _label("unknown_markers", lang)
    found = [_label(key, lang) for key in ("green", "digital") if getattr(entry, key)]
    return ("、" if lang == "zh" else ", ").join(found) if found else _label("no_markers", lang)


def _flags_text(entry: Code) -> str:
    """Short tags after a name in lists: L, S, the amendment batch, renumbering."""
    tags = [mark for mark, on in (("L", entry.green), ("S", entry.digital)) if on]
    if entry.edition != "2022":
        tags.append(f"+{entry.edition}")
    if entry.renumbered_to:
        tags.append(f"→ {entry.renumbered_to}")
    if entry.renumbered_from:
        tags.append(f"← {entry.renumbered_from}")
    return " ".join(tags)


def _name_with_flags(entry: Code, lang: str) -> str:
    from rich.markup import escape

    flags = _flags_text(entry)
    return escape(entry.name) + (f" [dim]{escape(flags)}[/dim]" if flags else "")


def _normalised_note(given: str, normalized: NormalizedCode, lang: str) -> str:
    changes = ", ".join(normalized.changes)
    if lang == "zh":
        return f"已将“{given}”规范为 {normalized.code}（{changes}）"
    return f"read {given!r} as {normalized.code} ({changes})"


def _unknown(codes: CodeList, given: str, normalized: NormalizedCode, fmt: str, lang: str) -> None:
    """Report a well-formed code that is not in the list, with the nearest valid codes."""
    code = normalized.code or given
    nearest = codes.nearest(code, n=5)
    if fmt == "json":
        payload: dict[str, Any] = {"code": code, "found": False, "code_list": codes.label}
        if normalized.changes:
            payload |= {"normalized_from": given, "changes": list(normalized.changes)}
        payload["nearest"] = [_code_json(c) for c in nearest]
        _print_json(payload)
        return
    from rich.markup import escape

    console = _console()
    if normalized.changes:
        console.print(escape(_normalised_note(given, normalized, lang)), style="dim")
    if lang == "zh":
        console.print(f"[bold red]{code}[/bold red] 不在 {escape(codes.label)} 中。最接近的有效代码：")
    else:
        console.print(f"[bold red]{code}[/bold red] is not in {escape(codes.label)}. Nearest valid codes:")
    for entry in nearest:
        console.print(f"  {entry.code}  {escape(entry.name)}  ({_level_label(entry.level, lang)})")


def _code_json(entry: Code) -> dict[str, Any]:
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


def _brief_json(entry: Code) -> dict[str, Any]:
    return {"code": entry.code, "name": entry.name, "level": entry.level_name}


def _show_json(codes: CodeList, entry: Code, given: str, normalized: NormalizedCode) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "code": entry.code,
        "name": entry.name,
        "level": entry.level_name,
        "parent": entry.parent,
        "ancestors": [_brief_json(a) for a in codes.ancestors(entry.code)],
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
        payload["occupations"] = [_code_json(c) for c in codes.children(entry.code)]
    else:
        payload["children"] = [_brief_json(c) for c in codes.children(entry.code)]
    if normalized.changes:
        payload |= {"normalized_from": given, "changes": list(normalized.changes)}
    if normalized.name is not None:
        payload["given_name"] = normalized.name
    return payload


def _show_text(codes: CodeList, entry: Code, given: str, normalized: NormalizedCode, lang: str) -> None:
    from rich.markup import escape

    console = _console()
    if normalized.changes:
        console.print(escape(_normalised_note(given, normalized, lang)), style="dim")
    if normalized.name is not None and normalized.name != entry.name:
        differs = (
            f"注意：给出的名称“{normalized.name}”与官方名称不同"
            if lang == "zh"
            else f"note: the name given, {normalized.name}, is not the official name"
        )
        console.print(escape(differs), style="yellow")
    console.print(f"[bold]{entry.code}  {escape(entry.name)}[/bold]")

    def row(key: str, value: str) -> None:
        console.print(f"  [bold]{_label(key, lang)}[/bold]: {value}")

    level = _level_label(entry.level, lang)
    row("level", level + (f" — {_label('residual', lang)}" if entry.residual else ""))
    chain = codes.ancestors(entry.code)
    if chain:
        row("parents", " › ".join(f"{a.code} {escape(a.name)}" for a in chain))
    edition = entry.edition if entry.edition == "2022" else f"{entry.edition} ({escape(codes.label)})"
    if entry.renumbered_to:
        edition += f"; → {entry.renumbered_to}"
    if entry.renumbered_from:
        edition += f"; ← {entry.renumbered_from}"
    row("edition", edition)
    if entry.level == 4:
        row("markers", _markers(entry, lang))
    if entry.definition:
        row("definition", escape(entry.definition))
    if entry.tasks:
        console.print(f"  [bold]{_label('tasks', lang)}[/bold]:")
        for number, task in enumerate(entry.tasks, start=1):
            console.print(f"    {number}. {escape(task)}")
    if entry.aliases:
        row("aliases", escape(("、" if lang == "zh" else ", ").join(entry.aliases)))
    children = codes.children(entry.code)
    if children:
        key = "occupations" if entry.level == 3 else "children"
        console.print(f"  [bold]{_label(key, lang)}[/bold] ({len(children)}):")
        for child in children:
            console.print(f"    {child.code}  {_name_with_flags(child, lang)}")


def _suggestion_json(codes: CodeList, suggestion: Suggestion) -> dict[str, Any]:
    entry = suggestion.code
    sub = codes.get(codes.subcategory_of(entry.code) or "")
    return {
        **_code_json(entry),
        "score": suggestion.score,
        "subcategory": _brief_json(sub) if sub is not None else None,
        "reasons": list(suggestion.reasons),
        "reasons_zh": [e.describe("zh") for e in suggestion.evidence],
        "evidence": [
            {"kind": e.kind, "text": e.text, "matched": list(e.matched)} for e in suggestion.evidence
        ],
    }


def _print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
