"""CLI: ``catalogtool package`` — build (or verify) the filing package of a workspace province."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.options import (
    LangOption,
    ProvinceOption,
    StrictOption,
    TodayOption,
    WorkspaceOption,
    parse_today,
    workspace_config,
)
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.config import Config


def register(app: typer.Typer) -> None:
    """Add ``package``."""
    app.command(
        "package",
        help="Validate a province's catalog and workspace files and, when there are no errors, write the filing "
        "package (xlsx, docx, JSON, CSV, datapackage.json, SHA256SUMS) and its zip. 生成报备材料。"
        "Exit 0 written (or verified), 1 errors or a damaged package, 2 unusable input.",
    )(package_command)


def package_command(
    province: ProvinceOption,
    workspace: WorkspaceOption = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out", "-o", help="Where to write <XX>-<edition>/ and its zip (default: <workspace>/dist)."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Verify an existing package instead (hashes, datapackage.json, schemas, zip); "
            "the zip alone is verified when the folder is gone.",
        ),
    ] = False,
    today: TodayOption = None,
    strict: StrictOption = False,
    lang: LangOption = None,
) -> None:
    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    if check:
        raise typer.Exit(_verify(root, province, out, language))
    raise typer.Exit(_build(root, province, out, parse_today(today), strict or cfg.strict, cfg, language))


def _build(
    root: Path, province: str, out: Path | None, today: dt.date, strict: bool, cfg: Config, lang: str
) -> int:
    from catalogtool.package import build_package, check_workspace, default_out
    from catalogtool.report import render
    from catalogtool.validate import ValidateOptions

    options = ValidateOptions(
        strict=strict,
        codes_extra=cfg.codes_extra,
        severity_overrides=cfg.severity,
        competency_schema=cfg.competency_schema,
    )
    checked = check_workspace(root, province, today, options)
    report = checked.report
    has_findings = any(fr.findings for fr in report.files)
    if has_findings or not report.valid:
        text = render("text", report, lang)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if not report.valid:
        typer.echo(
            "catalogtool: 报备材料未生成：请先修正上述错误。"
            if lang == "zh"
            else "catalogtool: no package written: fix the errors above first.",
            err=True,
        )
        return 1
    result = build_package(checked, out if out is not None else default_out(root))
    if lang == "zh":
        typer.echo(f"已生成 {result.folder}/（{len(result.files)} 个文件）")
        typer.echo(f"已生成 {result.zip}（SHA-256 {result.zip_sha256}）")
    else:
        typer.echo(f"wrote {result.folder}/ ({len(result.files)} files)")
        typer.echo(f"wrote {result.zip} (SHA-256 {result.zip_sha256})")
    return 0


def _verify(root: Path, province: str, out: Path | None, lang: str) -> int:
    from catalogtool.package_verify import locate_package, verify_package

    folder, zip_path = locate_package(root, province, out)
    problems = verify_package(folder, zip_path)
    from catalogtool.report.common import visible

    for problem in problems:
        typer.echo(visible(problem.message(lang)))
    if problems:
        typer.echo(
            f"catalogtool: 报备材料校验未通过：{len(problems)} 处问题"
            if lang == "zh"
            else f"catalogtool: package check failed: {len(problems)} problem(s)",
            err=True,
        )
        return 1
    if folder.is_dir():
        typer.echo(
            f"报备材料完好：{folder}/ 与 {zip_path.name}"
            if lang == "zh"
            else f"package OK: {folder}/ and {zip_path.name}"
        )
    else:
        typer.echo(
            f"报备材料完好：{zip_path}（未见同名文件夹，已单独校验压缩包）"
            if lang == "zh"
            else f"package OK: {zip_path} (checked on its own: there is no folder)"
        )
    return 0
