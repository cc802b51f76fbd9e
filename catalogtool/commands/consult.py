"""CLI: ``consult forms`` (feedback forms and the 征求意见稿) and ``consult collect`` (returned forms
into consultation.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, HelpGroup, about, bi, examples
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
    cls=HelpGroup,
    rich_markup_mode=None,
    help=about(
        bi(
            "就草稿征求意见（通知第三条）：发出意见反馈表，把每条意见收回到 consultation.yaml。",
            "Consult on the draft (notice §3): feedback forms out, every opinion back into consultation.yaml.",
        )
    ),
    epilog=examples(
        "catalogtool consult forms --province JS",
        "catalogtool consult collect returned/*.xlsx --province JS",
    ),
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``consult forms`` and ``consult collect``."""
    consult_app.command(
        "forms",
        cls=HelpCommand,
        help=about(
            bi(
                "为每个征求意见单位生成一份意见反馈表（或只为指定单位；未列出单位时生成通用表），"
                "并生成征求意见稿（含函件的 .docx）。",
                "Write a feedback workbook per consulted party (or the named ones; a generic form when none "
                "is listed) and the consultation draft (.docx with the cover letter).",
            )
        ),
        epilog=examples(
            "catalogtool consult forms --province JS",
            "catalogtool consult forms -p JS --party 江苏省半导体行业协会 --out forms",
        ),
    )(forms_command)
    consult_app.command(
        "collect",
        cls=HelpCommand,
        help=about(
            bi(
                "读取收回的意见反馈表，把每条意见加入 consultation.yaml（采纳与否待定：adopted: null）；"
                "同一份表读两次不会重复添加。",
                "Read returned feedback forms and add every opinion to consultation.yaml (adopted: null "
                "until decided); the same form twice adds nothing.",
            ),
            bi(
                "退出码：0 已合并，1 有反馈表无法确定来源（未写入），2 输入无法使用或用法错误。",
                "Exit codes: 0 merged, 1 a form could not be attributed (nothing written), 2 unusable "
                "input or usage error.",
            ),
        ),
        epilog=examples(
            "catalogtool consult collect returned/*.xlsx --province JS",
            "catalogtool consult collect 反馈表.xlsx -p JS --party 某企业 --add-party",
        ),
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
            "--out",
            "-o",
            metavar="DIR",
            help=bi(
                "反馈表的输出文件夹（默认：<工作区>/consult/<XX>-<版本>）。",
                "Folder for the forms (default: <workspace>/consult/<XX>-<edition>).",
            ),
        ),
    ] = None,
    party: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--party",
            metavar="NAME",
            help=bi(
                "只生成该单位的反馈表（名称同 consultation.yaml）；可重复使用。",
                "Only this party's form (as named in consultation.yaml); repeatable.",
            ),
        ),
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
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILES",
            help=bi(
                "收回的意见反馈表（.xlsx），文件名不限。", "Returned feedback forms (.xlsx), any file names."
            ),
        ),
    ],
    province: ProvinceOption,
    workspace: WorkspaceOption = None,
    add_party: Annotated[
        bool,
        typer.Option(
            "--add-party",
            help=bi(
                "把 consultation.yaml 中还没有的单位加进去（类型取自反馈表）。",
                "Add a party not yet in consultation.yaml (its type from the form).",
            ),
        ),
    ] = False,
    party: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--party",
            metavar="NAME",
            help=bi(
                "把这些文件记在该单位名下（反馈表上读不出单位时）。",
                "Attribute the files to this party (when a form's party cannot be read).",
            ),
        ),
    ] = None,
    received: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--received",
            metavar="YYYY-MM-DD",
            help=bi(
                "收到日期，用于没有填表日期的反馈表（默认：今天）。",
                "Date received, when a form has no 填表日期 (default: today).",
            ),
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help=bi(
                "只读取并报告，不修改 consultation.yaml。",
                "Read and report, but do not change consultation.yaml.",
            ),
        ),
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
