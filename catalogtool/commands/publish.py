"""CLI: ``catalogtool publish`` — the approved catalog as a web page plus open data (notice §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    LangOption,
    ProvinceOption,
    StrictOption,
    TodayOption,
    WorkspaceOption,
    parse_today,
    workspace_config,
)
from catalogtool.commands.package import print_findings
from catalogtool.lang import detect_lang


def register(app: typer.Typer) -> None:
    """Add ``publish``."""
    app.command(
        "publish",
        cls=HelpCommand,
        help=about(
            bi(
                "把批准后的目录发布为一个独立网页（index.html：有效期横幅到期自动显示失效、检索、筛选、英文版）"
                "和开放数据（catalog.json 及其 JSON Schema、catalog.csv、catalog.xlsx、standards.json、"
                "datapackage.json）。",
                "Write the approved catalog as one self-contained web page (index.html: validity banner "
                "that lapses by itself, search, filters, English) plus open data (catalog.json with its "
                "JSON Schema, catalog.csv, catalog.xlsx, standards.json, datapackage.json).",
            ),
            bi(
                "退出码：0 已发布，1 有错误或目录已失效（未写入），2 输入无法使用或用法错误。",
                "Exit codes: 0 written, 1 errors or a lapsed catalog (nothing written), 2 unusable input "
                "or usage error.",
            ),
        ),
        epilog=examples(
            "catalogtool publish --province JS",
            "catalogtool publish -p JS --base-url https://rsj.example.gov.cn/wgrml/2026/",
        ),
    )(publish_command)


def publish_command(
    province: ProvinceOption,
    workspace: WorkspaceOption = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help=bi(
                "输出文件夹（默认：<工作区>/dist/<XX>-<版本>-site）。它会被整体替换，"
                "因此必须是新的、空的或以前发布的文件夹。",
                "The folder to write (default: <workspace>/dist/<XX>-<edition>-site). It is replaced as a "
                "whole, so it must be new, empty or an earlier publication.",
            ),
        ),
    ] = None,
    base_url: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--base-url",
            metavar="URL",
            help=bi(
                "网站上存放该文件夹的 http(s) 地址：下载链接改为绝对地址，网页、catalog.schema.json 和 "
                "datapackage.json 中都会写明。",
                "The http(s) address the folder will be served from: download links become absolute and "
                "the page, catalog.schema.json and datapackage.json carry it.",
            ),
        ),
    ] = None,
    today: TodayOption = None,
    strict: StrictOption = False,
    lang: LangOption = None,
) -> None:
    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    day = parse_today(today)

    from catalogtool import __version__
    from catalogtool.config import options_from
    from catalogtool.publish import build_site, default_site_dir, normalise_base_url, refusal
    from catalogtool.workspace import check_workspace

    url = normalise_base_url(base_url) if base_url is not None else None
    options = options_from(cfg, strict=strict)
    checked = check_workspace(root, province, day, options)
    print_findings(checked.report, language)
    refused = refusal(checked, day)
    if refused is not None:
        typer.echo(f"catalogtool: {refused.message(language)}", err=True)
        raise typer.Exit(1)
    result = build_site(
        checked,
        out if out is not None else default_site_dir(checked.ws),
        base_url=url,
        generator=f"catalogtool {__version__}",
    )
    if language == "zh":
        typer.echo(f"已发布 {result.folder}/（{len(result.files)} 个文件）：index.html 可直接放到网站上")
    else:
        typer.echo(
            f"wrote {result.folder}/ ({len(result.files)} files): index.html is ready to put on the website"
        )
