"""`catalogtool rules` and `catalogtool explain`, through the real CLI, plus their renderers."""

from __future__ import annotations

import json
import unicodedata

from conftest import RunCli

from catalogtool.report.rulebook import explain_text, rules_text
from catalogtool.rules.registry import Rule

SAMPLE = Rule(
    id="CT201",
    slug="unknown-subcategory",
    severity="error",
    title_en="Unknown subcategory",
    title_zh="小类代码不存在",
    message_en="{code} is not a subcategory",
    message_zh="{code} 不是小类代码",
    explanation_en="Each row must name a subcategory of the 2022 classification.",
    explanation_zh="每一行必须对应 2022 年版大典中的一个小类。",
    hint_en="Use {suggestion}.",
    hint_zh="请改为 {suggestion}。",
    example_en="2-02-45 → 2-02-38",
    example_zh="2-02-45 → 2-02-38",
)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_rules_text_aligns_columns_even_with_chinese_labels() -> None:
    other = Rule("CT301", "below-baseline", "warning", "Below baseline", "低于基准", "", "", "", "")
    lines = rules_text((SAMPLE, other), "zh").splitlines()
    assert lines[0].split() == ["规则", "名称", "级别", "类别", "修复", "标题"]
    assert lines[1].split() == ["CT201", "unknown-subcategory", "错误", "职业分类代码", "—", "小类代码不存在"]
    assert lines[2].split() == ["CT301", "below-baseline", "警告", "能力要求", "—", "低于基准"]
    # the title column starts at the same terminal column on every line (CJK characters are two wide)
    starts = {
        width(line[: line.index(title)])
        for line, title in zip(lines[:3], ("标题", "小类代码不存在", "低于基准"), strict=True)
    }
    assert len(starts) == 1
    assert lines[-1] == "共 2 条规则。查看说明：catalogtool explain <规则或名称>"


def test_explain_text_shows_title_severity_explanation_fix_and_example() -> None:
    assert explain_text(SAMPLE, "en") == (
        "CT201 unknown-subcategory — Unknown subcategory\n\n"
        "Severity: error    Family: code\n"
        "Message: [the code] is not a subcategory\n\n"
        "Each row must name a subcategory of the 2022 classification.\n\n"
        "Fix: Use [the suggestion].\n\n"
        "Example:\n  2-02-45 → 2-02-38\n"
    )
    zh = explain_text(SAMPLE, "zh")
    assert zh.startswith("CT201 unknown-subcategory — 小类代码不存在\n\n级别：错误　类别：职业分类代码\n")
    assert "修改建议：请改为 〔建议〕。" in zh and "示例：" in zh


def test_rules_json_lists_the_whole_registry_with_both_languages(run_cli: RunCli) -> None:
    result = run_cli("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    rules = json.loads(result.stdout)
    assert rules, "the registry is empty"
    keys = {
        "id", "slug", "severity", "family", "title", "title_zh", "message", "message_zh",
        "explanation", "explanation_zh", "hint", "hint_zh", "example", "example_zh", "fix",
    }  # fmt: skip
    assert all(set(r) == keys for r in rules)
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert all(r["severity"] in {"error", "warning", "info"} for r in rules)
    assert all(r["title"] and r["title_zh"] and r["explanation"] and r["explanation_zh"] for r in rules)
    fixes = {r["id"]: r["fix"]["safety"] for r in rules if r["fix"] is not None}
    assert fixes == {
        "CT202": "unsafe",
        "CT203": "unsafe",
        "CT206": "safe",
        "CT208": "safe",
        "CT212": "unsafe",
    }
    assert all(r["fix"]["how"] and r["fix"]["how_zh"] for r in rules if r["fix"] is not None)

    text = run_cli("rules", "--lang", "zh")
    assert text.returncode == 0
    assert text.stdout.splitlines()[0].split() == ["规则", "名称", "级别", "类别", "修复", "标题"]
    assert len(text.stdout.splitlines()) == 1 + len(rules) + 2

    first = rules[0]
    by_slug = run_cli("explain", first["slug"].upper(), "--lang", "en")
    assert by_slug.returncode == 0, by_slug.stderr
    assert by_slug.stdout.startswith(f"{first['id']} {first['slug']} — {first['title']}\n")
    assert first["explanation"] in by_slug.stdout


def test_explain_an_unknown_rule_exits_2_with_close_matches(run_cli: RunCli) -> None:
    result = run_cli("explain", "CT2O1")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("catalogtool: unknown rule 'CT2O1'; did you mean ")
    assert "Traceback" not in result.stderr
    nothing_close = run_cli("explain", "zzzzzz", env={"CATALOGTOOL_LANG": "zh"})
    assert nothing_close.returncode == 2
    assert nothing_close.stderr == "catalogtool: 没有规则「zzzzzz」（`catalogtool rules` 列出全部规则）\n"
