"""CLI: ``catalogtool fix`` — repair what is mechanical, in a copy, and say what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.options import CodesExtraOption, LangOption, SheetOption, workspace_config
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.fix_files import FixResult


def register(app: typer.Typer) -> None:
    """Add ``fix``."""
    app.command(
        "fix",
        help="修复无需判断的问题（Excel 日期化的代码、全角代码等），写入副本并报告改动；--unsafe-fixes 同时修复需人工确认的问题"
        "（如改填规范名称）。\n\n"
        "Repair what needs no judgement (codes Excel turned into dates, full-width or unpadded codes) in a copy "
        "of the draft (DRAFT.fixed.xlsx), print every change, then validate the copy. --unsafe-fixes also "
        "applies likely repairs a person should confirm (official names, an occupation code moved out of the "
        "subcategory column). `catalogtool rules` shows which rules can fix.\n\n"
        "Examples: catalogtool fix draft.xlsx · catalogtool fix draft.xlsx --diff · "
        "catalogtool fix draft.csv --unsafe-fixes --rule CT203\n\n"
        "Exit 0 nothing remains, 1 findings remain, 2 unusable input or usage.",
    )(fix_command)


def fix_command(
    draft: Annotated[
        Path, typer.Argument(help="The draft: .xlsx, .csv or .yaml. 待修复的目录草稿。", show_default=False)
    ],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            help="Where to write the repaired copy (default: DRAFT.fixed.xlsx beside it).",
            show_default=False,
        ),
    ] = None,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes", help="Also apply repairs a person should confirm. 同时执行需确认的修复。"
        ),
    ] = False,
    rule: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--rule", help="Only the repairs of this rule (id or slug; repeatable).", show_default=False
        ),
    ] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes and write nothing.")] = False,
    in_place: Annotated[
        bool,
        typer.Option("--in-place", help="Repair the draft itself, after keeping DRAFT.bak.xlsx beside it."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
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
        typer.echo(f"{c.describe()}: {quote(c.old or '', lang)} → {quote(c.new, lang)} ({c.rule}){safety}")
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
