"""CLI: ``catalogtool validate`` — check drafts (files, or a workspace's provinces) and report.

The options are declared here, for Typer; the work is commands/validating.py's (a plain command line
reaches it without Typer)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from catalogtool.commands.helptext import EXIT_FINDINGS, HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    CodesExtraOption,
    ConfigOption,
    LangOption,
    SheetOption,
    StrictOption,
    TodayOption,
    WorkspaceOption,
)
from catalogtool.report import FORMATS

FORMAT_NAMES = tuple(FORMATS)


def register(app: typer.Typer) -> None:
    """Add ``validate``."""
    app.command(
        "validate",
        cls=HelpCommand,
        help=about(
            bi(
                "校验目录草稿（xlsx、csv、yaml、json）的每一行，报告问题及其位置（工作表、行、列）。",
                "Check every row of catalog drafts (xlsx, csv, yaml, json) and report what is wrong and "
                "where (sheet, row, column).",
            ),
            bi(
                "给出文件夹或 --province 时，同时校验工作区的 province.yaml、征求意见记录和 A 类标准。",
                "With a folder or --province, the workspace's province.yaml, consultation record and "
                "Category A standards are checked too.",
            ),
            EXIT_FINDINGS,
        ),
        epilog=examples(
            "catalogtool validate draft.xlsx",
            "catalogtool validate draft.xlsx --format sarif --output out.sarif",
            "catalogtool validate draft.xlsx --annotate draft.checked.xlsx",
            "catalogtool validate --province JS --strict",
            "catalogtool validate . --format json",
        ),
    )(validate_command)


def validate_command(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - Typer needs Optional for variadic arguments
        typer.Argument(
            metavar="PATHS",
            help=bi(
                "目录文件（.xlsx、.csv、.yaml、.json），或工作区文件夹。",
                "Catalog files (.xlsx, .csv, .yaml, .json), or a workspace folder.",
            ),
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=bi(
                f"输出格式：{'、'.join(FORMAT_NAMES)}（默认 text，或 $CATALOGTOOL_FORMAT）。",
                f"Output format: {', '.join(FORMAT_NAMES)} (default text, or $CATALOGTOOL_FORMAT).",
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=bi(
                "将报告写入文件，而不是标准输出（- 表示标准输出）。",
                "Write the report to FILE instead of standard output (- is standard output).",
            ),
        ),
    ] = None,
    lang: LangOption = None,
    sheet: SheetOption = None,
    strict: StrictOption = False,
    max_findings: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--max-findings",
            min=1,
            help=bi(
                "发现 N 个问题后停止（报告会注明不完整）。",
                "Stop after N findings (the report says it is partial).",
            ),
        ),
    ] = None,
    codes_extra: CodesExtraOption = None,
    annotate: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--annotate",
            metavar="OUT.xlsx",
            help=bi(
                "另存一份在单元格中标注问题的 xlsx 副本（已有文件需加 --force；绝不改写输入文件）。",
                "Also write a copy of the xlsx input with findings marked in the cells "
                "(an existing file only with --force; never the input).",
            ),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=bi("允许 --annotate 覆盖已有文件。", "Let --annotate replace an existing file.")
        ),
    ] = False,
    province: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--province",
            "-p",
            metavar="XX",
            help=bi(
                "校验工作区中的某个省份（目录及其元数据），如 JS。",
                "Validate a workspace province (catalog + metadata), e.g. JS.",
            ),
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    config: ConfigOption = None,
    today: TodayOption = None,
    progress: Annotated[
        bool,
        typer.Option(
            "--progress/--no-progress",
            help=bi("在终端上显示进度条。", "Show a progress bar on a terminal."),
        ),
    ] = True,
) -> None:
    from catalogtool.commands.validating import validate

    raise typer.Exit(
        validate(
            paths=paths,
            output_format=output_format,
            output=output,
            lang=lang,
            sheet=sheet,
            strict=strict,
            max_findings=max_findings,
            codes_extra=codes_extra,
            annotate=annotate,
            force=force,
            province=province,
            workspace=workspace,
            config=config,
            today=today,
            progress=progress,
        )
    )
