"""CLI: ``catalogtool validate`` — check drafts (files, or a workspace's provinces) and report."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.options import (
    CodesExtraOption,
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

if TYPE_CHECKING:
    from collections.abc import Callable

    from catalogtool.config import Config
    from catalogtool.model import FileReport, Report
    from catalogtool.validate import ProgressCallback, ValidateOptions

from catalogtool.report import FORMATS

FORMAT_NAMES = tuple(FORMATS)


def register(app: typer.Typer) -> None:
    """Add ``validate``."""
    app.command(
        "validate",
        help="Check every row of catalog drafts (xlsx, csv, yaml, json) and report what is wrong and where. "
        "校验指导目录草稿。Exit 0 valid, 1 findings, 2 unusable input.",
    )(validate_command)


def validate_command(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - Typer needs Optional for variadic arguments
        typer.Argument(help="Catalog files (.xlsx, .csv, .yaml, .json).", show_default=False),
    ] = None,
    output_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {', '.join(FORMAT_NAMES)} (default text, or $CATALOGTOOL_FORMAT).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to FILE instead of standard output."),
    ] = None,
    lang: LangOption = None,
    sheet: SheetOption = None,
    strict: StrictOption = False,
    max_findings: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--max-findings", min=1, help="Stop after N findings (the report says it is partial)."),
    ] = None,
    codes_extra: CodesExtraOption = None,
    annotate: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--annotate",
            help="Also write a copy of the xlsx input with findings marked in the cells "
            "(an existing file only with --force; never the input).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --annotate replace an existing file.")] = False,
    province: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--province", "-p", help="Validate a workspace province (catalog + metadata), e.g. JS."),
    ] = None,
    workspace: WorkspaceOption = None,
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--config", help="catalogtool.yaml to use (default: the workspace's, or ./catalogtool.yaml)."
        ),
    ] = None,
    today: TodayOption = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on a terminal.")
    ] = True,
) -> None:
    from catalogtool.config import find_config, load_config
    from catalogtool.validate import ValidateOptions

    given = list(paths or [])
    if not given and province is None and workspace is None:
        raise UsageError(
            "give catalog files or a workspace folder to validate, or --province/--workspace",
            "请指定要校验的目录文件或工作区目录，或使用 --province/--workspace",
        )
    # A folder argument is a workspace: its provinces/<XX>/ are validated like --workspace.
    files = [p for p in given if not p.is_dir()]
    roots = [p for p in given if p.is_dir()]
    if workspace is not None or province is not None:
        roots.append(workspace or Path())
    root = roots[0] if roots else None
    config_path = config or find_config(root if root is not None else Path.cwd())
    if config is not None and not config.is_file():
        raise UsageError(f"--config: no such file {config}", f"--config：文件不存在 {config}")
    cfg = load_config(config_path)
    language = detect_lang(lang, config=cfg.lang)
    for out in (output, annotate):
        if out is not None:
            _refuse_overwriting_an_input(out, [str(f) for f in files])
    if annotate is not None:
        _refuse_existing(annotate, force)
    fmt = _choose_format(output_format, cfg)
    options = ValidateOptions(
        sheet=sheet,
        strict=strict or cfg.strict,
        max_findings=max_findings,
        codes_extra=(*cfg.codes_extra, *(codes_extra or [])),
        severity_overrides=cfg.severity,
        competency_schema=cfg.competency_schema,
    )
    report = _run(
        files,
        roots,
        province,
        options,
        parse_today(today),
        progress and fmt == "text" and sys.stderr.isatty(),
    )
    for out in (output, annotate):
        if out is not None:
            _refuse_overwriting_an_input(out, [fr.file for fr in report.files])
    if annotate is not None:
        _annotate(report, annotate, language)
    _emit(report, fmt, output, language)
    raise typer.Exit(report.exit_code())


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


def _run(
    files: list[Path],
    roots: list[Path],
    province: str | None,
    options: ValidateOptions,
    today: dt.date,
    show_progress: bool,
) -> Report:
    from catalogtool.codes import load_code_list
    from catalogtool.model import Report
    from catalogtool.validate import validate_file

    codes = load_code_list(options.codes_extra)
    reports: list[FileReport] = []
    for path in files:
        reports.append(
            _with_progress(path, show_progress, functools.partial(validate_file, path, options, codes))
        )
    for root in roots:
        from catalogtool.package import check_workspace
        from catalogtool.workspace import find_workspace_provinces

        provinces = [province] if province else find_workspace_provinces(root)
        if not provinces:
            raise UsageError(
                f"{root} has no provinces/<XX>/ folder; create one with `catalogtool new --province XX`",
                f"{root} 下没有 provinces/<省份>/ 目录；可用 catalogtool new --province XX 创建",
            )
        for code in provinces:
            reports.extend(check_workspace(root, code, today, options, codes).report.files)
    return Report(files=tuple(reports), code_list=codes.label, strict=options.strict)


def _with_progress(
    path: Path, show: bool, work: Callable[[ProgressCallback | None], FileReport]
) -> FileReport:
    if not show:
        return work(None)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # On stderr, so a report redirected to a file stays clean.
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"{path.name}: 0 rows", total=None)

        def tick(n: int) -> None:
            if n % 500 == 0:
                bar.update(task, description=f"{path.name}: {n:,} rows")

        return work(tick)


def _annotate(report: Report, out: Path, lang: str) -> None:
    from catalogtool.report.annotate import write_annotated

    xlsx = [fr for fr in report.files if fr.file.lower().endswith(".xlsx")]
    if len(xlsx) != 1:
        raise UsageError(
            "--annotate needs exactly one .xlsx input",
            "--annotate 需要且仅需要一个 .xlsx 输入文件",
        )
    write_annotated(Path(xlsx[0].file), xlsx[0], out, lang)


def _emit(report: Report, fmt: str, output: Path | None, lang: str) -> None:
    from catalogtool.report import render

    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from catalogtool.report import step_summary_markdown

        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(step_summary_markdown(report, lang))
    if output is not None:
        from catalogtool.atomic import write_text

        write_text(output, render(fmt, report, lang))
        return
    if fmt == "text" and sys.stdout.isatty():
        from rich.console import Console

        from catalogtool.report.text import render_rich

        render_rich(report, lang, Console())
        return
    text = render(fmt, report, lang)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
