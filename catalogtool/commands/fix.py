"""CLI: ``catalogtool fix`` — repair what is mechanical, in a copy, and say what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    CodesExtraOption,
    ForceOutOption,
    LangOption,
    SheetOption,
    workspace_config,
)
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.fix_files import FixResult


def register(app: typer.Typer) -> None:
    """Add ``fix``."""
    app.command(
        "fix",
        cls=HelpCommand,
        help=about(
            bi(
                "在副本中修复无需判断的问题（被 Excel 变成日期的代码、全角或未补零的代码），列出每处改动，再校验副本。",
                "Repair what needs no judgement (codes Excel turned into dates, full-width or unpadded "
                "codes) in a copy of the draft, print every change, then validate the copy.",
            ),
            bi(
                "--unsafe-fixes 同时执行需人工确认的修复（改填规范名称、把细类代码移出小类代码列）。"
                "catalogtool rules 列出哪些规则可以修复。",
                "--unsafe-fixes also applies likely repairs a person should confirm (official names, an "
                "occupation code moved out of the subcategory column). catalogtool rules shows which "
                "rules can fix.",
            ),
            bi(
                "退出码：0 没有遗留问题，1 仍有问题，2 输入无法使用或用法错误。",
                "Exit codes: 0 nothing remains, 1 findings remain, 2 unusable input or usage error.",
            ),
        ),
        epilog=examples(
            "catalogtool fix draft.xlsx",
            "catalogtool fix draft.xlsx --diff",
            "catalogtool fix draft.csv --unsafe-fixes --rule CT203",
            "catalogtool fix provinces/JS/catalog.xlsx --in-place",
        ),
    )(fix_command)


def fix_command(
    draft: Annotated[
        Path,
        typer.Argument(
            metavar="DRAFT",
            help=bi("待修复的目录草稿：.xlsx、.csv 或 .yaml。", "The draft: .xlsx, .csv or .yaml."),
            show_default=False,
        ),
    ],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help=bi(
                "修复后副本的写入位置（默认：草稿旁的 DRAFT.fixed.xlsx）。",
                "Where to write the repaired copy (default: DRAFT.fixed.xlsx beside it).",
            ),
            show_default=False,
        ),
    ] = None,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help=bi("同时执行需人工确认的修复。", "Also apply repairs a person should confirm."),
        ),
    ] = False,
    rule: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--rule",
            metavar="ID",
            help=bi(
                "只执行这条规则的修复（规则编号或别名；可重复使用）。",
                "Only the repairs of this rule (id or slug; repeatable).",
            ),
            show_default=False,
        ),
    ] = None,
    diff: Annotated[
        bool,
        typer.Option("--diff", help=bi("只列出改动，不写任何文件。", "Print the changes and write nothing.")),
    ] = False,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place",
            help=bi(
                "直接修复草稿本身（先在旁边保留 DRAFT.bak.xlsx 备份）。",
                "Repair the draft itself, after keeping DRAFT.bak.xlsx beside it.",
            ),
        ),
    ] = False,
    force: ForceOutOption = False,
    sheet: SheetOption = None,
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.config import options_from
    from catalogtool.errors import InputError, UsageError
    from catalogtool.fix_files import FixRequest, fix_file

    cfg = workspace_config(draft.parent if draft.parent.is_dir() else None)
    language = detect_lang(lang, config=cfg.lang)
    if not draft.is_file():
        raise InputError(f"{draft}: no such file", f"{draft}：文件不存在")
    if in_place and out is not None:
        raise UsageError("--in-place and --out do not go together", "--in-place 与 --out 不能同时使用")
    options = options_from(cfg, sheet=sheet, codes_extra=codes_extra or ())
    result = fix_file(
        FixRequest(
            source=draft,
            out=out,
            unsafe=unsafe_fixes,
            rules=tuple(rule or ()),
            diff=diff,
            in_place=in_place,
            force=force,
            options=options,
        )
    )
    _print(result, diff, language)
    raise typer.Exit(0 if result.remaining.valid() else 1)


def _print(result: FixResult, diff: bool, lang: str) -> None:
    from catalogtool.report import render
    from catalogtool.report.common import quote

    zh = lang == "zh"
    for c in result.changes:
        safety = "" if c.safe else ("（需确认）" if zh else " (unsafe)")
        typer.echo(
            f"{c.describe(lang)}: {quote(c.old or '', lang)} → {quote(c.new, lang)} ({c.rule}){safety}"
        )
    n = len(result.changes)
    if diff:
        typer.echo(
            f"将修改 {n} 处（未写入任何文件）" if zh else f"{n} change(s) would be made (nothing written)"
        )
    elif result.written is not None:
        where = f"，原文件备份为 {result.backup}" if zh and result.backup else ""
        where_en = f"; the original is kept as {result.backup}" if result.backup else ""
        typer.echo(
            f"已修改 {n} 处，写入 {result.written}{where}"
            if zh
            else f"{n} change(s) written to {result.written}{where_en}"
        )
    else:
        typer.echo("没有可自动修复的问题，未写入文件" if zh else "nothing to repair; no file written")
    if result.unsafe_skipped:
        typer.echo(
            f"另有 {result.unsafe_skipped} 处需人工确认的修复未执行（加 --unsafe-fixes 执行）"
            if zh
            else f"{result.unsafe_skipped} repair(s) a person should confirm were not applied (add --unsafe-fixes)"
        )
    if result.conflicts or result.no_column:
        typer.echo(
            f"{result.conflicts + result.no_column} 处修复无法执行（同一单元格有不同修复，或表中没有对应的列）"
            if zh
            else f"{result.conflicts + result.no_column} repair(s) could not be made (two repairs of one cell, "
            "or no column to write into)"
        )
    if any(f.severity != "info" for f in result.remaining.findings):
        typer.echo("")
        typer.echo("仍存在的问题：" if zh else "What remains:")
        from catalogtool.model import Report

        remaining = Report(files=(result.remaining,), code_list=result.code_list)
        text = render("text", remaining, lang)
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        typer.echo("没有需要处理的问题了。" if zh else "Nothing remains to be fixed.")
