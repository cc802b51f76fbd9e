"""CLI: ``catalogtool codes show|list|search|suggest`` — look things up in the occupation classification.

The commands parse options, call :mod:`catalogtool.codes` and print the result as text (rich) or
JSON. Exit codes: 0 found, 1 an unknown code (the nearest valid codes are shown), 2 usage errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, HelpGroup, about, bi, examples
from catalogtool.commands.options import (
    CodesExtraOption,
    LangOption,
    TextOrJsonFormatOption,
    check_format,
    workspace_config,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang
from catalogtool.report import codes as view

if TYPE_CHECKING:
    from catalogtool.codes import CodeList, NormalizedCode

FORMATS = ("text", "json")
# Level names a user may type for --level, besides major/medium/subcategory/occupation.
_LEVEL_ALIASES = {"1": 1, "2": 2, "3": 3, "4": 4, "大类": 1, "中类": 2, "小类": 3, "细类": 4, "职业": 4}


def register(app: typer.Typer) -> None:
    """Add the ``codes`` sub-app."""
    codes_app = typer.Typer(
        name="codes",
        cls=HelpGroup,
        rich_markup_mode=None,
        help=about(
            bi(
                "查询《中华人民共和国职业分类大典（2022年版）》及其增补职业。",
                "Look up the National Occupational Classification 2022 and its amendments.",
            ),
            bi(
                "退出码：0 找到，1 代码不存在（列出最接近的代码），2 用法错误。",
                "Exit codes: 0 found, 1 an unknown code (the nearest are shown), 2 usage error.",
            ),
        ),
        epilog=examples(
            "catalogtool codes show 2-02-10",
            "catalogtool codes search 集成电路",
            "catalogtool codes suggest 芯片设计工程师",
        ),
        no_args_is_help=True,
    )
    codes_app.command(
        "show",
        cls=HelpCommand,
        help=about(
            bi(
                "显示任一层级的一个代码：名称、上级类别、数字职业/绿色职业标识、定义和主要工作任务。",
                "Show one code at any level: name, parents, digital/green occupation markers, definition, tasks.",
            )
        ),
        epilog=examples("catalogtool codes show 2-02-10", "catalogtool codes show ２－０２－１０ --lang zh"),
    )(show_command)
    codes_app.command(
        "list",
        cls=HelpCommand,
        help=about(bi("按层级和/或上级代码列出代码。", "List codes, by level and/or under a code.")),
        epilog=examples(
            "catalogtool codes list --level major", "catalogtool codes list --under 2-02 --level 小类"
        ),
    )(list_command)
    codes_app.command(
        "search",
        cls=HelpCommand,
        help=about(
            bi(
                "在名称、定义、工作任务和代码前缀中查找，按相关程度排序。",
                "Search names, definitions, tasks and code prefixes; ranked.",
            )
        ),
        epilog=examples("catalogtool codes search 集成电路", "catalogtool codes search 2-02-3 --limit 5"),
    )(search_command)
    codes_app.command(
        "suggest",
        cls=HelpCommand,
        help=about(
            bi(
                "为自由填写的岗位名称推荐代码，并说明理由。",
                "Suggest codes for a free-text job title, with reasons.",
            )
        ),
        epilog=examples(
            "catalogtool codes suggest 芯片设计工程师", "catalogtool codes suggest 数据分析师 --format json"
        ),
    )(suggest_command)
    app.add_typer(codes_app, name="codes")


def show_command(
    code: Annotated[
        str,
        typer.Argument(
            metavar="CODE",
            help=bi(
                "代码，如 2-02-10；不规范的写法（２－０２－１０、2-2-10）也可以。",
                "A code such as 2-02-10; dirty forms (２－０２－１０, 2-2-10) work.",
            ),
        ),
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
        view.unknown(codes, code, normalized, fmt, language)
        raise typer.Exit(1)
    if fmt == "json":
        view.print_json(view.show_json(codes, entry, code, normalized))
    else:
        view.show_text(codes, entry, code, normalized, language)


def list_command(
    level: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--level",
            "-l",
            metavar="LEVEL",
            help=bi(
                "层级：大类、中类、小类、细类（或 1-4，或 major、medium、subcategory、occupation）。",
                "major, medium, subcategory or occupation (or 1-4, 大类…细类).",
            ),
        ),
    ] = None,
    under: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--under",
            "-u",
            metavar="CODE",
            help=bi("只列出该代码之下的代码，如 2-02。", "Only codes under this code, e.g. 2-02."),
        ),
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
            view.unknown(codes, under, normalized, fmt, language)
            raise typer.Exit(1)
        if normalized.changes:
            typer.echo(view.normalised_note(under, normalized, language), err=True)
        selected = codes.descendants(normalized.code or "")
    if wanted is not None:
        selected = [c for c in selected if c.level == wanted]
    if fmt == "json":
        view.print_json([view.code_json(c) for c in selected])
        return
    from rich.text import Text

    console = view.new_console()
    out = Text()
    top = min((c.level for c in selected), default=1)
    for entry in selected:
        indent = "  " * (entry.level - top) if wanted is None else ""
        out.append(f"{indent}{entry.code}", style="bold" if entry.level < 4 else "")
        out.append(f"  {entry.name}")
        extra = view.flags_text(entry)
        if extra:
            out.append(f"  {extra}", style="dim")
        out.append("\n")
    console.print(out, end="")
    if not selected:
        console.print(view.label("no_results", language))
    elif view.legend(selected, language):
        console.print(view.legend(selected, language), style="dim")


def search_command(
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help=bi(
                "名称或定义中的词语，或代码前缀，如 2-02。",
                "Words of a name or definition, or a code prefix such as 2-02.",
            ),
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help=bi("最多显示 N 条结果。", "At most N results."))
    ] = 20,
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    fmt, language, codes = _setup(output_format, lang, codes_extra)
    results = codes.search(text, limit=limit)
    if fmt == "json":
        view.print_json([{**view.code_json(c), "score": score} for c, score in results])
        return
    from rich.table import Table

    console = view.results_console(bool(results), language)
    if console is None:
        return
    table = Table(show_edge=False, pad_edge=False, box=None)
    for key in ("code", "level", "name", "score"):
        table.add_column(view.label(key, language), justify="right" if key == "score" else "left")
    for entry, score in results:
        table.add_row(
            entry.code,
            view.level_label(entry.level, language),
            view.name_with_flags(entry, language),
            f"{score:.2f}",
        )
    console.print(table)
    if view.legend((entry for entry, _ in results), language):
        console.print(view.legend((entry for entry, _ in results), language), style="dim")


def suggest_command(
    title: Annotated[
        str,
        typer.Argument(
            metavar="TITLE",
            help=bi("岗位名称，如 芯片设计工程师。", "A job title as written, e.g. 芯片设计工程师."),
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help=bi("最多推荐 N 个代码。", "At most N suggestions."))
    ] = 5,
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    fmt, language, codes = _setup(output_format, lang, codes_extra)
    suggestions = codes.suggest(title, limit=limit)
    if fmt == "json":
        view.print_json([view.suggestion_json(codes, s) for s in suggestions])
        return
    from rich.markup import escape

    console = view.results_console(bool(suggestions), language)
    if console is None:
        return
    for rank, suggestion in enumerate(suggestions, start=1):
        entry = suggestion.code
        level, score = (
            view.level_label(entry.level, language),
            f"{view.label('score', language)} {suggestion.score:.2f}",
        )
        about = f"（{level}，{score}）" if language == "zh" else f"({level}, {score})"
        console.print(f"[bold]{rank}. {entry.code}  {escape(entry.name)}[/bold]  {about}")
        sub = codes.get(codes.subcategory_of(entry.code) or "")
        if sub is not None and sub.code != entry.code:
            subcategory = view.label("subcategory", language) + view.colon(language)
            console.print(f"   {subcategory}{sub.code}  {escape(sub.name)}")
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
