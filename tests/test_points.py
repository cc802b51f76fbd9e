"""The national work-permit points (2017 table): hand-computed profiles, band edges, the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import run_in_process

from catalogtool.points import Profile, load_points_table, score, table_from_json

REPO = Path(__file__).resolve().parent.parent
TABLE = load_points_table()


def points(**kwargs: object) -> dict[str, int]:
    result = score(Profile(**kwargs), TABLE)  # type: ignore[arg-type]
    return {i.item: i.points for i in result.items} | {"total": result.total}


def test_a_profile_at_every_maximum_scores_120_and_class_a() -> None:
    # salary 450,000 = 45万 → ≥45 → 20; doctorate → 20; 17 years → 5 + (17-2)×1 = 20 (the maximum);
    # 9 months → ≥9 → 15; HSK 6 → 五级或以上 → 5; west → 10; age 26 → [26,45] → 15;
    # Fortune 500 → 5; local bonus 10 → 10.  20+20+20+15+5+10+15+5+10 = 120.
    got = points(
        salary_yuan=450_000,
        education="doctorate",
        years=17,
        months=9,
        hsk=6,
        region="west",
        age=26,
        distinctions=frozenset({"fortune500"}),
        local_bonus=10,
    )
    assert got == {
        "salary": 20,
        "education": 20,
        "experience": 20,
        "months_in_china": 15,
        "chinese": 5,
        "region": 10,
        "age": 15,
        "distinction": 5,
        "local_bonus": 10,
        "total": 120,
    }
    assert score(Profile(salary_yuan=450_000, education="doctorate", years=17, months=9, hsk=6, region="west",
                         age=26, distinctions=frozenset({"fortune500"}), local_bonus=10), TABLE).klass == "A"  # fmt: skip


def test_just_below_every_edge() -> None:
    # 349,999 yuan → [25,35) → 14; bachelor → 10; 2.9 years → 2 full years → 5; 6 months → [6,9) → 10;
    # HSK 3 → 3; age 25.9 → 25 completed years → [18,25] → 10.  14+10+5+10+3+10 = 52 → C.
    got = points(salary_yuan=349_999, education="bachelor", years=2.9, months=6, hsk=3, age=25.9)
    assert got["total"] == 52
    assert (got["salary"], got["education"], got["experience"], got["months_in_china"], got["chinese"], got["age"]) == (
        14, 10, 5, 10, 3, 10,
    )  # fmt: skip
    assert score(Profile(salary_yuan=349_999), TABLE).klass == "C"


def test_a_skill_certificate_and_choice_items_are_not_added() -> None:
    # 150,000 → [15,25) → 11; 技师 → 15; 4 years → 5 + 2 = 7; 12 months → 15; former Chinese national
    # and HSK 4 → best one, 5 (not 9); age 45 → [26,45] → 15; patent + world-class university → 5 (not 10).
    # 11+15+7+15+5+15+5 = 73 → B.
    result = score(
        Profile(
            salary_yuan=150_000,
            skill="technician",
            years=4,
            months=12,
            former_chinese=True,
            hsk=4,
            age=45,
            distinctions=frozenset({"patent", "world_university"}),
        ),
        TABLE,
    )
    assert result.total == 73
    assert result.klass == "B"
    chinese = next(i for i in result.items if i.item == "chinese")
    assert chinese.points == 5
    assert "同项不累加" in chinese.rule_zh and "not added" in chinese.rule_en


def test_the_class_edges_84_and_85() -> None:
    # 450,000 → 20; master → 15; 7 years → 5 + 5 = 10; 9 months → 15; age 30 → 15; HSK 5 → 5 = 80;
    # a local bonus of 5 makes 85 (A), of 4 makes 84 (B).
    base = {"salary_yuan": 450_000, "education": "master", "years": 7, "months": 9, "age": 30, "hsk": 5}
    assert score(Profile(**base, local_bonus=5), TABLE).total == 85  # type: ignore[arg-type]
    assert score(Profile(**base, local_bonus=5), TABLE).klass == "A"  # type: ignore[arg-type]
    assert score(Profile(**base, local_bonus=4), TABLE).klass == "B"  # type: ignore[arg-type]
    assert TABLE.classify(60) == "B" and TABLE.classify(59) == "C"


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (17, 0),
        (18, 10),
        (25, 10),
        (25.99, 10),
        (26, 15),
        (45, 15),
        (46, 10),
        (55, 10),
        (56, 5),
        (60, 5),
        (60.5, 5),
        (61, 0),
    ],
)
def test_age_counts_completed_years(age: float, expected: int) -> None:
    assert points(age=age)["age"] == expected


@pytest.mark.parametrize(
    ("years", "expected"), [(0, 0), (1.9, 0), (2, 5), (2.9, 5), (3, 6), (10, 13), (17, 20), (30, 20)]
)
def test_experience_adds_one_per_full_year_beyond_two_up_to_20(years: float, expected: int) -> None:
    assert points(years=years)["experience"] == expected


@pytest.mark.parametrize(
    ("yuan", "expected"),
    [
        (0, 0),
        (49_999, 0),
        (50_000, 5),
        (70_000, 8),
        (150_000, 11),
        (250_000, 14),
        (350_000, 17),
        (449_999, 17),
        (450_000, 20),
    ],
)
def test_salary_bands_are_exact_at_their_edges(yuan: float, expected: int) -> None:
    assert points(salary_yuan=yuan)["salary"] == expected


def test_items_not_given_count_zero_and_are_listed() -> None:
    result = score(Profile(age=30), TABLE)
    assert result.total == 15
    assert "salary" in result.missing and "age" not in result.missing
    salary = next(i for i in result.items if i.item == "salary")
    assert (salary.given, salary.points, salary.rule_en) == (None, 0, "not given: 0 points")


def test_five_years_in_china_is_the_distinction_and_four_is_not() -> None:
    assert points(years_in_china=5)["distinction"] == 5
    assert points(years_in_china=4)["distinction"] == 0


def test_the_shipped_table_is_what_the_build_script_makes_of_the_reference() -> None:
    source = REPO / "tests" / "data" / "points-2017.csv"  # vendored from ../shared/reference
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_codes
    finally:
        sys.path.remove(str(REPO / "scripts"))
    built = build_codes.render_points(build_codes.read_points(source))
    shipped = (REPO / "occupation_codes" / "points-2017.json").read_text(encoding="utf-8")
    assert built == shipped
    table = table_from_json(shipped)
    assert [i.item for i in table.items][:3] == ["salary", "education", "experience"]
    assert (table.class_a, table.class_b) == (85, 60)


def test_the_points_table_is_credited_in_the_notice() -> None:
    notice = (REPO / "occupation_codes" / "NOTICE").read_text(encoding="utf-8")
    assert "points-2017.json" in notice and "外专发〔2017〕40号" in notice


def test_points_cli_json_follows_the_contract() -> None:
    result = run_in_process(
        "points", "--salary", "30万元/年", "--education", "硕士", "--years", "5", "--months", "12",
        "--hsk", "4", "--age", "35", "--fortune500", "--patent", "--format", "json", "--lang", "en",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    doc = json.loads(result.stdout)
    # 30万 → [25,35) → 14; master 15; 5 years → 5+3 = 8; 12 months 15; HSK 4 → 4; age 35 → 15;
    # Fortune 500 + patent → 5.  14+15+8+15+4+15+5 = 76 → B.
    assert doc["total"] == 76
    assert doc["class"] == "B"
    assert [set(i) >= {"item", "given", "points", "rule"} for i in doc["items"]] == [True] * 9
    assert {i["item"]: i["points"] for i in doc["items"]}["experience"] == 8


def test_points_cli_text_in_chinese_names_the_rule() -> None:
    result = run_in_process("points", "--age", "25", "--lang", "zh")
    assert result.returncode == 0
    assert "年龄 25 周岁，属「[18,25]」档：10 分" in result.stdout
    assert "合计 10 分：C 类" in result.stdout


def test_points_cli_rejects_a_local_bonus_above_10_and_an_unreadable_value() -> None:
    result = run_in_process("points", "--local-bonus", "12", "--lang", "en")
    assert (result.returncode, result.stderr) == (
        2,
        "catalogtool: Local bonus '12': a local bonus is 0–10 points\n",
    )
    result = run_in_process("points", "--education", "高中", "--lang", "en")
    assert result.returncode == 2 and "not an education level" in result.stderr
