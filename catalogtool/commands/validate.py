"""CLI: ``catalogtool validate`` — check drafts (files, or a workspace's provinces) and report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

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
    check_format,
    parse_today,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang
from catalogtool.report.emit import emit

if TYPE_CHECKING:
    from catalogtool.config import Config
    from catalogtool.model import Report

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
    from catalogtool.config import config_for, options_from
    from catalogtool.report.progress import wanted, with_progress
    from catalogtool.validate import Request, run

    given = list(paths or [])
    if not given and province is None and workspace is None:
        raise UsageError(
            "give catalog files or a workspace folder to validate, or --province/--workspace",
            "请指定要校验的目录文件或工作区目录，或使用 --province/--workspace",
        )
    # The settings of the first workspace folder given (a folder argument, or --workspace), else ./.
    folders = [p for p in given if p.is_dir()]
    cfg = config_for(config, folders[0] if folders else workspace)
    language = detect_lang(lang, config=cfg.lang)
    options = options_from(
        cfg, sheet=sheet, strict=strict, max_findings=max_findings, codes_extra=codes_extra or ()
    )
    request = Request.of(
        given, province=province, workspace=workspace, options=options, today=parse_today(today)
    )
    for out in (output, annotate):
        if out is not None:
            _refuse_overwriting_an_input(out, [str(f) for f in request.files])
    if annotate is not None:
        _refuse_existing(annotate, force)
    fmt = _choose_format(output_format, cfg)
    if progress and wanted(fmt, sys.stderr, os.environ):
        report = with_progress(lambda tick: run(request, progress=tick), language)
    else:
        report = run(request)
    _say_unusable(report, language)
    for out in (output, annotate):
        if out is not None:
            _refuse_overwriting_an_input(out, [fr.file for fr in report.files])
    if annotate is not None:
        _annotate(report, annotate, language)
    if not (fmt == "text" and output is None and all(fr.unusable for fr in report.files)):
        # (a person reading text already has the error lines; machines always get a report)
        emit(report, fmt, language, output)
    raise typer.Exit(report.exit_code())


def _say_unusable(report: Report, lang: str) -> None:
    """The one error line (path as given) for each input that could not be used; the report still
    carries it as CT100 and the others are reported as usual."""
    sep = "：" if lang == "zh" else ": "
    for fr in report.files:
        if fr.unusable:
            typer.echo(f"catalogtool: {fr.file}{sep}{fr.findings[0].message(lang)}", err=True)


def _refuse_overwriting_an_input(out: Path, inputs: list[str]) -> None:
    """Inputs are never modified: an output path that is one of the inputs is a usage error."""
    from catalogtool.atomic import same_path

    for file in inputs:
        if same_path(Path(file), out):
            raise UsageError(
                f"{out} is one of the inputs; write the report to another file",
                f"{out} 是被校验的输入文件，请将结果写到其他文件",
            )


def _refuse_existing(out: Path, force: bool) -> None:
    """--annotate replaces an existing file only with --force (as convert does)."""
    from catalogtool.atomic import is_stream

    if not force and out.exists() and not is_stream(out):
        raise UsageError(f"{out} exists (use --force to replace it)", f"{out} 已存在（如需替换请加 --force）")


def _choose_format(explicit: str | None, cfg: Config) -> str:
    from catalogtool.report import default_format

    return check_format(explicit or cfg.format or default_format(os.environ), FORMAT_NAMES)


def _annotate(report: Report, out: Path, lang: str) -> None:
    from catalogtool.report.annotate import write_annotated

    xlsx = [fr for fr in report.files if fr.file.lower().endswith(".xlsx")]
    if len(xlsx) == 1 and xlsx[0].unusable:
        return  # nothing to mark: its error line and report say why
    if len(xlsx) != 1:
        raise UsageError(
            "--annotate needs exactly one .xlsx input",
            "--annotate 需要且仅需要一个 .xlsx 输入文件",
        )
    write_annotated(Path(xlsx[0].file), xlsx[0], out, lang)
