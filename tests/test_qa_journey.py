"""Seams between commands found by using the tool end to end as a provincial HR officer would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SAMPLE, RunCli

from catalogtool.validate import validate_file

HEADER = "序号,小类代码,小类名称,相关职业代码,岗位名称,产业领域,学历要求,工作经历,专业技能,备注\n"


def test_code_normalised_message_in_chinese_has_no_english_words(tmp_path: Path) -> None:
    """CT208 said 已将“２－０２－１０”识别为 2-02-10（full-width）: the kind of change is said in Chinese."""
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER
        + "1,２－０２－１０,信息和通信工程技术人员,,架构师,软件,硕士,3,熟悉,\n"
        + "2,2—02—10,信息和通信工程技术人员,,网络工程师,软件,硕士,3,熟悉,\n"
        + "3,2-2-38,数字技术工程技术人员,,算法工程师,软件,硕士,3,熟悉,\n",
        encoding="utf-8",
    )
    found = [f for f in validate_file(path).findings if f.rule == "CT208"]
    assert [(f.message_zh, f.message_en) for f in found] == [
        ("已将“２－０２－１０”识别为 2-02-10（全角字符）", "Read '２－０２－１０' as 2-02-10 (full-width)"),
        ("已将“2—02—10”识别为 2-02-10（其他连接符）", "Read '2—02—10' as 2-02-10 (dash)"),
        ("已将“2-2-38”识别为 2-02-38（补零）", "Read '2-2-38' as 2-02-38 (padding)"),
    ]
    for finding in found:
        assert not re.search(r"[A-Za-z]{3,}", finding.message_zh.replace("CT", ""))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("fix",), "Missing argument 'DRAFT'. (see catalogtool fix --help)"),
        (("validate", "--bogus"), "No such option: --bogus (see catalogtool validate --help)"),
        (("package",), "Missing option '--province' / '-p' (with --check, the package itself may be given"),
        (("explain",), "Missing argument 'ID_OR_SLUG'. (see catalogtool explain --help)"),
        (("rules", "--format", "pdf"), "'pdf' is not one of 'text', 'json', 'markdown'."),
        (("consult", "bogus"), "No such command 'bogus'. (see catalogtool consult --help)"),
        # an option without its value is found before the command's context exists: still its help
        (
            ("validate", "--format"),
            "Option '--format' requires an argument. (see catalogtool validate --help)",
        ),
        (("validate", "d.xlsx", "-f"), "Option '-f' requires an argument. (see catalogtool validate --help)"),
        (("codes", "search", "x", "--limit"), "requires an argument. (see catalogtool codes search --help)"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(run_cli: RunCli, args: tuple[str, ...], says: str) -> None:
    """A missing argument or a bad option was Typer's framed five-line block; design §: one clear line."""
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("catalogtool: ") and says in line


def test_usage_error_in_chinese_points_at_the_help(run_cli: RunCli) -> None:
    result = run_cli("fix", env={"CATALOGTOOL_LANG": "zh"})
    assert (result.returncode, result.stderr) == (
        2,
        "catalogtool: 用法错误：缺少参数 'DRAFT'（用法见 catalogtool fix --help）\n",
    )


def test_no_arguments_still_show_the_help_and_help_exits_0(run_cli: RunCli) -> None:
    bare = run_cli()
    assert bare.returncode == 2 and "Usage: catalogtool" in bare.stdout + bare.stderr
    group = run_cli("consult")
    assert group.returncode == 2 and "consult" in group.stdout + group.stderr
    assert run_cli("--help").returncode == 0
    assert run_cli("rules", "--help").returncode == 0


def test_explain_in_chinese_shows_no_language_suffix_of_a_field(run_cli: RunCli) -> None:
    """explain CT201 said 提示信息：‹code› 不是‹code_list_zh›中的小类 — an internal key in the Chinese text."""
    result = run_cli("explain", "CT201", "--lang", "zh")
    assert result.returncode == 0
    # Fields read as words, the code list by its name (issue 10): no raw placeholder at all.
    assert "提示信息：〔代码〕 不是《中华人民共和国职业分类大典（2022年版）》中的小类" in result.stdout
    assert "_zh" not in result.stdout and "‹" not in result.stdout


def test_match_by_title_says_one_year_and_uses_chinese_punctuation(run_cli: RunCli) -> None:
    """match said 'given 1 years' in English and '依据: …' with an ASCII colon in Chinese."""
    args = ("match", "-p", "JS", "-w", str(SAMPLE), "--today", "2027-01-01", "--position", "芯片设计工程师")
    en = run_cli(*args, "--years", "1", "--lang", "en")
    assert "given 1 year\n" in en.stdout and "1 years" not in en.stdout
    assert "    why: the catalog names this very position\n" in en.stdout
    zh = run_cli(*args, "--years", "1", "--lang", "zh")
    assert "    依据：目录中岗位名称与所给名称相同\n" in zh.stdout and "依据: " not in zh.stdout
    assert "given 3 years\n" in run_cli(*args, "--years", "3", "--lang", "en").stdout


def test_batch_problem_lines_use_the_punctuation_of_their_language(run_cli: RunCli, tmp_path: Path) -> None:
    """A batch row that cannot be read was 'row 4: …；…' in English and '第 4 行: …' in Chinese."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "候选人"
    sheet.append(["姓名", "职业代码", "学历", "工作年限", "年薪（元）", "年龄"])
    sheet.append(["A", "2-02-38", "硕士", 3, 480000, 45])
    sheet.append(["B", "2-02-38", "博士", "abc", "xyz", 40])
    book.save(tmp_path / "list.xlsx")
    base = (
        "match",
        "-p",
        "JS",
        "-w",
        str(SAMPLE),
        "--today",
        "2027-01-01",
        "--batch",
        str(tmp_path / "list.xlsx"),
    )
    en = run_cli(*base, "--out", str(tmp_path / "en.xlsx"), "--lang", "en")
    (line,) = [x for x in en.stderr.splitlines() if x.startswith("候选人 row 3")]
    assert line.startswith("候选人 row 3: ") and "; " in line and "；" not in line
    zh = run_cli(*base, "--out", str(tmp_path / "zh.xlsx"), "--lang", "zh")
    (line,) = [x for x in zh.stderr.splitlines() if x.startswith("候选人 第 3 行")]
    assert line.startswith("候选人 第 3 行：") and "；" in line and ": " not in line
