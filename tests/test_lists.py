"""Lists inside messages read as each language writes them: 、 between names in Chinese (，between
clauses, ；between statements), ", " / "; " in English. One helper joins them (catalogtool.lang.join);
a finding's list parameters are joined by it in each language."""

from __future__ import annotations

import json
from pathlib import Path

from catalogtool.lang import Listing, join
from tests.conftest import LEADING_HEADER, RunCli, save_xlsx


def test_join_by_language_and_kind() -> None:
    assert join(["2-02-35 甲", "2-02-25 乙"], "zh") == "2-02-35 甲、2-02-25 乙"
    assert join(["a", "b"], "en") == "a, b"
    assert join(["甲较宽", "乙较严"], "zh", "clauses") == "甲较宽，乙较严"
    assert join(["x: 1", "y: 2"], "en", "statements") == "x: 1; y: 2"
    assert join([], "zh") == ""
    assert Listing(("A1:A3", "B1:B3"), more=2).show("zh") == "A1:A3、B1:B3 …（另 2 项）"
    assert Listing(("A1:A3", "B1:B3"), more=2).show("en") == "A1:A3, B1:B3 … (+2)"
    assert Listing(("A1:A3",)).show("en") == "A1:A3"


def _finding(run_cli: RunCli, path: Path, rule: str) -> dict:
    result = run_cli("validate", path, "--format", "json")
    return next(f for f in json.loads(result.stdout)["findings"] if f["rule"] == rule)


def test_a_findings_list_is_joined_in_each_language(tmp_path: Path, run_cli: RunCli) -> None:
    """CT201 lists the nearest subcategories: 、 in Chinese, a comma in English."""
    path = tmp_path / "draft.yaml"
    path.write_text(
        "rows:\n  - {subcategory_code: 2-02-45, subcategory_name: 芯片设计, position: 芯片设计工程师, "
        "industry: 集成电路, education: 学士, experience_years: 2, skills: 熟悉芯片设计}\n",
        "utf-8",
    )
    finding = _finding(run_cli, path, "CT201")
    nearest = finding["hint_en"].split(": ", 1)[1].split(", ")
    assert len(nearest) == 3 and all(n[:2] == "2-" for n in nearest)
    assert "、".join(nearest) in finding["hint_zh"]
    assert ", " not in finding["hint_zh"] and ", " not in finding["message_zh"]


def _post(seq: int, position: str, industry: str = "") -> list[object]:
    return [seq, "2-02-10", "信息和通信工程技术人员", "", position, industry, "本科", "2", "熟悉软件开发"]


def test_row_ranges_in_chinese_use_the_enumeration_comma(tmp_path: Path, run_cli: RunCli) -> None:
    """A section heading fills the blank industry of rows 3–4 and 6: 第 3–4、6 行."""
    rows = [
        [*LEADING_HEADER, "学历", "工作经历", "专业技能"],
        ["一、软件"],
        _post(1, "甲"),
        _post(2, "乙"),
        _post(3, "丙", "电子信息"),
        _post(4, "丁"),
    ]
    finding = _finding(run_cli, save_xlsx(tmp_path / "sections.xlsx", *rows), "CT111")
    assert "第 3–4、6 行的产业领域为空" in finding["message_zh"]
    assert "the industry of rows 3–4, 6 (left blank there)" in finding["message_en"]
