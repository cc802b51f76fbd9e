"""Tables as governments lay them out (issue #9): merged categories, section rows, notes, real
wording, CSV date codes, 2015-edition codes, header vocabulary, files that are not catalogs.

The example cases in tests/examples/ pin whole workbooks; these tests pin the pieces and show that
every command that reads a catalog (validate, convert, diff, annotate) gets the same reading.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogtool.legacy import legacy_codes, name_hint, unknown_code_hint
from catalogtool.normalize import age_relaxable, dates_in_text, parse_salary, reading
from catalogtool.read import read_sheet
from catalogtool.read.headers import header_keys, match_header
from catalogtool.read.layout import section_label
from tests.conftest import LEADING_HEADER, REFERENCE, REPO, RunCli, save_xlsx

EXAMPLES = REPO / "tests" / "examples"


@pytest.fixture(scope="module")
def gov_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 23-post government-layout draft of tests/examples/invalid/gov-draft, as an .xlsx."""
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from vendor_test_data import build_workbook
    finally:
        sys.path.remove(str(REPO / "scripts"))
    out = tmp_path_factory.mktemp("gov") / "catalog.xlsx"
    return build_workbook(EXAMPLES / "invalid" / "gov-draft" / "catalog.xlsx.json", out)


HEADER = [*LEADING_HEADER, "学历", "工作经历", "专业技能"]
ROW = [
    1,
    "2-02-10",
    "信息和通信工程技术人员",
    "",
    "软件工程师",
    "软件和信息服务",
    "本科",
    "2",
    "熟悉软件开发",
]


def _findings(stdout: str) -> list[tuple[str, str, int | None, str | None]]:
    return [(f["rule"], f["severity"], f["row"], f["column"]) for f in json.loads(stdout)["findings"]]


# --- header vocabulary ---------------------------------------------------------------------------

VOCABULARY = {
    "industry": "产业 所属产业 产业链 行业 行业领域 所属行业 重点产业 产业类别",
    "skills": "专业技能 专业能力 专业能力要求 技能要求 能力要求",
    "experience_years": "工作经历 工作经验 工作年限 从业年限 相关工作经历",
    "education": "学历 学位 学历（学位） 学历要求 最低学历",
    "salary": "薪酬 薪酬水平 年薪 工资性年收入",
    "age_max": "年龄 年龄要求 年龄上限",
    "position": "岗位 岗位名称 职位 具体岗位",
}


@pytest.mark.parametrize(
    ("label", "key"), [(label, key) for key, labels in VOCABULARY.items() for label in labels.split()]
)
def test_header_vocabulary_of_real_tables(label: str, key: str) -> None:
    assert match_header(label) == key


def test_skills_requirement_as_one_column_and_as_a_group(tmp_path: Path) -> None:
    single = ["序号", "小类代码", "小类名称", "岗位名称", "产业领域", "学历", "工作经历", "能力要求"]
    sheet = read_sheet(save_xlsx(tmp_path / "single.xlsx", single, ROW[:3] + ROW[4:]))
    assert sheet.columns["skills"] == "H"
    top = ["序号", "小类代码", "小类名称", "岗位名称", "产业领域", "能力要求", None, None]
    sub = [None, None, None, None, None, "学历", "工作经历", "专业技能"]
    grouped = read_sheet(save_xlsx(tmp_path / "group.xlsx", top, sub, ROW[:3] + ROW[4:]))
    assert (grouped.columns["education"], grouped.columns["skills"]) == ("F", "H")


def test_a_header_naming_two_fields_is_an_error_naming_both(tmp_path: Path, run_cli: RunCli) -> None:
    assert header_keys("学历\nExperience") == ("education", "experience_years")
    assert match_header("学历\nExperience") is None and match_header("学历（学位）\nEducation") == "education"
    path = tmp_path / "two.csv"
    header = ",".join(HEADER[:6]) + ',"学历\nExperience",专业技能\n'
    path.write_text(
        header + "1,2-02-10,信息和通信工程技术人员,,软件工程师,软件,本科,熟悉\n", encoding="utf-8"
    )
    result = run_cli("validate", path, "--format", "json")
    report = json.loads(result.stdout)
    ambiguous = next(f for f in report["findings"] if f["rule"] == "CT113")
    assert (ambiguous["severity"], ambiguous["row"], ambiguous["column"]) == ("error", 1, "G")
    assert "names two fields, Education and Experience (years)" in ambiguous["message"]
    assert "“学历（学位）”和“工作经历（年）”" in ambiguous["message_zh"]


# --- rows under the header --------------------------------------------------------------------------


def test_section_label() -> None:
    assert section_label("一、集成电路（15个）") == "集成电路"
    assert section_label("（二）生物医药") == "生物医药"
    assert section_label("第三部分 现代服务业") == "现代服务业"
    assert section_label("三、教育文化（共8个岗位）") == "教育文化"


def test_a_note_line_before_any_row_does_not_end_the_table(tmp_path: Path, run_cli: RunCli) -> None:
    path = save_xlsx(tmp_path / "n.xlsx", HEADER, ["注：带*号的列为必填项"], ROW, ["（以下空白）"])
    result = run_cli("validate", path, "--format", "json")
    assert result.returncode == 0, result.stdout
    assert _findings(result.stdout) == []
    assert json.loads(result.stdout)["summary"]["rows"] == 1


def test_a_row_after_the_notes_is_read_and_reported(tmp_path: Path, run_cli: RunCli) -> None:
    later = [
        2,
        "2-02-10",
        "信息和通信工程技术人员",
        "",
        "网络工程师",
        "软件和信息服务",
        "本科",
        "2",
        "熟悉网络",
    ]
    notes = ["说明：1. 以上岗位均需全职。"]
    path = save_xlsx(
        tmp_path / "n.xlsx", HEADER, ROW, notes, ["填报人：张三", None, "联系电话：025-1234"], later
    )
    result = run_cli("validate", path, "--format", "json")
    assert _findings(result.stdout) == [("CT112", "warning", 5, None)]
    report = json.loads(result.stdout)
    assert report["summary"]["rows"] == 2
    assert "row 3" in report["findings"][0]["message"]


def test_a_single_code_on_its_own_row_is_data_not_a_heading(tmp_path: Path, run_cli: RunCli) -> None:
    path = save_xlsx(tmp_path / "n.xlsx", HEADER, ROW, [None, "2-02-38"])
    result = run_cli("validate", path, "--format", "json")
    assert json.loads(result.stdout)["summary"]["rows"] == 2
    assert ("CT301", "error", 3, "E") in _findings(result.stdout)


# --- wording -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "en", "zh"),
    [
        ("experience_years", "2年及以上语言教育工作经历", "at least 2 years", "至少2年"),
        ("experience_years", "不少于3年", "at least 3 years", "至少3年"),
        ("education", "学士及以上学位", "bachelor's degree or above", "学士及以上"),
        ("education", "硕士研究生及以上", "master's degree or above", "硕士及以上"),
        (
            "age_max",
            "原则上不超过60周岁，确有需要的可适当放宽",
            "at most 60, may be relaxed where truly needed",
            "不超过60周岁，确有需要可放宽",
        ),
        ("age_max", "≤60", "at most 60", "不超过60周岁"),
        (
            "salary",
            "工资性年收入不低于本地区上年度社会平均工资收入4倍",
            "4 × the local average wage",
            "当地平均工资的4倍",
        ),
        ("salary", "10万美元", "in US dollars, not read as yuan", "以美元表示，不按人民币读取"),
        ("salary", "30万元/年", "300,000 yuan a year", "年薪300,000元"),
    ],
)
def test_what_a_wording_is_read_as(field: str, text: str, en: str, zh: str) -> None:
    assert reading(field, text) == (en, zh)


def test_relaxation_needs_a_limit() -> None:
    assert age_relaxable("原则上不超过60周岁，确有需要的可适当放宽")
    assert not age_relaxable("不超过60周岁") and not age_relaxable("确有需要的可适当放宽")


@given(st.sampled_from(["$", "US$", "USD ", "HK$", "€", "£"]), st.integers(1, 9_999_999))
def test_a_foreign_amount_is_never_yuan(mark: str, amount: int) -> None:
    for text in (f"{mark}{amount:,}", f"{mark}{amount}", f"{amount}{mark.strip()}"):
        salary = parse_salary(text)
        assert salary is not None and salary.currency is not None and salary.annual_yuan is None, text


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("2002/2/10", ["2002-02-10"]),
        ("2002-02-10", ["2002-02-10"]),
        ("2002/02/10 0:00", ["2002-02-10"]),
        ("2002年2月10日", ["2002-02-10"]),
        ("10/02/2002", ["2002-02-10", "2002-10-02"]),
        ("30/02/2002", []),
        ("2-02-10", []),
    ],
)
def test_dates_a_code_became_in_csv(text: str, dates: list[str]) -> None:
    assert [d.isoformat() for d in dates_in_text(text)] == dates


# --- 2015-edition codes --------------------------------------------------------------------------


def test_legacy_hints_name_the_2015_meaning_and_the_2022_code() -> None:
    hint = unknown_code_hint("2-02-10-09")
    assert hint["legacy"].startswith(
        "2-02-10-09 was 人工智能工程技术人员 in the 2015 edition (2019-04 batch); in 2022 it is 2-02-38-01 "
        "人工智能工程技术人员 (reconstructed 2015 list and mapping; check before using)."
    )
    assert hint["legacy_zh"].startswith(
        "2-02-10-09 是2015年版大典中的“人工智能工程技术人员”（2019-04 批次），"
    )
    named = name_hint("2-07-02", "检察官")
    assert "2-07-02 was 检察官 in the 2015 edition; 检察官 in 2022 is 2-07-03 检察官" in named["legacy"]
    assert name_hint("2-07-02", "法官") == {"legacy": "", "legacy_zh": ""}
    assert unknown_code_hint("2-02-10-99") == {"legacy": "", "legacy_zh": ""}


def test_a_legacy_code_is_never_accepted(tmp_path: Path, run_cli: RunCli) -> None:
    """2015 codes that are no codes now stay CT205 errors, each with its hint."""
    from catalogtool.codes import load_code_list

    codes = load_code_list()
    absent = [
        c for c, e in legacy_codes().items() if e.level == 4 and e.in_2022 == "absent" and c not in codes
    ]
    assert len(absent) > 30
    path = tmp_path / "old.csv"
    cell = ";".join(absent)
    path.write_text(",".join(HEADER[:4]) + ",岗位名称,产业领域,学历,工作经历,专业技能\n"
                    f'1,2-02-10,信息和通信工程技术人员,"{cell}",软件工程师,软件,本科,2,熟悉\n', encoding="utf-8")  # fmt: skip
    report = json.loads(run_cli("validate", path, "--format", "json").stdout)
    unknown = [f for f in report["findings"] if f["rule"] == "CT205"]
    assert sorted(f["value"] for f in unknown) == sorted(absent)
    assert all("in the 2015 edition" in f["hint"] for f in unknown)


def test_the_legacy_table_is_what_the_build_script_makes() -> None:
    reference = REFERENCE  # vendored from ../shared/reference by scripts/vendor_test_data.py
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_codes_legacy", REPO / "scripts" / "build_codes.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build
    spec.loader.exec_module(build)
    rows = build.build_legacy(reference, build.read_reference(reference / "noc2022" / "classification.csv"))
    committed = (REPO / "occupation_codes" / "noc2015_legacy.csv").read_text(encoding="utf-8")
    assert build.render_csv(build.LEGACY_COLUMNS, rows) == committed
    notice = (REPO / "occupation_codes" / "NOTICE").read_text(encoding="utf-8")
    assert "noc2015_legacy.csv" in notice and "RECONSTRUCTION" in notice and "GB/T 6565-2015" in notice


# --- not a catalog -------------------------------------------------------------------------------


def test_a_post_list_is_not_a_catalog(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("序号,岗位名称\n1,芯片设计工程师\n", encoding="utf-8")
    result = run_cli("validate", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"catalogtool: {path}: not a catalog table: the file has the catalog columns No., Position (row 1) "
        "but not Subcategory code, Subcategory name, Industry, Education, Experience (years), Skills; a "
        "catalog row needs each of them. For job titles without codes, `catalogtool codes suggest TITLE` "
        "finds the subcategory"
    )


def test_a_ranking_workbook_is_not_a_catalog(tmp_path: Path, run_cli: RunCli) -> None:
    path = save_xlsx(
        tmp_path / "rank.xlsx",
        ["紧缺职业排行"],
        ["排名", "职业代码", "职业名称", "需求人数"],
        [1, "2-02-38-01", "x", 3],
    )
    result = run_cli("validate", path, env={"CATALOGTOOL_LANG": "zh"})
    assert result.returncode == 2
    assert "第 2 行有目录列 小类名称、相关职业代码，但缺少 小类代码、岗位名称" in result.stderr
    assert "catalogtool codes suggest" in result.stderr


# --- every command reads the same way ------------------------------------------------------------


def test_convert_writes_the_carried_values_and_says_what_it_read(
    tmp_path: Path, run_cli: RunCli, gov_draft: Path
) -> None:
    out = tmp_path / "flat.csv"
    result = run_cli("convert", gov_draft, out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (23 rows)"
    assert "Requirements read as:" in result.stderr
    assert (
        "  Experience (years) '2年及以上语言教育工作经历' → at least 2 years (row 23)"
        in result.stderr.splitlines()
    )
    assert "→ 4 × the local average wage (rows 6, 7, 8, 9, 10, 11, 15, 16 …)" in result.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 24  # header + 23 rows: no section, note or signature line
    assert lines[2].split(",")[1:6] == [
        "2-02-09",
        "电子工程技术人员",
        "2-02-09-02",
        "版图设计工程师",
        "集成电路",
    ]


def test_diff_of_the_government_layout_and_its_flat_copy_is_empty(
    tmp_path: Path, run_cli: RunCli, gov_draft: Path
) -> None:
    flat = tmp_path / "flat.yaml"
    assert run_cli("convert", gov_draft, flat).returncode == 0
    result = run_cli("diff", gov_draft, flat, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["removed"], data["changed"]) == ([], [], [])


def test_annotate_marks_the_findings_of_the_government_layout(
    tmp_path: Path, run_cli: RunCli, gov_draft: Path
) -> None:
    import openpyxl

    out = tmp_path / "marked.xlsx"
    result = run_cli("validate", gov_draft, "--annotate", out, "--format", "json")
    assert result.returncode == 1
    ws = openpyxl.load_workbook(out)["目录"]
    assert ws["K13"].comment is not None and "CT310" in ws["K13"].comment.text
    assert ws["A31"].comment is None  # the notes under the table are not data


def _post(seq: int, position: str) -> list[object]:
    return [seq, "2-02-10", "信息和通信工程技术人员", "", position, "", "本科", "2", "熟悉软件开发"]


def test_numbering_may_restart_under_each_section(tmp_path: Path, run_cli: RunCli) -> None:
    rows = [
        HEADER,
        ["一、软件"],
        _post(1, "甲"),
        _post(2, "乙"),
        ["二、通信"],
        _post(1, "丙"),
        _post(2, "丁"),
    ]
    result = run_cli("validate", save_xlsx(tmp_path / "restart.xlsx", *rows), "--format", "json")
    assert _findings(result.stdout) == [("CT111", "info", 2, "A"), ("CT111", "info", 5, "A")]
    assert result.returncode == 0


def test_numbers_repeated_without_a_restart_are_still_duplicates(tmp_path: Path, run_cli: RunCli) -> None:
    rows = [
        HEADER,
        ["一、软件"],
        _post(1, "甲"),
        _post(2, "乙"),
        ["二、通信"],
        _post(2, "丙"),
        _post(3, "丁"),
    ]
    result = run_cli("validate", save_xlsx(tmp_path / "dup.xlsx", *rows), "--format", "json")
    assert ("CT402", "warning", 6, "A") in _findings(result.stdout)
