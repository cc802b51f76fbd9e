"""What ``catalogtool validate`` does once its arguments are read, without Typer, and the plain run.

commands/validate.py declares the command for Typer and calls :func:`validate`. A command line of only
files and at most one --format (``catalogtool validate draft.xlsx --format json``: how pre-commit hooks
and CI run it, on every commit and push) is read by :func:`plain_arguments` instead, from the process
entry point (catalogtool.__main__): importing Typer and building the command cost about a fifth of a
small check. Every other command line goes to Typer, unchanged; tests/test_plain_run.py checks that both
read the same arguments and that the run ends the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalogtool.config import Config
    from catalogtool.model import Report


def plain_arguments(args: list[str], environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The arguments of :func:`validate` when ``args`` (the command line after the program name) is
    ``validate`` with only files and at most one ``--format F`` / ``-f F``; None for anything else.

    Files are what Typer passes: ``Path(text)``, for any text that is not empty and starts with no "-"
    (Typer's path type refuses an existing path it cannot read: those go to Typer for its message).
    Shell completion (``_CATALOGTOOL_COMPLETE``) and Windows, where Click expands wildcards itself, go to
    Typer too."""
    if not args or args[0] != "validate" or os.name == "nt":
        return None
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in environ):
        return None
    paths: list[Path] = []
    output_format: str | None = None
    rest = iter(args[1:])
    for arg in rest:
        if arg in ("--format", "-f") and output_format is None:
            output_format = next(rest, "")
            if not output_format or output_format.startswith("-"):
                return None
        elif arg and not arg.startswith("-") and _typer_takes(arg):
            paths.append(Path(arg))
        else:
            return None
    return {"paths": paths, "output_format": output_format} if paths else None


def _typer_takes(path: str) -> bool:
    """Whether Typer's path type takes ``path`` as it is: an absent path or one it can read."""
    try:
        os.stat(path)
    except OSError:
        return True
    except ValueError:  # a NUL in the text (only in process: an argv cannot hold one)
        return False
    return os.access(path, os.R_OK)


def validate(
    *,
    paths: list[Path] | None = None,
    output_format: str | None = None,
    output: Path | None = None,
    lang: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    max_findings: int | None = None,
    codes_extra: list[Path] | None = None,
    annotate: Path | None = None,
    force: bool = False,
    province: str | None = None,
    workspace: Path | None = None,
    config: Path | None = None,
    today: str | None = None,
    progress: bool = True,
) -> int:
    """Check the catalogs and report (see ``catalogtool validate --help``); the exit code. The defaults
    are the command's (tests/test_plain_run.py compares them with Typer's)."""
    from catalogtool.commands.values import parse_today
    from catalogtool.config import config_for, options_from
    from catalogtool.errors import UsageError
    from catalogtool.lang import detect_lang
    from catalogtool.report.emit import emit
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
    return report.exit_code()


def _say_unusable(report: Report, lang: str) -> None:
    """The one error line (path as given) for each input that could not be used; the report still
    carries it as CT100 and the others are reported as usual."""
    from catalogtool.commands.exits import say
    from catalogtool.report.common import visible  # a file name must not act on the terminal

    sep = "：" if lang == "zh" else ": "
    for fr in report.files:
        if fr.unusable:
            say(visible(f"catalogtool: {fr.file}{sep}{fr.findings[0].message(lang)}"))


def _refuse_overwriting_an_input(out: Path, inputs: list[str]) -> None:
    """Inputs are never modified: an output path that is one of the inputs is a usage error."""
    from catalogtool.atomic import same_path
    from catalogtool.errors import UsageError

    for file in inputs:
        if same_path(Path(file), out):
            raise UsageError(
                f"{out} is one of the inputs; write the report to another file",
                f"{out} 是被校验的输入文件，请将结果写到其他文件",
            )


def _refuse_existing(out: Path, force: bool) -> None:
    """--annotate replaces an existing file only with --force (as convert does)."""
    from catalogtool.atomic import is_stream
    from catalogtool.errors import UsageError

    if not force and out.exists() and not is_stream(out):
        raise UsageError(f"{out} exists (use --force to replace it)", f"{out} 已存在（如需替换请加 --force）")


def _choose_format(explicit: str | None, cfg: Config) -> str:
    from catalogtool.commands.values import check_format
    from catalogtool.report import FORMATS, default_format

    return check_format(explicit or cfg.format or default_format(os.environ), tuple(FORMATS))


def _annotate(report: Report, out: Path, lang: str) -> None:
    from catalogtool.errors import UsageError
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
