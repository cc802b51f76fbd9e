"""``catalogtool match``: rows that apply, each requirement at its boundary, the verdict, batch mode."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from conftest import run_in_process
from hypothesis import given
from hypothesis import strategies as st

from catalogtool.matching import compare_requirement
from catalogtool.model import Salary

PROVINCE = """\
province: JS
title: 江苏省外国人来华工作指导目录（测试）
edition: "2026"
authority: 江苏省人力资源和社会保障厅
effective_date: 2026-07-01
validity_years: 4
local_average_wage: 100000
local_bonus_max: 6
catalog: catalog.yaml
"""
CATALOG = """\
rows:
  - {seq: 1, subcategory_code: "2-02-38", subcategory_name: 数字技术工程技术人员, occupation_codes: ["2-02-38-09"],
     position: 芯片设计工程师, industry: 集成电路, education: 硕士及以上, experience_years: 3年以上,
     skills: 熟悉集成电路设计流程, salary: 4倍, age_max: 60周岁以下}
  - {seq: 2, subcategory_code: "2-02-10", subcategory_name: 信息和通信工程技术人员, occupation_codes: ["2-02-10-07"],
     position: 网络安全架构师, industry: 软件和信息服务, education: 学士及以上, experience_years: 5年以上,
     skills: 熟悉网络安全体系设计, certificates: 注册信息系统安全专家（CISSP）等同类证书, salary: 30万元/年,
     age_max: 55周岁以下}
  - {seq: 3, subcategory_code: "2-08-01", subcategory_name: 高等学校教师, position: 外籍专业教师, industry: 教育,
     education: 博士, experience_years: 2年以上, skills: 能够承担本科生课程}
"""
IN_FORCE = "2027-01-01"
# Row 1 met exactly at every boundary: master = master, 3 years = 3, 400,000 = 4 × 100,000, age 60 = 60.
EXACT = ["--code", "2-02-38", "--education", "硕士", "--years", "3", "--salary", "400000", "--age", "60"]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "provinces" / "JS"
    folder.mkdir(parents=True)
    (folder / "province.yaml").write_text(PROVINCE, encoding="utf-8")
    (folder / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    return tmp_path


def run(ws: Path, *args: str, lang: str = "en", today: str = IN_FORCE) -> CompletedProcess[str]:
    """``catalogtool match -p JS -w WS --today … ARGS`` in process, as the console entry point runs it."""
    return run_in_process("match", "-p", "JS", "-w", ws, "--today", today, "--lang", lang, *args)


def as_json(ws: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = run(ws, *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def requirements(doc: dict[str, object], row: int = 0) -> dict[str, object]:
    rows = doc["rows"]
    assert isinstance(rows, list)
    return {r["field"]: r["met"] for r in rows[row]["requirements"]}


# --- the requirement comparison (core) ----------------------------------------------------------


def test_each_requirement_is_met_exactly_at_its_boundary() -> None:
    assert compare_requirement("education", "master", "master").met is True
    assert compare_requirement("education", "master", "bachelor").met is False
    assert compare_requirement("experience_years", 3.0, 3.0).met is True
    assert compare_requirement("experience_years", 3.0, 2.99).met is False
    assert compare_requirement("age_max", 60, 60).met is True  # 以下 includes 60
    assert compare_requirement("age_max", 60, 60.9).met is True  # 60 completed years
    assert compare_requirement("age_max", 60, 61).met is False
    four = Salary(multiple=4)
    assert compare_requirement("salary", four, Salary(annual_yuan=400_000), average_wage=100_000).met is True
    assert compare_requirement("salary", four, Salary(annual_yuan=399_999), average_wage=100_000).met is False
    assert compare_requirement("salary", four, Salary(multiple=4)).met is True
    amount = Salary(annual_yuan=300_000)
    assert compare_requirement("salary", amount, Salary(multiple=3), average_wage=100_000).met is True


def test_unknown_when_not_given_or_when_the_wage_is_missing() -> None:
    assert compare_requirement("education", "master", None).reason == "not_given"
    missing_wage = compare_requirement("salary", Salary(multiple=4), Salary(annual_yuan=500_000))
    assert (missing_wage.met, missing_wage.reason) == (None, "no_wage")
    assert compare_requirement("education", "none", None).met is True  # 不限 needs nothing


# --- the command -------------------------------------------------------------------------------


def test_a_candidate_exactly_at_every_boundary_meets_the_row(ws: Path) -> None:
    code, doc = as_json(ws, *EXACT)
    assert code == 0
    assert doc["category_b"] is True
    assert requirements(doc) == {"education": True, "experience_years": True, "salary": True, "age_max": True}
    row = doc["rows"][0]  # type: ignore[index]
    assert (row["row"], row["seq"], row["matched_by"], row["met"]) == (2, 1, "code", True)
    salary = next(r for r in row["requirements"] if r["field"] == "salary")
    assert (salary["required"], salary["given"], salary["unit"]) == (4.0, 4.0, "multiple")
    assert doc["catalog"] == {
        "province": "JS",
        "title": "江苏省外国人来华工作指导目录（测试）",
        "edition": "2026",
        "effective": "2026-07-01",
        "expires": "2030-06-30",
        "lapsed": False,
        "in_force": True,
        "today": IN_FORCE,
        "local_average_wage": 100000.0,
    }


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--education", "学士", "education"),
        ("--years", "2", "experience_years"),
        ("--salary", "399999", "salary"),
        ("--age", "61", "age_max"),
    ],
)
def test_one_requirement_short_fails_that_requirement_only(
    ws: Path, option: str, value: str, field: str
) -> None:
    args = list(EXACT)
    args[args.index(option) + 1] = value
    code, doc = as_json(ws, *args)
    assert code == 1
    assert doc["category_b"] is False
    expected = {"education": True, "experience_years": True, "salary": True, "age_max": True} | {field: False}
    assert requirements(doc) == expected


def test_fields_the_candidate_did_not_state_are_unknown_and_do_not_meet(ws: Path) -> None:
    code, doc = as_json(ws, "--code", "2-02-38", "--education", "博士")
    assert code == 1
    assert requirements(doc) == {"education": True, "experience_years": None, "salary": None, "age_max": None}
    assert "unknown: " in str(doc["reason"])


def test_a_salary_multiple_without_the_local_average_wage_is_unknown_and_said(ws: Path) -> None:
    yaml = ws / "provinces" / "JS" / "province.yaml"
    yaml.write_text(PROVINCE.replace("local_average_wage: 100000\n", ""), encoding="utf-8")
    result = run(ws, *EXACT)
    assert result.returncode == 1
    assert "province.yaml has no local_average_wage" in result.stdout


def test_a_lapsed_catalog_gives_no_category_b_verdict(ws: Path) -> None:
    result = run(ws, "--format", "json", *EXACT, today="2030-07-01")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["catalog"]["lapsed"] is True
    assert doc["rows"][0]["met"] is True  # the row is met, but the catalog no longer applies
    assert doc["category_b"] is False
    assert doc["reason"] == "the catalog lapsed after 2030-06-30: it gives no Category B verdict"


def test_the_last_day_of_validity_still_counts(ws: Path) -> None:
    result = run(ws, *EXACT, today="2030-06-30")
    assert result.returncode == 0


def test_title_only_goes_through_codes_suggest_and_says_so(ws: Path) -> None:
    code, doc = as_json(
        ws, "--position", "芯片设计", "--education", "硕士", "--years", "3", "--salary", "4倍", "--age", "40"
    )
    assert code == 0
    rows = doc["rows"]
    assert isinstance(rows, list)
    first = rows[0]
    assert (first["matched_by"], first["subcategory_code"], first["suggested_code"]) == (
        "title",
        "2-02-38",
        "2-02-38-09",
    )
    # the evidence is the suggestion's, as `codes suggest 芯片设计` gives it
    assert "芯片设计" in first["evidence"] and "codes suggest" in first["evidence"]
    text = run(ws, "--position", "芯片设计", "--education", "硕士")
    assert "matched by job title (the ranking of codes suggest)" in text.stdout


def test_an_occupation_code_selects_the_rows_listing_it_and_dirty_codes_are_read(ws: Path) -> None:
    code, doc = as_json(ws, "--code", "２－０２－１０－０７", "--education", "学士")
    assert [r["seq"] for r in doc["rows"]] == [2]  # type: ignore[union-attr]
    assert doc["code"] == "2-02-10-07"
    code, doc = as_json(ws, "--code", "2-02-10-01", "--education", "学士")
    assert doc["rows"] == [] and code == 1  # the row lists only 2-02-10-07


def test_a_certificate_named_in_the_row_is_met_and_another_needs_a_person(ws: Path) -> None:
    base = [
        "--code",
        "2-02-10",
        "--education",
        "硕士",
        "--years",
        "6",
        "--salary",
        "30万元/年",
        "--age",
        "55",
    ]
    code, doc = as_json(ws, *base, "--certificate", "CISSP")
    assert requirements(doc)["certificates"] is True and code == 0
    code, doc = as_json(ws, *base, "--certificate", "CISM")
    assert requirements(doc)["certificates"] is None and code == 1


def test_a_row_without_an_age_takes_the_national_baseline(ws: Path) -> None:
    _code, doc = as_json(ws, "--code", "2-08-01", "--education", "博士", "--years", "2", "--age", "61")
    assert requirements(doc) == {"education": True, "experience_years": True, "age_max": False}


def test_points_are_shown_beside_the_verdict(ws: Path) -> None:
    _code, doc = as_json(ws, *EXACT)
    points = doc["points"]
    assert isinstance(points, dict)
    # 400,000 → [35,45) → 17; master 15; 3 years → 6; age 60 → 5.  17+15+6+5 = 43 → C.
    assert (points["total"], points["class"]) == (43, "C")


def test_the_candidate_file_reads_loose_keys_and_options_override_it(ws: Path, tmp_path: Path) -> None:
    person = tmp_path / "person.yaml"
    person.write_text(
        "职业代码: 2-02-38\n学历（学位）: 硕士研究生\nYears of experience: 3年\n年薪: 40万元\nAge: 60\n",
        encoding="utf-8",
    )
    code, doc = as_json(ws, "--candidate", str(person))
    assert code == 0
    assert doc["candidate"] == {
        "code": "2-02-38",
        "education": "硕士研究生",
        "years": "3年",
        "salary": "40万元",
        "age": "60",
    }
    code, _doc = as_json(ws, "--candidate", str(person), "--age", "61")
    assert code == 1


def _exit(result: CompletedProcess[str]) -> tuple[int, str]:
    """The exit code and the one line on stderr."""
    return result.returncode, result.stderr.strip()


def test_unknown_keys_in_a_candidate_file_are_an_input_error(ws: Path, tmp_path: Path) -> None:
    person = tmp_path / "person.json"
    person.write_text('{"code": "2-02-38", "favourite_colour": "blue"}', encoding="utf-8")
    code, message = _exit(run(ws, "--candidate", str(person)))
    assert code == 2
    assert "unknown field(s) favourite_colour" in message


def test_usage_errors_exit_2_with_one_line(ws: Path) -> None:
    assert _exit(run(ws))[0] == 2
    code, message = _exit(run(ws, "--code", "9-99-99"))
    assert code == 2 and "not in the code list" in message
    code, message = _exit(run(ws, "--code", "2-02-38", "--education", "高中"))
    assert code == 2 and "not an education level" in message
    assert _exit(run(ws, "--batch", "x.xlsx")) == (2, "catalogtool: --batch needs --out RESULTS.xlsx")


def test_text_output_in_chinese(ws: Path) -> None:
    result = run(ws, *EXACT, lang="zh")
    assert result.returncode == 0
    assert "✓ 学历（学位）：要求 硕士及以上；提供 硕士" in result.stdout
    assert "✓ 薪酬要求：要求 4倍（4 × 100,000 = 400,000 元）" in result.stdout
    assert (
        "结论：✓ 符合本目录外国专业人才（B类）标准：目录第 2 行（芯片设计工程师），2026 版，有效期至 2030-06-30"
        in result.stdout
    )


# --- batch mode -------------------------------------------------------------------------------


def messy_list(path: Path) -> None:
    """An HR agency's list as people make them: a title, a blank row, bilingual and full-width headers,
    an unused column, dirty codes, a blank row between candidates, a bad value, a formula-like name."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名单"
    ws.append(["某人力资源服务机构 外籍人才推荐名单"])
    ws.append([])
    ws.append(
        ["姓名\nName", "职业代码", "拟聘岗位", "学历（学位）", "工作年限（年）", "年薪（元）", "Age", "备注"]
    )
    ws.append(["Alice", "２－０２－３８", "芯片设计工程师", "硕士", "3", 400000, 60, "首选"])
    ws.append(["Bob", "2-02-38", "芯片设计工程师", "学士", 5, "50万元", 40, None])
    ws.append([])
    ws.append(["Carol", None, "芯片设计工程师", "高中", 3, 400000, 30, None])
    ws.append(['=HYPERLINK("http://x")', "2-08-01", "外籍专业教师", "博士", 2, None, 45, None])
    ws.append(["Dan", "2-02-38", None, "博士", None, None, None, None])
    ws["A8"].data_type = "s"  # text that looks like a formula, as a CSV import leaves it
    wb.save(path)


def test_batch_mode_with_a_messy_workbook(ws: Path, tmp_path: Path) -> None:
    import openpyxl

    source = tmp_path / "candidates.xlsx"
    messy_list(source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "results.xlsx"
    result = run(ws, "--batch", str(source), "--out", str(out))
    assert result.returncode == 0, result.stdout
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # input never modified
    assert "5 candidates: 2 meet Category B, 2 do not, 1 rows have errors" in result.stdout
    wb = openpyxl.load_workbook(out)
    sheet = wb["Results"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (4, "Alice", "meets Category B"),
        (5, "Bob", "does not meet"),
        (7, "Carol", "input error"),
        (8, '=HYPERLINK("http://x")', "meets Category B"),
        (9, "Dan", "needs more information"),
    ]
    assert rows[0][2] == "2-02-38"  # the dirty code, normalised
    assert "Education" in rows[1][7]  # Bob's unmet requirement
    assert "not an education level" in rows[2][11]
    hyperlink = sheet.cell(7, 2)  # the 4th candidate
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix  # text, never a formula
    assert sheet.cell(4, 5).fill.fgColor.rgb == "00C6EFCE"
    assert sheet.cell(5, 5).fill.fgColor.rgb == "00FFC7CE"
    summary = {r[0].value: r[1].value for r in wb["Summary"].iter_rows(min_row=3)}
    assert summary["Candidates"] == 5
    assert summary["meets Category B"] == 2
    assert summary["input error"] == 1
    assert summary["Columns not recognised (not used)"] == "H（备注）"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"


def test_batch_from_gb18030_csv(ws: Path, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_bytes(
        "岗位名称,学历,工作年限,年薪,年龄\n芯片设计工程师,硕士,3,400000,60\n".encode("gb18030")
    )
    out = tmp_path / "r.xlsx"
    result = run(ws, "--batch", str(source), "--out", str(out))
    assert result.returncode == 0
    assert "1 candidates: 1 meet Category B" in result.stdout


def test_batch_refuses_to_overwrite_its_input_and_a_list_without_a_header(ws: Path, tmp_path: Path) -> None:
    source = tmp_path / "list.xlsx"
    messy_list(source)
    assert _exit(run(ws, "--batch", str(source), "--out", str(source)))[0] == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, message = _exit(run(ws, "--batch", str(bad), "--out", str(tmp_path / "o.xlsx")))
    assert code == 2 and "no candidate list found" in message


def test_batch_with_a_lapsed_catalog_marks_every_row(ws: Path, tmp_path: Path) -> None:
    import openpyxl

    source = tmp_path / "candidates.xlsx"
    messy_list(source)
    out = tmp_path / "results.xlsx"
    result = run(ws, "--batch", str(source), "--out", str(out), lang="zh", today="2031-01-01")
    assert result.returncode == 1
    sheet = openpyxl.load_workbook(out)["匹配结果"]
    verdicts = [sheet.cell(r, 5).value for r in range(4, 9)]
    assert verdicts == ["目录已失效", "目录已失效", "输入有误", "目录已失效", "目录已失效"]


def test_the_sample_workspace_answers(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "samples" / "JS"
    result = run(sample, "--code", "2-06-14", "--education", "硕士", "--years", "5", "--salary", "472000",
                 "--age", "50", "--format", "json", today="2027-03-01")  # fmt: skip
    doc = json.loads(result.stdout)
    assert result.returncode == 0
    assert doc["rows"][0]["position"] == "金融科技风控专家"
    assert dt.date.fromisoformat(doc["catalog"]["expires"]) == dt.date(2030, 6, 30)


def test_a_row_naming_the_post_is_the_posts_row(ws: Path) -> None:
    catalog = ws / "provinces" / "JS" / "catalog.yaml"
    catalog.write_text(
        CATALOG
        + """  - {seq: 4, subcategory_code: "2-02-38", subcategory_name: 数字技术工程技术人员, position: 数据标注工程师,
     industry: 人工智能, education: 学士及以上, experience_years: 2年以上, skills: 熟悉数据标注规范}
""",
        encoding="utf-8",
    )
    short = ["--code", "2-02-38", "--education", "硕士", "--years", "3", "--salary", "300000", "--age", "40"]
    # Without a position, the other post of the subcategory (seq 4) is met.
    code, doc = as_json(ws, *short)
    assert code == 0 and [r["seq"] for r in doc["rows"]] == [1, 4]  # type: ignore[union-attr]
    # With the position the catalog names (written loosely), only that post's row applies.
    code, doc = as_json(ws, *short, "--position", "芯片设计 工程师")
    assert code == 1 and [r["seq"] for r in doc["rows"]] == [1]  # type: ignore[union-attr]
    text = run(ws, *short, "--position", "芯片设计工程师")
    assert (
        "✗ Salary: required 4倍 (4 × 100,000 = 400,000 yuan); given 300,000 yuan/year (= 3 × average wage)"
        in (text.stdout)
    )


def test_a_requirement_not_given_says_so(ws: Path) -> None:
    result = run(ws, "--code", "2-02-38", "--education", "硕士", lang="zh")
    assert "? 工作经历（年）：要求 3年以上；未提供" in result.stdout


@given(
    required=st.floats(min_value=0, max_value=50, allow_nan=False),
    given=st.floats(min_value=0, max_value=50, allow_nan=False),
    more=st.floats(min_value=0, max_value=10, allow_nan=False),
)
def test_meeting_a_minimum_is_monotonic(required: float, given: float, more: float) -> None:
    met = compare_requirement("experience_years", required, given).met
    assert met is (given >= required or required <= 0)
    if met:
        assert compare_requirement("experience_years", required, given + more).met is True


@given(
    multiple=st.floats(min_value=0.5, max_value=10, allow_nan=False),
    wage=st.integers(min_value=10_000, max_value=500_000),
)
def test_a_salary_exactly_at_the_multiple_is_met_and_one_yuan_less_is_not(multiple: float, wage: int) -> None:
    need = Salary(multiple=multiple)
    exact = multiple * wage
    assert compare_requirement("salary", need, Salary(annual_yuan=exact), average_wage=wage).met is True
    assert compare_requirement("salary", need, Salary(annual_yuan=exact - 1), average_wage=wage).met is False


def test_batch_json_gives_each_answer_or_the_rows_problems(ws: Path, tmp_path: Path) -> None:
    source = tmp_path / "candidates.xlsx"
    messy_list(source)
    result = run(ws, "--batch", str(source), "--out", str(tmp_path / "r.xlsx"), "--format", "json")
    doc = json.loads(result.stdout)
    assert [c["row"] for c in doc["candidates"]] == [4, 5, 7, 8, 9]
    assert doc["candidates"][0]["result"]["category_b"] is True
    carol = doc["candidates"][2]
    assert carol["result"] is None
    assert carol["problems"][0]["field"] == "education" and carol["problems"][0]["value"] == "高中"
    assert doc["columns"] == {"name": "A", "code": "B", "position": "C", "education": "D", "years": "E",
                              "salary": "F", "age": "G"}  # fmt: skip


def test_a_local_bonus_above_the_provinces_maximum_is_refused(ws: Path) -> None:
    base = ["points", "-p", "JS", "-w", str(ws), "--lang", "en", "--local-bonus"]
    assert run_in_process(*base, "6").returncode == 0
    code, message = _exit(run_in_process(*base, "7"))
    assert code == 2 and message == "catalogtool: Local bonus '7': a local bonus is 0–6 points"
    code, message = _exit(run(ws, *EXACT, "--candidate", str(_person(ws, "local_bonus: 7\n"))))
    assert code == 2 and "0–6" in message


def _person(ws: Path, text: str) -> Path:
    path = ws / "person.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_title_matching_uses_the_first_subcategory_codes_suggest_gives() -> None:
    from catalogtool.codes import load_code_list

    first = load_code_list().suggest("芯片设计")[0]
    assert first.code.code == "2-02-38-09"  # what test_title_only_… sees as suggested_code


def test_match_takes_the_points_options_too(ws: Path) -> None:
    code, doc = as_json(ws, *EXACT, "--months", "12", "--hsk", "5", "--region", "west", "--patent")
    assert code == 0
    points = doc["points"]
    assert isinstance(points, dict)
    # 400,000 → 17; master 15; 3 years → 6; 12 months → 15; HSK 5 → 5; west → 10; age 60 → 5;
    # patent → 5.  17+15+6+15+5+10+5+5 = 78 → B.
    assert (points["total"], points["class"]) == (78, "B")
