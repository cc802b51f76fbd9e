"""CLI: ``new`` (workspace scaffold), ``convert`` (between xlsx / csv / yaml / json), ``diff`` (two versions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.options import (
    LangOption,
    ProvinceOption,
    SheetOption,
    TextOrJsonFormatOption,
    check_format,
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
        help="Create a drafting workspace for a province: province.yaml, the catalog template workbook, "
        "standards and consultation stubs. 新建省级指导目录起草工作区。",
    )(new_command)
    app.command(
        "convert",
        help="Convert a catalog between xlsx, csv, yaml and json (formats from the extensions). "
        "在 xlsx / csv / yaml / json 之间转换目录。",
    )(convert_command)
    app.command(
        "diff",
        help="Compare two versions of a catalog (any formats): rows added, removed, moved and changed. "
        "比较目录的两个版本。",
    )(diff_command)


def _say(lang: str, zh: str, en: str) -> None:
    typer.echo(zh if lang == "zh" else en)


def _warn(lang: str, zh: str, en: str) -> None:
    typer.echo(zh if lang == "zh" else en, err=True)


def new_command(
    province: ProvinceOption,
    workspace: Annotated[
        Path, typer.Option("--workspace", "-w", help="Workspace folder (created if missing).")
    ] = Path("."),
    edition: Annotated[
        Optional[str],  # noqa: UP045 - Typer needs Optional
        typer.Option("--edition", help="Edition year, e.g. 2026 (default: this year).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
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
    source: Annotated[Path, typer.Argument(metavar="IN", help="Input catalog (.xlsx, .csv, .yaml, .json).")],
    target: Annotated[
        Path, typer.Argument(metavar="OUT", help="Output file; its extension picks the format.")
    ],
    sheet: SheetOption = None,
    encoding: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--encoding", help="CSV output: utf-8-sig (default, with BOM for Excel), utf-8 or gb18030."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing output (an existing YAML is updated otherwise)."),
    ] = False,
    drop_unknown_columns: Annotated[
        bool,
        typer.Option(
            "--drop-unknown-columns", help="Convert even though columns the catalog does not know are lost."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    from catalogtool.config import options_from
    from catalogtool.convert import convert

    cfg = workspace_config()
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
    from catalogtool.report.common import visible

    if not readings:
        return
    _warn(lang, "能力要求读取结果：", "Requirements read as:")
    for r in readings:
        rows = ", ".join(map(str, r.rows[:8])) + (" …" if len(r.rows) > 8 else "")
        zh, en, _ = FIELD_LABELS[r.field]
        _warn(
            lang,
            visible(f"  {zh}“{r.text}” → {r.zh}（第 {rows} 行）"),
            visible(f"  {en} {r.text!r} → {r.en} (rows {rows})"),
        )


# Row findings are context for a conversion, not its result: show a handful, then point to validate.
_MAX_SHOWN = 20


def _show_findings(findings: Sequence[Finding], lang: str) -> None:
    from catalogtool.report.common import place, severity_label, visible

    for f in findings[:_MAX_SHOWN]:
        typer.echo(
            visible(f"{severity_label(f.severity, lang)}: {place(f.location, lang)}: {f.message(lang)}"),
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
        Path, typer.Argument(metavar="OLD", help="The earlier version (.xlsx, .csv, .yaml, .json).")
    ],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later version (any of the same formats).")],
    output_format: TextOrJsonFormatOption = "text",
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the versions differ (like git diff --exit-code).")
    ] = False,
    sheet: SheetOption = None,
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
    cfg = workspace_config()
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
        typer.echo(render_text(result, str(old), str(new), language, codes), nl=False)
    raise typer.Exit(1 if exit_code and result.differs else 0)
