"""Options shared by several commands, declared once, and the parsing of their values (values.py,
re-exported here).

Each alias is an ``Annotated`` type a command function uses as a parameter's annotation (its default
stays at the parameter), so an option is spelled, and explained, the same way everywhere. This module
is imported while the CLI starts: it must stay light (no openpyxl, jsonschema, ruamel.yaml…).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import bi
from catalogtool.commands.values import check_format as check_format
from catalogtool.commands.values import parse_today as parse_today

if TYPE_CHECKING:
    from catalogtool.config import Config

# Typer needs Optional[...] (not X | None) to see that an option may be left out.
LangOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--lang",
        metavar="zh|en",
        help=bi(
            "输出语言：zh 或 en（默认依次取 $CATALOGTOOL_LANG、catalogtool.yaml 的 lang:、系统区域设置）。",
            "Output language: zh or en (default: $CATALOGTOOL_LANG, then lang: in catalogtool.yaml, "
            "then the locale).",
        ),
    ),
]
TextOrJsonFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="text|json",
        help=bi("输出格式：text 或 json。", "Output format: text or json."),
    ),
]
CodesExtraOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(
        "--codes-extra",
        metavar="CSV",
        help=bi(
            "新增职业的增补文件（CSV：batch、occupation_code、occupation_name、subcategory_code、"
            "renumbered_from）；可重复使用。",
            "An amendment file of extra occupation codes (CSV: batch, occupation_code, occupation_name, "
            "subcategory_code, renumbered_from); repeatable.",
        ),
    ),
]
SheetOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--sheet",
        metavar="NAME",
        help=bi(
            "读取 xlsx 中的哪个工作表（默认：表头相符的那个）。",
            "The worksheet to read in an xlsx input (default: the one whose header matches).",
        ),
    ),
]
WorkspaceOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--workspace",
        "-w",
        metavar="DIR",
        help=bi("工作区文件夹（默认：当前文件夹）。", "Workspace folder (default: the current folder)."),
    ),
]
_PROVINCE = typer.Option(
    "--province",
    "-p",
    metavar="XX",
    help=bi("省份：JS、CN-JS、320000 或 江苏省 均可。", "The province: JS, CN-JS, 320000 or 江苏省."),
)
ProvinceOption = Annotated[str, _PROVINCE]
#: --province where something else may stand for it (package --check PACKAGE).
MaybeProvinceOption = Annotated[Optional[str], _PROVINCE]  # noqa: UP045
TodayOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help=bi("有效期检查所用的日期（默认：今天）。", "Date for the validity checks (default: today)."),
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help=bi(
            "警告按错误处理：校验不通过，也不能生成报备材料。",
            "Warnings count as errors: they fail the run and block a package.",
        ),
    ),
]
ConfigOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--config",
        metavar="FILE",
        help=bi(
            "使用的 catalogtool.yaml（默认：输入文件或工作区所在文件夹及其上级中最近的一个，其次是当前文件夹的）。",
            "catalogtool.yaml to use (default: the nearest at or above the input's or workspace's "
            "folder, then the current folder's).",
        ),
        show_default=False,
    ),
]
ForceOutOption = Annotated[
    bool, typer.Option("--force", help=bi("允许覆盖已有的 --out 文件。", "Replace an existing --out file."))
]


def workspace_config(folder: Path | None = None) -> Config:
    """The settings of ``folder``'s catalogtool.yaml (default: the current folder), or the defaults.

    Every command reads the same file, so a workspace's language and code-list extras apply to all.
    """
    from catalogtool.config import Config, config_for

    start = folder if folder is not None else Path.cwd()
    return config_for(None, start) if start.is_dir() else Config()


def input_config(explicit: Path | None, first: Path) -> Config:
    """The settings for a run over input files: ``--config FILE`` when given, else the catalogtool.yaml
    nearest the first input (as ``validate`` finds it), else the current folder's, else the defaults."""
    from catalogtool.config import config_for

    return config_for(explicit, first.parent)
