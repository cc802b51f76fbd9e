"""CLI: ``consult forms`` (feedback forms and the 征求意见稿) and ``consult collect`` (returned forms
into consultation.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from catalogtool.commands.options import (
    LangOption,
    ProvinceOption,
    TodayOption,
    WorkspaceOption,
    parse_today,
    workspace_config,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang

consult_app = typer.Typer(
    help="Consult on the draft (notice §3): feedback forms out, every opinion back into consultation.yaml. "
    "征求意见：发出意见反馈表，收回意见。",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``consult forms`` and ``consult collect``."""
    consult_app.command(
        "forms",
        help="Write a feedback workbook per consulted party (or the named ones; a generic form when none is "
        "listed) and the 征求意见稿 (.docx with the cover letter). 生成意见反馈表和征求意见稿。",
    )(forms_command)
    consult_app.command(
        "collect",
        help="Read returned feedback forms and add every opinion to consultation.yaml (adopted: null until "
        "decided); the same form twice adds nothing. 收集反馈表中的意见。"
        "Exit 0 merged, 1 a form could not be attributed (nothing written), 2 unusable input.",
    )(collect_command)
    app.add_typer(consult_app, name="consult")


def _say(lang: str, zh: str, en: str, err: bool = False) -> None:
    typer.echo(zh if lang == "zh" else en, err=err)


def forms_command(
    province: ProvinceOption,
    workspace: WorkspaceOption = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out", "-o", help="Folder for the forms (default: <workspace>/consult/<XX>-<edition>)."
        ),
    ] = None,
    party: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--party", help="Only this party's form (as named in consultation.yaml); repeatable."),
    ] = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.config import options_from
    from catalogtool.consult.jobs import load_draft, write_forms

    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder", f"--out {out} 是文件而不是文件夹")
    result = write_forms(load_draft(root, province, options_from(cfg)), out, party or ())
    for path in (*result.forms, result.letter):
        typer.echo(str(path))
    n = len(result.forms)
    _say(
        language,
        f"已生成 {n} 份意见反馈表和征求意见稿：{result.folder}",
        f"wrote {n} feedback form(s) and the consultation draft in {result.folder}",
    )
    if result.draft_errors:
        _say(
            language,
            f"注意：征求意见稿有 {result.draft_errors} 处错误（catalogtool validate --province {province}）。",
            f"note: the draft has {result.draft_errors} error(s) (catalogtool validate --province {province}).",
            err=True,
        )


def collect_command(
    files: Annotated[list[Path], typer.Argument(help="Returned feedback forms (.xlsx), any file names.")],
    province: ProvinceOption,
    workspace: WorkspaceOption = None,
    add_party: Annotated[
        bool,
        typer.Option(
            "--add-party", help="Add a party not yet in consultation.yaml (its type from the form)."
        ),
    ] = False,
    party: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--party", help="Attribute the files to this party (when a form's party cannot be read)."
        ),
    ] = None,
    received: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--received", help="Date received, YYYY-MM-DD, when a form has no 填表日期 (default: today)."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and report, but do not change consultation.yaml.")
    ] = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.config import options_from
    from catalogtool.consult.jobs import CollectRequest, collect, load_draft
    from catalogtool.report.consult_summary import render_collect

    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    day: dt.date | None = None
    if received is not None:
        try:
            day = dt.date.fromisoformat(received)
        except ValueError:
            raise UsageError(
                f"--received: {received!r} is not YYYY-MM-DD",
                f"--received：{received!r} 不是 YYYY-MM-DD 日期",
            ) from None
    request = CollectRequest(tuple(files), add_party=add_party, party=party, received=day, dry_run=dry_run)
    result = collect(load_draft(root, province, options_from(cfg)), request, parse_today(today))
    for note in result.notes:
        typer.echo(("警告：" if language == "zh" else "warning: ") + note.message(language), err=True)
    for problem in result.problems:
        typer.echo("catalogtool: " + problem.message(language), err=True)
    typer.echo(render_collect(result, language), nl=False)
    raise typer.Exit(result.exit_code)
