"""CLI: ``new`` (workspace scaffold), ``convert`` (between xlsx / csv / yaml / json), ``diff`` (two versions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    ConfigOption,
    LangOption,
    ProvinceOption,
    SheetOption,
    TextOrJsonFormatOption,
    check_format,
    input_config,
    workspace_config,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.convert import Reading
    from catalogtool.model import Finding


def register(app: typer.Typer) -> None:
    """Add ``new``, ``convert`` and ``diff``."""
    app.command(
        "new",
        cls=HelpCommand,
        help=about(
            bi(
                "新建一个省份的起草工作区：province.yaml、目录模板工作簿、A 类标准和征求意见记录。",
                "Create a drafting workspace for a province: province.yaml, the catalog template workbook, "
                "Category A standards and the consultation record.",
            ),
        ),
        epilog=examples(
            "catalogtool new --province JS",
            "catalogtool new --province 江苏省 --workspace catalog-2026 --edition 2026",
        ),
    )(new_command)
    app.command(
        "convert",
        cls=HelpCommand,
        help=about(
            bi(
                "在 xlsx、csv、yaml、json 之间转换目录（格式由扩展名决定），并列出各项要求的读取结果。",
                "Convert a catalog between xlsx, csv, yaml and json (formats from the extensions), and "
                "list what each requirement was read as.",
            ),
        ),
        epilog=examples(
            "catalogtool convert catalog.xlsx catalog.yaml",
            "catalogtool convert catalog.yaml catalog.csv --encoding gb18030",
        ),
    )(convert_command)
    app.command(
        "diff",
        cls=HelpCommand,
        help=about(
            bi(
                "比较目录的两个版本（任意格式）：新增、删除、移动和修改的行。",
                "Compare two versions of a catalog (any formats): rows added, removed, moved and changed.",
            ),
        ),
        epilog=examples(
            "catalogtool diff old.xlsx new.yaml",
            "catalogtool diff JS-2025.xlsx provinces/JS/catalog.xlsx --exit-code",
        ),
    )(diff_command)


def _say(lang: str, zh: str, en: str) -> None:
    typer.echo(zh if lang == "zh" else en)


def _warn(lang: str, zh: str, en: str) -> None:
    typer.echo(zh if lang == "zh" else en, err=True)


def new_command(
    province: ProvinceOption,
    workspace: Annotated[
        Path,
        typer.Option(
            "--workspace",
            "-w",
            metavar="DIR",
            help=bi("工作区文件夹（不存在时新建）。", "Workspace folder (created if missing)."),
        ),
    ] = Path("."),
    edition: Annotated[
        Optional[str],  # noqa: UP045 - Typer needs Optional
        typer.Option(
            "--edition",
            metavar="YEAR",
            help=bi("版本年份，如 2026（默认：今年）。", "Edition year, e.g. 2026 (default: this year)."),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=bi("覆盖已有文件。", "Replace existing files."))
    ] = False,
    lang: LangOption = None,
) -> None:
    from catalogtool.codes import load_code_list
    from catalogtool.draft import create_workspace
    from catalogtool.provinces import require_province

    prov = require_province(province)
    if workspace.exists() and not workspace.is_dir():
        raise UsageError(f"--workspace {workspace} is not a folder", f"--workspace {workspace} 不是文件夹")
    cfg = workspace_config(workspace)
    language = detect_lang(lang, config=cfg.lang)
    result = create_workspace(
        workspace,
        prov,
        edition=edition or str(dt.date.today().year),
        codes=load_code_list(cfg.codes_extra),
        force=force,
    )
    for path in result.created:
        _say(language, f"已创建 {path}", f"created {path}")
    for path in result.overwritten:
        _say(language, f"已覆盖 {path}", f"replaced {path}")
    for path in result.kept:
        _say(language, f"保留原有 {path}", f"kept existing {path}")
    folder = result.province_dir
    _say(
        language,
        f"下一步：补全 {folder / 'province.yaml'}，在 {folder / 'catalog.xlsx'} 中填写目录，"
        f"然后运行 catalogtool validate {folder / 'catalog.xlsx'}",
        f"Next: fill in {folder / 'province.yaml'}, draft the rows in {folder / 'catalog.xlsx'}, "
        f"then run catalogtool validate {folder / 'catalog.xlsx'}",
    )


def convert_command(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="IN",
            help=bi("输入目录（.xlsx、.csv、.yaml、.json）。", "Input catalog (.xlsx, .csv, .yaml, .json)."),
        ),
    ],
    target: Annotated[
        Path,
        typer.Argument(
            metavar="OUT",
            help=bi("输出文件；扩展名决定格式。", "Output file; its extension picks the format."),
        ),
    ],
    sheet: SheetOption = None,
    encoding: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--encoding",
            metavar="ENCODING",
            help=bi(
                "CSV 输出的编码：utf-8-sig（默认，带 BOM，Excel 可直接打开）、utf-8 或 gb18030。",
                "CSV output: utf-8-sig (default, with BOM for Excel), utf-8 or gb18030.",
            ),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=bi(
                "覆盖已有的输出文件（否则已有的 YAML 会被更新）。",
                "Replace an existing output (an existing YAML is updated otherwise).",
            ),
        ),
    ] = False,
    drop_unknown_columns: Annotated[
        bool,
        typer.Option(
            "--drop-unknown-columns",
            help=bi(
                "即使会丢失目录不认识的列，也进行转换。",
                "Convert even though columns the catalog does not know are lost.",
            ),
        ),
    ] = False,
    config: ConfigOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.config import options_from
    from catalogtool.convert import convert

    cfg = input_config(config, source)
    language = detect_lang(lang, config=cfg.lang)
    result = convert(
        source,
        target,
        sheet=sheet,
        encoding=encoding,
        force=force,
        drop_unknown_columns=drop_unknown_columns,
        options=options_from(cfg),
    )
    _show_findings(result.findings, language)
    _show_readings(result.readings, language)
    verb_zh, verb_en = ("已更新", "updated") if result.updated else ("已写入", "wrote")
    _say(language, f"{verb_zh} {target}（{result.rows} 行）", f"{verb_en} {target} ({result.rows} rows)")


def _show_readings(readings: Sequence[Reading], lang: str) -> None:
    """What each requirement wording was read as, so a drafter can check the tool read it right."""
    from catalogtool.fields import FIELD_LABELS
    from catalogtool.lang import join
    from catalogtool.model import row_words
    from catalogtool.report.common import visible

    if not readings:
        return
    _warn(lang, "能力要求读取结果：", "Requirements read as:")
    for r in readings:
        more = " …" if len(r.rows) > 8 else ""
        numbers_zh, numbers_en = (join(r.rows[:8], lang) + more for lang in ("zh", "en"))
        plural = len(r.rows) > 1
        zh, en, _ = FIELD_LABELS[r.field]
        _warn(
            lang,
            visible(f"  {zh}“{r.text}” → {r.zh}（{row_words(r.kind, numbers_zh, 'zh', plural=plural)}）"),
            visible(f"  {en} {r.text!r} → {r.en} ({row_words(r.kind, numbers_en, 'en', plural=plural)})"),
        )


# Row findings are context for a conversion, not its result: show a handful, then point to validate.
_MAX_SHOWN = 20


def _show_findings(findings: Sequence[Finding], lang: str) -> None:
    from catalogtool.report.common import severity_label, visible

    for f in findings[:_MAX_SHOWN]:
        typer.echo(
            visible(f"{severity_label(f.severity, lang)}: {f.location.describe(lang)}: {f.message(lang)}"),
            err=True,
        )
    if len(findings) > _MAX_SHOWN:
        more = len(findings) - _MAX_SHOWN
        _warn(
            lang,
            f"……另有 {more} 条，完整列表请运行 catalogtool validate",
            f"... and {more} more: run catalogtool validate for the full list",
        )


def diff_command(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD",
            help=bi(
                "较早的版本（.xlsx、.csv、.yaml、.json）。",
                "The earlier version (.xlsx, .csv, .yaml, .json).",
            ),
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW",
            help=bi("较新的版本（同样任意格式）。", "The later version (any of the same formats)."),
        ),
    ],
    output_format: TextOrJsonFormatOption = "text",
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help=bi(
                "两个版本不同时以 1 退出（同 git diff --exit-code）。",
                "Exit 1 when the versions differ (like git diff --exit-code).",
            ),
        ),
    ] = False,
    sheet: SheetOption = None,
    config: ConfigOption = None,
    lang: LangOption = None,
) -> None:
    import json

    from catalogtool.codes import load_code_list
    from catalogtool.config import options_from
    from catalogtool.convert import require_readable
    from catalogtool.diff import diff_catalogs
    from catalogtool.report.diff import diff_to_json, render_text
    from catalogtool.validate import load_catalog

    fmt = check_format(output_format, ("text", "json"))
    cfg = input_config(config, old)
    language = detect_lang(lang, config=cfg.lang)
    codes = load_code_list(cfg.codes_extra)
    loaded = []
    for path in (old, new):
        # --sheet names a worksheet; it does not apply to the other formats.
        options = options_from(cfg, sheet=sheet if path.suffix.lower() == ".xlsx" else None)
        catalog = load_catalog(path, options, codes)
        require_readable(path, catalog)
        loaded.append(catalog)
    result = diff_catalogs(loaded[0].rows, loaded[1].rows)
    if fmt == "json":
        typer.echo(json.dumps(diff_to_json(result, str(old), str(new), codes), ensure_ascii=False, indent=2))
    else:
        kinds = (loaded[0].kind, loaded[1].kind)
        typer.echo(render_text(result, str(old), str(new), language, codes, kinds), nl=False)
    raise typer.Exit(1 if exit_code and result.differs else 0)
