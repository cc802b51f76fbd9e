"""No English fragments in Chinese output (issue #10, point 7): `explain` of every rule with its example,
`rules`, `codes show|list|search|suggest` (the code list by its Chinese name, the S / L markers explained),
and CT208's reasons. English output says the same in English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catalogtool.rules import all_rules
from tests.conftest import RunCli

ZH = {"CATALOGTOOL_LANG": "zh"}
CODE_LIST_ZH = "《中华人民共和国职业分类大典（2022年版）》"

# What may stay in Latin letters in Chinese text: rule ids and slugs, file names, options, variables,
# identifiers and YAML keys and literals, commands, addresses, and the names of formats and products.
_ALLOWED = re.compile(
    r"CT\d{3}"
    r"|\b[a-z0-9]+(?:-[a-z0-9]+)+\b"  # slugs, codes, dates
    r"|\S+\.(?:xlsx|csv|yaml|json|docx|zip|md)\b"
    r"|--?[A-Za-z][\w-]*|\$\w+|\b\w+_\w+\b"
    r"|\b[a-z]+:(?=\s|$)|\b(?:null|true|false)\b"  # YAML keys and literals in examples
    r"|catalogtool(?: [a-z]+)*|https?://\S+"
    r"|\b(?:Excel|WPS|CSV|JSON|YAML|UTF|BOM|GB18030|SHA|SARIF|HSK|VLOOKUP|IC|FPGA|EDA|PCB|ARM|USD"
    r"|xlsx|csv|yaml|json|text|markdown|sarif|junit|github|codequality|zh|en)\b"
)
_ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}\b(?:[ ,;:/'()]+[A-Za-z]{2,}\b)+")


def english_runs(text: str) -> list[str]:
    """Runs of two or more English words on one line, once the allowed names are taken out."""
    return [run for line in text.splitlines() for run in _ENGLISH_RUN.findall(_ALLOWED.sub(" ", line))]


def test_the_check_itself_finds_english_prose() -> None:
    assert english_runs("示例：\n  row 20 repeats row 12") == ["repeats row"]
    assert english_runs("2-02-45 不在 NOC 2022 中") == []  # one word is a name, not prose …
    assert english_runs("代码 is not in the list") == ["is not in the list"]
    assert english_runs("CT208 code-normalised — 已将 --lang zh、catalog.xlsx、adopted: null 读取") == []


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_explain_in_chinese_has_no_english_prose(run_cli: RunCli, rule: object) -> None:
    from catalogtool.rules.registry import Rule

    assert isinstance(rule, Rule)
    zh = run_cli("explain", rule.id, "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    assert english_runs(zh.stdout) == []
    assert rule.example_zh and rule.example_en, f"{rule.id} needs an example in both languages"
    assert "示例：\n" + "".join(f"  {line}\n" for line in rule.example_zh.splitlines()) in zh.stdout
    en = run_cli("explain", rule.id, "--lang", "en")
    assert "Example:\n" + "".join(f"  {line}\n" for line in rule.example_en.splitlines()) in en.stdout


def test_examples_differ_by_language_where_they_are_prose(run_cli: RunCli) -> None:
    assert "  第 20 行与第 12 行重复\n" in run_cli("explain", "CT401", "--lang", "zh").stdout
    assert "  row 20 repeats row 12\n" in run_cli("explain", "CT401", "--lang", "en").stdout
    rules = {r["id"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert (rules["CT301"]["example"], rules["CT301"]["example_zh"]) == (
        "岗位名称 left empty",
        "岗位名称 未填写",
    )


def test_rules_list_in_chinese_has_no_english_prose(run_cli: RunCli) -> None:
    result = run_cli("rules", "--lang", "zh")
    assert result.returncode == 0 and "CT208" in result.stdout
    assert english_runs(result.stdout) == []


def test_an_unknown_code_names_the_code_list_in_chinese(run_cli: RunCli) -> None:
    zh = run_cli("codes", "show", "2-02-45", "--lang", "zh")
    assert zh.returncode == 1
    assert zh.stdout.splitlines()[0] == (
        f"2-02-45 不在{CODE_LIST_ZH}及2024年7月、2025年7月增补职业中。最接近的有效代码："
    )
    assert "NOC" not in zh.stdout and english_runs(zh.stdout) == []
    en = run_cli("codes", "show", "2-02-45", "--lang", "en")
    assert (
        en.stdout.splitlines()[0] == "2-02-45 is not in NOC 2022 (+2024-07, +2025-07). Nearest valid codes:"
    )


@pytest.mark.parametrize("code", ["2-02-10", "2-02-38-09", "2-02-32-01", "２－２－１０ 信息", "2"])
def test_codes_show_in_chinese_has_no_english_prose(run_cli: RunCli, code: str) -> None:
    result = run_cli("codes", "show", code, "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert english_runs(result.stdout) == []
    assert "NOC" not in result.stdout


def test_a_dirty_code_is_described_in_chinese(run_cli: RunCli) -> None:
    zh = run_cli("codes", "show", "２－２－１０ 信息", "--lang", "zh")
    assert (
        zh.stdout.splitlines()[0] == "已将“２－２－１０ 信息”规范为 2-02-10（全角字符、补零、代码后附名称）"
    )
    en = run_cli("codes", "show", "２－２－１０ 信息", "--lang", "en")
    assert (
        en.stdout.splitlines()[0]
        == "read '２－２－１０ 信息' as 2-02-10 (full-width, padding, trailing-name)"
    )


def test_the_markers_are_explained(run_cli: RunCli) -> None:
    show = run_cli("codes", "show", "2-02-10", "--lang", "zh").stdout
    assert "    2-02-10-01  通信工程技术人员 S\n" in show
    assert show.endswith("  标识：S 数字职业\n")
    one = run_cli("codes", "show", "2-02-38-09", "--lang", "zh").stdout
    assert "  标识：数字职业（S）\n" in one
    search = run_cli("codes", "search", "数字化技术员", "--lang", "zh").stdout
    assert " L S " in search and search.endswith("标识：S 数字职业；L 绿色职业\n")
    listed = run_cli("codes", "list", "--under", "2-02-10", "--lang", "en").stdout
    assert listed.endswith("Markers: S digital occupation\n")
    assert run_cli("codes", "show", "2-02-38-09", "--lang", "en").stdout.count("digital occupation (S)") == 1
    # No marker shown, no legend.
    assert "标识" not in run_cli("codes", "list", "--level", "major", "--lang", "zh").stdout


def test_suggestions_in_chinese_have_no_english_prose(run_cli: RunCli) -> None:
    result = run_cli("codes", "suggest", "芯片设计工程师", "--lang", "zh")
    assert result.returncode == 0
    assert "（细类，匹配度 " in result.stdout and "   小类：2-02-38  数字技术工程技术人员\n" in result.stdout
    assert english_runs(result.stdout) == []


def test_ct208_reasons_are_chinese_in_a_chinese_report(run_cli: RunCli, tmp_path: Path) -> None:
    draft = tmp_path / "draft.csv"
    draft.write_text(
        "小类代码,小类名称,岗位名称,产业领域,学历要求,工作经历要求,专业技能要求,年龄要求\n"
        "２－０２－１０,信息和通信工程技术人员,芯片设计工程师,集成电路,硕士及以上,3年以上,熟悉前沿技术,60周岁以下\n"
        "2-2-38,数字技术工程技术人员,数据工程师,集成电路,硕士及以上,3年以上,熟悉前沿技术,60周岁以下\n",
        encoding="utf-8",
    )
    text = run_cli("validate", draft, "--lang", "zh")
    assert "    已将“２－０２－１０”识别为 2-02-10（全角字符）\n" in text.stdout
    assert "    已将“2-2-38”识别为 2-02-38（补零）\n" in text.stdout
    assert english_runs(text.stdout.replace(str(draft), "")) == []
    found = json.loads(run_cli("validate", draft, "--format", "json", "--lang", "zh").stdout)
    ct208 = [f for f in found["findings"] if f["rule"] == "CT208"]
    assert [(f["message"], f["message_en"]) for f in ct208] == [
        ("已将“２－０２－１０”识别为 2-02-10（全角字符）", "Read '２－０２－１０' as 2-02-10 (full-width)"),
        ("已将“2-2-38”识别为 2-02-38（补零）", "Read '2-2-38' as 2-02-38 (padding)"),
    ]
