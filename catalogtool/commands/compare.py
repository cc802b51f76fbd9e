"""CLI: ``catalogtool compare`` — provinces side by side, for mutual recognition and the ministry's review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    ForceOutOption,
    LangOption,
    TodayOption,
    WorkspaceOption,
    check_format,
    parse_today,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.config import Config

FORMATS = ("text", "json", "xlsx", "docx")
_BINARY = ("xlsx", "docx")


def register(app: typer.Typer) -> None:
    """Add ``compare``."""
    app.command(
        "compare",
        cls=HelpCommand,
        help=about(
            bi(
                "比较各省指导目录（工作区中的省份和/或报备材料）：共同与独有的小类、各项要求与国家基准相比的宽严、"
                "有效期、A 类标准，以及互认候选（--recognise JS:ZJ）。",
                "Set provinces of a workspace and/or filing packages side by side: shared and unique "
                "subcategories, each requirement's loosest and strictest value per province against the "
                "national baseline, validity periods, Category A standards, and mutual-recognition "
                "candidates (--recognise JS:ZJ).",
            ),
            bi(
                "退出码：0 已比较，2 输入无法使用或用法错误（未通过校验的报备材料会被拒绝）。",
                "Exit codes: 0 compared, 2 unusable input or usage error (a package that fails its check "
                "is refused).",
            ),
        ),
        epilog=examples(
            "catalogtool compare JS ZJ",
            "catalogtool compare JS --package ZJ-2026.zip --recognise JS:ZJ",
            "catalogtool compare JS ZJ SH --format xlsx --out compare.xlsx",
        ),
    )(compare_command)


def compare_command(
    provinces: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="PROVINCES",
            help=bi("要比较的工作区省份，如 JS ZJ。", "Workspace provinces to compare, e.g. JS ZJ."),
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    package: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--package",
            metavar="ZIP",
            help=bi(
                "某省报来的报备材料压缩包（可重复使用）；先按 package --check 校验。",
                "A filing package zip received from a province (repeatable); verified like package --check.",
            ),
            show_default=False,
        ),
    ] = None,
    recognise: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--recognise",
            "--recognize",
            metavar="FROM:TO",
            help=bi(
                "互认分析，如 JS:ZJ：FROM 中要求不低于 TO 的岗位（可重复使用）。",
                "FROM:TO, e.g. JS:ZJ — posts of FROM at least as strict as TO's (repeatable).",
            ),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=bi("输出格式：text、json、xlsx 或 docx。", "Output format: text, json, xlsx or docx."),
        ),
    ] = "text",
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help=bi(
                "写入此文件（xlsx 和 docx 必须指定）。", "Write to this file (needed for xlsx and docx)."
            ),
            show_default=False,
        ),
    ] = None,
    force: ForceOutOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.commands.options import workspace_config

    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    fmt = check_format(fmt, FORMATS)
    if fmt in _BINARY and out is None:
        raise UsageError(f"--format {fmt} needs --out FILE", f"--format {fmt} 需要用 --out 指定输出文件")
    if out is not None and out.exists() and not force and not out.is_char_device():
        raise UsageError(f"{out} exists; add --force to replace it", f"{out} 已存在；如需替换请加 --force")
    pairs = _pairs(recognise or [])
    raise typer.Exit(
        _run(root, provinces or [], package or [], pairs, fmt, out, parse_today(today), cfg, language)
    )


def _pairs(texts: list[str]) -> list[tuple[str, str]]:
    from catalogtool.compare import parse_pair

    pairs = []
    for text in texts:
        pair = parse_pair(text)
        if pair is None:
            raise UsageError(
                f"--recognise {text!r}: write FROM:TO, e.g. JS:ZJ",
                f"--recognise {text!r}：应写作 甲:乙，如 JS:ZJ",
            )
        pairs.append(pair)
    return pairs


def _run(
    root: Path,
    provinces: list[str],
    packages: list[Path],
    pairs: list[tuple[str, str]],
    fmt: str,
    out: Path | None,
    today: dt.date,
    cfg: Config,
    lang: str,
) -> int:
    import dataclasses
    import json

    from catalogtool.compare import compare, keyed
    from catalogtool.compare_sources import from_package, from_workspace
    from catalogtool.config import options_from
    from catalogtool.rules.catalog import STANDARD_BLOCKS

    if len(provinces) + len(packages) < 2:
        raise UsageError(
            "compare needs at least two catalogs: provinces of the workspace and/or --package files",
            "比较至少需要两个目录：工作区内的省份和/或 --package 报备材料",
        )
    options = options_from(cfg)
    loaded = [from_workspace(root, p, today, options) for p in provinces]
    loaded += [from_package(p) for p in packages]
    for item in loaded:
        _warn(item.catalog.key, item.errors, item.skipped_rows, lang)
    keys = keyed((item.catalog.key, item.catalog.edition) for item in loaded)
    if len(set(keys)) < len(keys):
        raise UsageError("the same catalog is given twice", "同一目录被重复给出")
    catalogs = [dataclasses.replace(item.catalog, key=key) for item, key in zip(loaded, keys, strict=True)]
    for a, b in pairs:
        for key in (a, b):
            if key not in keys:
                raise UsageError(
                    f"--recognise names {key}, which is not among the catalogs compared ({', '.join(keys)})",
                    f"--recognise 中的 {key} 不在比较的目录之中（{'、'.join(keys)}）",
                )
    result = compare(catalogs, today, block_order=tuple(STANDARD_BLOCKS), recognise_pairs=pairs)
    data: bytes
    if fmt == "json":
        from catalogtool.report.comparison import to_json

        data = (json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif fmt == "text":
        from catalogtool.report.comparison import render_text

        data = render_text(result, lang).encode("utf-8")
    elif fmt == "xlsx":
        from catalogtool.report.comparison_docs import comparison_xlsx

        data = comparison_xlsx(result, lang)
    else:
        from catalogtool.report.comparison_docs import comparison_docx

        data = comparison_docx(result, lang)
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return 0
    from catalogtool.atomic import write_bytes

    write_bytes(out, data)
    typer.echo(f"已写入 {out}" if lang == "zh" else f"wrote {out}", err=True)
    return 0


def _warn(key: str, errors: int, skipped: int, lang: str) -> None:
    """Say on stderr when a draft being compared is not clean: the comparison uses what could be read."""
    if not errors and not skipped:
        return
    if lang == "zh":
        msg = f"catalogtool: 注意：{key} 目录校验有 {errors} 个错误，按可读取的内容比较"
        msg += f"（{skipped} 行小类代码无法识别，未计入）" if skipped else ""
    else:
        msg = f"catalogtool: note: {key}'s catalog has {errors} error(s); compared as read"
        msg += f" ({skipped} row(s) without a readable subcategory code left out)" if skipped else ""
    typer.echo(msg, err=True)
