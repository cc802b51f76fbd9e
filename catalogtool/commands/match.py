"""CLI: ``catalogtool match`` (does this post and this person fall under the catalog?) and
``catalogtool points`` (the national work-permit points).

The commands gather option values into field key → text, call :mod:`catalogtool.match_run` and hand
the result to :mod:`catalogtool.report.match` (or the batch workbook writer). Exit codes: 0 a row is
fully met (batch: at least one candidate meets Category B), 1 none, 2 usage or unusable input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from catalogtool.commands.helptext import HelpCommand, about, bi, examples
from catalogtool.commands.options import (
    CodesExtraOption,
    LangOption,
    ProvinceOption,
    TextOrJsonFormatOption,
    TodayOption,
    WorkspaceOption,
    check_format,
    parse_today,
    workspace_config,
)
from catalogtool.errors import UsageError
from catalogtool.lang import detect_lang

if TYPE_CHECKING:
    from catalogtool.candidate import Problem
    from catalogtool.validate import ValidateOptions

FORMATS = ("text", "json")

_Text = Optional[str]  # noqa: UP045  (Typer needs Optional to see that an option may be left out)
# The options match and points share, spelled and explained once.
SalaryOption = Annotated[
    _Text,
    typer.Option(
        "--salary",
        metavar="YUAN",
        help=bi("年薪，以元计（300000、30万元/年）。", "Annual salary in yuan (300000, 30万元/年)."),
    ),
]
EducationOption = Annotated[
    _Text,
    typer.Option(
        "--education",
        metavar="LEVEL",
        help=bi(
            "学历：博士 / 硕士 / 学士 / 大专，或技能等级：高级技师 / 技师 / 高级工。",
            "Education: 博士 / 硕士 / 学士 / 大专, or a skill level: 高级技师 / 技师 / 高级工.",
        ),
    ),
]
YearsOption = Annotated[
    _Text,
    typer.Option("--years", metavar="N", help=bi("相关工作经历年数。", "Years of relevant work experience.")),
]
AgeOption = Annotated[_Text, typer.Option("--age", metavar="N", help=bi("年龄（周岁）。", "Age in years."))]
MonthsOption = Annotated[
    _Text,
    typer.Option(
        "--months",
        metavar="N",
        help=bi("计分：每年在华工作月数。", "Points: months a year working in China."),
    ),
]
HskOption = Annotated[
    _Text,
    typer.Option(
        "--hsk", metavar="1-6", help=bi("计分：汉语水平考试（HSK）等级，1–6。", "Points: HSK level, 1–6.")
    ),
]
ChineseDegreeOption = Annotated[
    bool,
    typer.Option(
        "--chinese-degree",
        help=bi(
            "计分：持有以中文授课的学士及以上学位。",
            "Points: holds a bachelor's or higher degree taught in Chinese.",
        ),
    ),
]
FormerChineseOption = Annotated[
    bool,
    typer.Option(
        "--former-chinese", help=bi("计分：曾具有中国国籍。", "Points: formerly a Chinese national.")
    ),
]
RegionOption = Annotated[
    _Text,
    typer.Option(
        "--region",
        metavar="REGION",
        help=bi(
            "计分：在西部（west）、东北（northeast）或贫困地区（poverty）工作。",
            "Points: west, northeast or poverty (work in those areas).",
        ),
    ),
]
WorldUniversityOption = Annotated[
    bool,
    typer.Option(
        "--world-university",
        help=bi("计分：毕业于世界知名高校。", "Points: graduate of a world-class university."),
    ),
]
Fortune500Option = Annotated[
    bool,
    typer.Option(
        "--fortune500",
        help=bi("计分：有世界 500 强企业工作经历。", "Points: experience in a Fortune Global 500 company."),
    ),
]
PatentOption = Annotated[
    bool,
    typer.Option(
        "--patent",
        help=bi("计分：拥有专利或其他知识产权。", "Points: holds patents or other intellectual property."),
    ),
]
YearsInChinaOption = Annotated[
    _Text,
    typer.Option(
        "--years-in-china",
        metavar="N",
        help=bi("计分：连续在华工作年数。", "Points: consecutive years working in China."),
    ),
]
LocalBonusOption = Annotated[
    _Text,
    typer.Option(
        "--local-bonus",
        metavar="N",
        help=bi(
            "计分：按本省地方加分标准所得的分数，0–10。",
            "Points under the province's local bonus standard, 0–10.",
        ),
    ),
]


def points_values(
    months: str | None,
    hsk: str | None,
    chinese_degree: bool,
    former_chinese: bool,
    region: str | None,
    world_university: bool,
    fortune500: bool,
    patent: bool,
    years_in_china: str | None,
    local_bonus: str | None,
) -> dict[str, object]:
    """The points-only options as candidate fields (a flag left off is not stated)."""
    values: dict[str, object | None] = {
        "months": months,
        "hsk": hsk,
        "region": region,
        "years_in_china": years_in_china,
        "local_bonus": local_bonus,
        "chinese_degree": chinese_degree or None,
        "former_chinese": former_chinese or None,
        "world_university": world_university or None,
        "fortune500": fortune500 or None,
        "patent": patent or None,
    }
    return {k: v for k, v in values.items() if v is not None}


def register(app: typer.Typer) -> None:
    app.command(
        "match",
        cls=HelpCommand,
        help=about(
            bi(
                "这个岗位和这位候选人是否符合本省指导目录？列出对应的行、各项要求和结论。",
                "Does this post and this candidate fall under the province's catalog? Rows, requirements, "
                "verdict.",
            ),
            bi(
                "--batch 一次对照整份候选人名单，结果写入 --out 工作簿。",
                "--batch checks a whole candidate list and writes the results to the --out workbook.",
            ),
            bi(
                "退出码：0 符合（--batch：至少一人符合 B 类），1 不符合，2 输入无法使用或用法错误。",
                "Exit codes: 0 met (--batch: at least one candidate meets Category B), 1 not met, "
                "2 unusable input or usage error.",
            ),
        ),
        epilog=examples(
            "catalogtool match -p JS --code 2-02-10 --education 硕士 --years 3 --age 35",
            "catalogtool match --province JS --position 芯片设计工程师 --age 35",
            "catalogtool match --province JS --batch candidates.xlsx --out results.xlsx",
        ),
    )(match_command)
    app.command(
        "points",
        cls=HelpCommand,
        help=about(
            bi(
                "按国家外国人来华工作许可计分标准（2017 年）计分：各项得分、总分和类别。",
                "The national work-permit points (2017 table): each item, total and class.",
            )
        ),
        epilog=examples(
            "catalogtool points --salary 450000 --education 博士 --years 5 --hsk 4",
            "catalogtool points --salary 300000 --local-bonus 5 --province JS",
        ),
    )(points_command)


def _problems_error(problems: list[Problem], where: str = "") -> UsageError:
    en = "; ".join(p.message("en") for p in problems)
    zh = "；".join(p.message("zh") for p in problems)
    return UsageError(f"{where}{en}", f"{where}{zh}")


def match_command(
    province: ProvinceOption,
    workspace: WorkspaceOption = None,
    code: Annotated[
        _Text,
        typer.Option(
            "--code",
            metavar="CODE",
            help=bi(
                "小类或细类代码（2-02-10、2-02-10-01；不规范的写法也可以）。",
                "Subcategory or occupation code (2-02-10, 2-02-10-01; dirty forms accepted).",
            ),
        ),
    ] = None,
    position: Annotated[
        _Text,
        typer.Option(
            "--position",
            metavar="TITLE",
            help=bi(
                "岗位名称；单独给出时按 codes suggest 的方式匹配。",
                "Job title (岗位名称); alone, it is matched like codes suggest.",
            ),
        ),
    ] = None,
    education: EducationOption = None,
    years: YearsOption = None,
    salary: SalaryOption = None,
    salary_multiple: Annotated[
        _Text,
        typer.Option(
            "--salary-multiple",
            metavar="X",
            help=bi("薪酬为当地平均工资的倍数。", "Salary as a multiple of the local average wage."),
        ),
    ] = None,
    age: AgeOption = None,
    certificate: Annotated[
        _Text,
        typer.Option(
            "--certificate", metavar="TEXT", help=bi("持有的职业资格证书。", "Professional certificate held.")
        ),
    ] = None,
    industry: Annotated[
        _Text,
        typer.Option(
            "--industry",
            metavar="TEXT",
            help=bi("用人单位所属产业领域。", "The employer's industry (产业领域)."),
        ),
    ] = None,
    months: MonthsOption = None,
    hsk: HskOption = None,
    chinese_degree: ChineseDegreeOption = False,
    former_chinese: FormerChineseOption = False,
    region: RegionOption = None,
    world_university: WorldUniversityOption = False,
    fortune500: Fortune500Option = False,
    patent: PatentOption = False,
    years_in_china: YearsInChinaOption = None,
    local_bonus: LocalBonusOption = None,
    candidate: Annotated[
        Path | None,
        typer.Option(
            "--candidate",
            metavar="FILE",
            help=bi(
                "写有候选人各项信息的 YAML 或 JSON 文件。", "A YAML or JSON file with the candidate's fields."
            ),
        ),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            metavar="LIST",
            help=bi(
                "候选人名单（.xlsx 或 .csv），每行一人。",
                "A candidate list (.xlsx or .csv), one candidate a row.",
            ),
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help=bi(
                "与 --batch 同用：写入结果的工作簿（.xlsx）。",
                "With --batch: the results workbook to write (.xlsx).",
            ),
        ),
    ] = None,
    sheet: Annotated[
        _Text,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help=bi("与 --batch 同用：名单所在的工作表。", "With --batch: the worksheet holding the list."),
        ),
    ] = None,
    today: TodayOption = None,
    output_format: TextOrJsonFormatOption = "text",
    codes_extra: CodesExtraOption = None,
    lang: LangOption = None,
) -> None:
    from catalogtool.config import options_from
    from catalogtool.match_run import load_context, match_values

    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    run_options = options_from(cfg, codes_extra=codes_extra or ())
    language = detect_lang(lang, config=cfg.lang)
    fmt = check_format(output_format, FORMATS)
    day = parse_today(today)
    options = {
        "code": code,
        "position": position,
        "education": education,
        "years": years,
        "salary": salary,
        "salary_multiple": salary_multiple,
        "age": age,
        "certificate": certificate,
        "industry": industry,
    }
    given: dict[str, object] = {k: v for k, v in options.items() if v is not None}
    given |= points_values(
        months, hsk, chinese_degree, former_chinese, region, world_university, fortune500, patent,
        years_in_china, local_bonus,
    )  # fmt: skip
    if batch is not None:
        if given or candidate is not None:
            raise UsageError(
                "--batch reads every candidate from the list: leave out --candidate and the candidate options",
                "--batch 从名单读取所有候选人：请勿同时使用 --candidate 或候选人选项",
            )
        if out is None:
            raise UsageError("--batch needs --out RESULTS.xlsx", "--batch 需要 --out 结果.xlsx")
        _batch(batch, out, sheet, province, root, day, run_options, language, fmt)
        return
    if out is not None or sheet is not None:
        raise UsageError("--out and --sheet go with --batch", "--out 与 --sheet 只用于 --batch")
    values: dict[str, object] = {}
    if candidate is not None:
        from catalogtool.read.candidates import read_candidate_file

        values.update(read_candidate_file(candidate))
    values.update(given)  # options override the file
    if not values:
        raise UsageError(
            "give a candidate: --code or --position with --education, --years, … or --candidate FILE, or --batch LIST",
            "请给出候选人：--code 或 --position 及 --education、--years 等，或 --candidate 文件，或 --batch 名单",
        )
    ctx = load_context(root, province, day, run_options)
    result, problems = match_values(values, ctx)
    if result is None:
        raise _problems_error(problems)
    from catalogtool.report.match import match_object, match_text

    if fmt == "json":
        typer.echo(json.dumps(match_object(result, language), ensure_ascii=False, indent=2))
    else:
        typer.echo(match_text(result, language, catalog_errors=ctx.catalog_errors), nl=False)
    raise typer.Exit(0 if result.category_b else 1)


def _batch(
    source: Path,
    out: Path,
    sheet: str | None,
    province: str,
    root: Path,
    day: object,
    run_options: ValidateOptions,
    language: str,
    fmt: str,
) -> None:
    import datetime as dt

    from catalogtool.atomic import same_path
    from catalogtool.match_run import load_context, match_table
    from catalogtool.read.candidates import read_candidate_table
    from catalogtool.report.match_workbook import write_batch_workbook

    if same_path(source, out):
        raise UsageError(
            f"--out {out} is the candidate list itself; the input is never overwritten",
            f"--out {out} 就是候选人名单本身；输入文件不会被覆盖",
        )
    if out.suffix.lower() != ".xlsx":
        raise UsageError(
            f"--out must be an .xlsx file, not {out.name}", f"--out 应为 .xlsx 文件，而不是 {out.name}"
        )
    assert isinstance(day, dt.date)
    table = read_candidate_table(source, sheet)
    ctx = load_context(root, province, day, run_options)
    outcomes = match_table(table, ctx)
    write_batch_workbook(out, outcomes, ctx, table, language)
    met = sum(1 for o in outcomes if o.result is not None and o.result.category_b)
    bad = [o for o in outcomes if o.result is None]
    for o in bad:
        where = f"{table.sheet} row {o.number}" if table.sheet else f"line {o.number}"
        where_zh = f"{table.sheet} 第 {o.number} 行" if table.sheet else f"第 {o.number} 行"
        if language == "zh":
            typer.echo(f"{where_zh}：{'；'.join(p.message('zh') for p in o.problems)}", err=True)
        else:
            typer.echo(f"{where}: {'; '.join(p.message('en') for p in o.problems)}", err=True)
    total = len(outcomes)
    if language == "zh":
        summary = f"{total} 名候选人：{met} 名符合 B 类，{total - met - len(bad)} 名不符合，{len(bad)} 行有误；结果已写入 {out}"
    else:
        summary = f"{total} candidates: {met} meet Category B, {total - met - len(bad)} do not, {len(bad)} rows have errors; results in {out}"
    if fmt == "json":  # the answers on stdout for another program; the summary for the person on stderr
        from catalogtool.report.match import batch_object

        typer.echo(json.dumps(batch_object(outcomes, table, language), ensure_ascii=False, indent=2))
        typer.echo(summary, err=True)
    else:
        typer.echo(summary)
    raise typer.Exit(0 if met else 1)


def points_command(
    salary: SalaryOption = None,
    education: EducationOption = None,
    years: YearsOption = None,
    months: MonthsOption = None,
    hsk: HskOption = None,
    chinese_degree: ChineseDegreeOption = False,
    former_chinese: FormerChineseOption = False,
    region: RegionOption = None,
    age: AgeOption = None,
    world_university: WorldUniversityOption = False,
    fortune500: Fortune500Option = False,
    patent: PatentOption = False,
    years_in_china: YearsInChinaOption = None,
    local_bonus: LocalBonusOption = None,
    province: Annotated[
        _Text,
        typer.Option(
            "--province",
            "-p",
            metavar="XX",
            help=bi(
                "按该省的 local_bonus_max 检查 --local-bonus。",
                "Check --local-bonus against the province's local_bonus_max.",
            ),
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    output_format: TextOrJsonFormatOption = "text",
    lang: LangOption = None,
) -> None:
    from catalogtool.candidate import parse_candidate
    from catalogtool.points import check_local_bonus, load_points_table, score

    root = workspace if workspace is not None else Path.cwd()
    cfg = workspace_config(root)
    language = detect_lang(lang, config=cfg.lang)
    fmt = check_format(output_format, FORMATS)
    basics = {"salary": salary, "education": education, "years": years, "age": age}
    options: dict[str, object] = {k: v for k, v in basics.items() if v is not None}
    options |= points_values(
        months, hsk, chinese_degree, former_chinese, region, world_university, fortune500, patent,
        years_in_china, local_bonus,
    )  # fmt: skip
    candidate, problems = parse_candidate(options)
    if candidate.salary is not None and candidate.salary.annual_yuan is None:
        from catalogtool.candidate import Problem

        problems.append(
            Problem(
                "salary", candidate.texts["salary"], "give the salary in yuan a year", "请以元/年给出年薪"
            )
        )
    table = load_points_table()
    if candidate.local_bonus is not None:
        province_max = None
        if province is not None:
            from catalogtool.workspace import load_workspace

            province_max = load_workspace(root, province).meta.local_bonus_max
        allowed = check_local_bonus(candidate.local_bonus, table, province_max)
        if allowed is not None:
            from catalogtool.match_run import local_bonus_problem

            problems.append(local_bonus_problem(candidate.texts["local_bonus"], allowed))
    if problems:
        raise _problems_error(problems)
    profile = candidate.profile(None)
    if profile.is_empty():
        raise UsageError(
            "give at least one item: --salary, --education, --years, --months, --hsk, --age, …",
            "请至少给出一项：--salary、--education、--years、--months、--hsk、--age 等",
        )
    result = score(profile, table)
    from catalogtool.report.match import points_object, points_text

    if fmt == "json":
        typer.echo(json.dumps(points_object(result, language), ensure_ascii=False, indent=2))
    else:
        typer.echo(points_text(result, table, language), nl=False)
