"""``catalogtool compare``: three provinces built by ``new`` and filled here, and filing packages.

The catalogs (national baseline: bachelor's, 2 years, age ≤ 60):

    JS (average wage 120,000; 2026-07-01, 4 years)
      1 2-02-38 芯片设计工程师  master    3 yrs  4×  (= 480,000)  ≤60   above
      2 2-02-38 算法工程师      doctorate 2 yrs  —               ≤60   above
      3 2-02-10 网络工程师      bachelor  2 yrs  300,000         ≤55   above (lower age limit)
      4 2-08-01 大学教师        doctorate 1 yr   —               ≤65   below
    ZJ (no average wage; 2022-01-01, 3 years: lapsed on 2026-11-29)
      1 2-02-38 芯片设计工程师  bachelor  2 yrs  400,000         ≤60   at
      2 2-02-10 网络工程师      master    3 yrs  —               ≤60   above
      3 2-06-07 国际注册经理    bachelor  2 yrs  —               ≤60   at
    SH (no average wage; 2026-01-01, 5 years)
      1 2-02-38 芯片设计工程师  master    5 yrs  5×  (no wage)   ≤55   above
      2 2-06-07 国际注册经理    bachelor  2 yrs  —               —     at

Subcategories: 2-02-38 all three; 2-02-10 JS+ZJ and 2-06-07 ZJ+SH (some); 2-08-01 JS only.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx_checks import assert_clean
from typer.testing import CliRunner

from catalogtool.cli import app
from catalogtool.compare import Post, Salary, salary_order, salary_threshold, standing
from catalogtool.errors import CatalogToolError

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"

ROW = (
    "  - {{seq: {seq}, subcategory_code: '{code}', subcategory_name: {name}, position: {pos}, industry: 集成电路, "
    "education: {edu}, experience_years: {years}, skills: 熟悉本领域关键技术{extra}}}\n"
)
NAMES = {
    "2-02-38": "数字技术工程技术人员",
    "2-02-10": "信息和通信工程技术人员",
    "2-08-01": "高等学校教师",
    "2-06-07": "商务专业人员",
}
CATALOGS = {
    "JS": [
        ("2-02-38", "芯片设计工程师", "硕士及以上", "3年以上", ", salary: 4倍, age_max: 60周岁以下"),
        ("2-02-38", "算法工程师", "博士", "2年以上", ", age_max: 60周岁以下"),
        ("2-02-10", "网络工程师", "学士及以上", "2年以上", ", salary: 30万元/年, age_max: 55周岁以下"),
        ("2-08-01", "大学教师", "博士", "1年以上", ", age_max: 65周岁以下, notes: 高校急需"),
    ],
    "ZJ": [
        ("2-02-38", "芯片设计工程师", "学士及以上", "2年以上", ", salary: 40万元/年, age_max: 60周岁以下"),
        ("2-02-10", "网络工程师", "硕士及以上", "3年以上", ", age_max: 60周岁以下"),
        ("2-06-07", "国际注册经理", "学士及以上", "2年以上", ", age_max: 60周岁以下"),
    ],
    "SH": [
        ("2-02-38", "芯片设计工程师", "硕士及以上", "5年以上", ", salary: 5倍, age_max: 55周岁以下"),
        ("2-06-07", "国际注册经理", "学士及以上", "2年以上", ""),
    ],
}
META = {
    "JS": ("2026-07-01", 4, "local_average_wage: 120000\n"),
    "ZJ": ("2022-01-01", 3, ""),
    "SH": ("2026-01-01", 5, ""),
}
STANDARDS = {
    "JS": [
        ("talent_programme", "入选省级以上人才计划的外籍人才"),
        ("market_encouraged_post", "在本省重点产业企业任职，年薪不低于本省上年度社会平均工资6倍的外籍人才"),
        ("innovation_entrepreneurship", "创办企业且实际投资不低于100万美元的外籍创业人才"),
    ],
    "ZJ": [
        ("talent_programme", "入选国家级人才计划的外籍人才"),
        ("market_encouraged_post", "年薪不低于80万元的外籍高级管理人才"),
    ],
    "SH": [("department_recommended", "经市级以上部门推荐的急需紧缺外籍人才")],
}

runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    """Run the CLI in process; a user error ends as `catalogtool.cli.main` ends it (one line, exit 2)."""
    result = runner.invoke(app, list(args))
    if isinstance(result.exception, CatalogToolError):
        return result.exception.exit_code, result.stdout, result.stderr + result.exception.message("en")
    return result.exit_code, result.stdout, result.stderr


def fill(ws: Path, abbr: str) -> None:
    """Fill a province that `new` created: its catalog rows, dates, average wage and Category A standards."""
    folder = ws / "provinces" / abbr
    (folder / "catalog.xlsx").unlink(missing_ok=True)
    rows = "".join(
        ROW.format(seq=i, code=code, name=NAMES[code], pos=pos, edu=edu, years=years, extra=extra)
        for i, (code, pos, edu, years, extra) in enumerate(CATALOGS[abbr], start=1)
    )
    (folder / "catalog.yaml").write_text("rows:\n" + rows, "utf-8")
    province = (folder / "province.yaml").read_text("utf-8")
    effective, years, extra = META[abbr]
    lines = [
        f"effective_date: {effective}\n"
        if line.startswith("effective_date:")
        else f"validity_years: {years}\n"
        if line.startswith("validity_years:")
        else line
        for line in province.splitlines(keepends=True)
    ]
    (folder / "province.yaml").write_text("".join(lines) + extra, "utf-8")
    standards = "".join(
        f"  - {{id: {abbr}-A-{i:02d}, block: {block}, text: {text}, evidence: [证明材料]}}\n"
        for i, (block, text) in enumerate(STANDARDS[abbr], start=1)
    )
    (folder / "high-end-standards.yaml").write_text("standards:\n" + standards, "utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace holding JS, ZJ and SH, each created by `catalogtool new` and filled."""
    root = tmp_path / "ws"
    for abbr in CATALOGS:
        code, _, err = cli("new", "--province", abbr, "--workspace", str(root), "--edition", "2026")
        assert code == 0, err
        fill(root, abbr)
    return root


def compare_json(ws: Path, *args: str) -> dict:
    code, out, err = cli("compare", "--workspace", str(ws), "--today", TODAY, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_three_provinces_summary_and_validity(ws: Path) -> None:
    data = compare_json(ws, "JS", "ZJ", "SH")
    assert [p["key"] for p in data["provinces"]] == ["JS", "ZJ", "SH"]
    assert data["summary"] == {
        "subcategories": 4,
        "shared_by_all": 1,
        "shared_by_some": 2,
        "only": {"JS": 1, "ZJ": 0, "SH": 0},
        "baseline": {
            "JS": {"rows": 4, "below": 1, "at": 0, "above": 3},
            "ZJ": {"rows": 3, "below": 0, "at": 2, "above": 1},
            "SH": {"rows": 2, "below": 0, "at": 1, "above": 1},
        },
    }
    assert data["validity"] == {
        "JS": {"effective": "2026-07-01", "expires": "2030-06-30", "lapsed": False},
        "ZJ": {"effective": "2022-01-01", "expires": "2024-12-31", "lapsed": True},
        "SH": {"effective": "2026-01-01", "expires": "2030-12-31", "lapsed": False},
    }
    assert [s["code"] for s in data["subcategories"]] == ["2-02-10", "2-02-38", "2-06-07", "2-08-01"]


def test_requirements_loosest_and_strictest_per_province(ws: Path) -> None:
    data = compare_json(ws, "JS", "ZJ", "SH")
    chips = next(s for s in data["subcategories"] if s["code"] == "2-02-38")
    assert chips["name"] == "数字技术工程技术人员"
    js, zj, sh = (chips["provinces"][k] for k in ("JS", "ZJ", "SH"))
    assert (js["rows"], js["positions"]) == (2, ["芯片设计工程师", "算法工程师"])
    assert (js["education_min"], js["education_max"]) == ("master", "doctorate")
    assert (js["years_min"], js["years_max"]) == (2, 3)
    # 4 × 120,000; the doctorate post states no salary (no requirement)
    assert js["salary"] == {
        "multiple": [4, 4],
        "annual_yuan": None,
        "yuan": [480000, 480000],
        "unstated": 1,
        "comparable": True,
    }
    assert (js["age_max"], js["age_max_strictest"], js["age_unlimited"]) == (60, 60, 0)
    assert zj["salary"]["annual_yuan"] == [400000, 400000]
    assert (zj["education_min"], zj["years_min"], zj["age_max"]) == ("bachelor", 2, 60)
    # SH states a multiple and gives no average wage: it cannot be put in yuan
    assert sh["salary"]["yuan"] is None and sh["salary"]["multiple"] == [5, 5]
    assert chips["salary_basis"] is None
    assert (sh["education_min"], sh["years_min"], sh["age_max"]) == ("master", 5, 55)
    assert sh["baseline"] == {"below": 0, "at": 0, "above": 1}
    teachers = next(s for s in data["subcategories"] if s["code"] == "2-08-01")
    assert list(teachers["provinces"]) == ["JS"]
    assert teachers["provinces"]["JS"]["age_max"] == 65
    assert teachers["provinces"]["JS"]["baseline"] == {"below": 1, "at": 0, "above": 0}
    managers = next(s for s in data["subcategories"] if s["code"] == "2-06-07")
    assert managers["salary_basis"] == "none"
    assert managers["provinces"]["SH"]["age_max"] is None  # no age limit stated
    assert managers["provinces"]["SH"]["age_unlimited"] == 1


def test_category_a_standards_aligned_by_block(ws: Path) -> None:
    data = compare_json(ws, "JS", "ZJ", "SH")
    blocks = {b["block"]: b for b in data["standards"]}
    assert list(blocks) == [
        "talent_programme",
        "market_encouraged_post",
        "innovation_entrepreneurship",
        "department_recommended",
    ]
    market = blocks["market_encouraged_post"]
    assert market["label_zh"] == "市场鼓励类岗位"
    assert market["provinces"]["JS"][0]["salary_multiple"] == 6
    assert market["provinces"]["ZJ"][0]["salary_annual_yuan"] == 800000
    assert market["provinces"]["SH"] == []
    # an investment is not a salary threshold
    assert blocks["innovation_entrepreneurship"]["provinces"]["JS"][0]["salary_annual_yuan"] is None


def test_mutual_recognition(ws: Path) -> None:
    data = compare_json(ws, "JS", "ZJ", "SH", "--recognise", "JS:ZJ", "--recognise", "SH:ZJ")
    js_zj, sh_zj = data["recognition"]
    assert (js_zj["from"], js_zj["to"]) == ("JS", "ZJ")
    # JS 1 (master, 3 yrs, 480,000, ≤60) meets ZJ 1 (bachelor, 2 yrs, 400,000, ≤60)
    assert js_zj["candidates"] == [
        {
            "seq": 1,
            "subcategory_code": "2-02-38",
            "position": "芯片设计工程师",
            "against": {"seq": 1, "subcategory_code": "2-02-38", "position": "芯片设计工程师"},
        }
    ]
    others = {o["seq"]: o for o in js_zj["not_recognisable"]}
    assert [d["field"] for d in others[2]["differences"]] == ["salary"]  # JS 2 states no salary
    assert [d["field"] for d in others[3]["differences"]] == ["education", "experience_years"]
    assert others[3]["differences"][0]["against"]["position"] == "网络工程师"
    assert others[4]["reason"] == "not_listed" and others[4]["differences"] == []
    # SH states 5× with no average wage, ZJ an amount: not comparable, so not a candidate
    sh = {o["seq"]: o for o in sh_zj["not_recognisable"]}
    assert sh_zj["candidates"] == []
    assert sh[1]["differences"] == [
        {
            "field": "salary",
            "comparable": False,
            "against": {"seq": 1, "subcategory_code": "2-02-38", "position": "芯片设计工程师"},
        }
    ]
    assert [d["field"] for d in sh[2]["differences"]] == ["age_max"]  # SH sets no age limit


def test_text_report_in_chinese(ws: Path) -> None:
    code, out, _ = cli(
        "compare", "-w", str(ws), "JS", "ZJ", "--today", TODAY, "--lang", "zh", "--recognise", "JS:ZJ"
    )
    assert code == 0
    assert "  共同列入的小类（全部省份）：2" in out
    assert "  仅JS列入的小类：1" in out
    assert "  JS 岗位与国家基准相比：共4个：低于1（25%）、持平0（0%）、高于3（75%）" in out
    assert "  国家基准（B类） — 学历：学士及以上；工作经历：2年；薪酬：—；年龄：≤60周岁" in out
    assert (
        "  2-02-38 数字技术工程技术人员 JS — 岗位数：2；学历：硕士–博士；工作经历：2–3年；"
        "薪酬：社平工资4倍（1个岗位未作规定）；年龄：≤60周岁；对照基准（岗位数）：低于0、持平0、高于2"
    ) in out
    assert "2026-11-29 状态：已失效" in out
    assert "JS的4个岗位中，1个的各项要求均不低于ZJ同一小类的某一岗位，可作为互认候选" in out
    assert "依据：学历：JS 学士，ZJ 硕士；工作经历：JS 2年，ZJ 3年" in out


def test_salaries_that_cannot_be_compared_are_said_so(ws: Path) -> None:
    code, out, _ = cli("compare", "-w", str(ws), "JS", "ZJ", "SH", "--today", TODAY, "--lang", "en")
    assert code == 0
    assert (
        "salaries cannot be compared: some provinces state a multiple, others an amount, and SH gives no average wage"
        in out
    )


def test_xlsx_has_a_printable_sheet_per_view(ws: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "compare.xlsx"
    code, _, err = cli(
        "compare", "-w", str(ws), "JS", "ZJ", "SH", "--today", TODAY, "--lang", "zh",
        "--format", "xlsx", "--out", str(out), "--recognise", "JS:ZJ",
    )  # fmt: skip
    assert code == 0, err
    wb = load_workbook(out)
    assert wb.sheetnames == ["概况", "有效期", "小类对比", "技能与证书", "A类标准", "互认 JS→ZJ"]
    sheet = wb["小类对比"]
    assert sheet["A1"].value == "按职业小类对比"
    assert [c.value for c in sheet[3]] == [
        "小类代码", "小类名称", "省份", "岗位数", "学历", "工作经历", "薪酬", "年龄", "对照基准（岗位数）",
    ]  # fmt: skip
    assert [c.value for c in sheet[4]][1] == "国家基准（B类）"
    assert [c.value for c in sheet[5]][:4] == ["2-02-10", "信息和通信工程技术人员", "JS", "1"]
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$3:$3"
    again = tmp_path / "again.xlsx"
    cli("compare", "-w", str(ws), "JS", "ZJ", "SH", "--today", TODAY, "--lang", "zh",
        "--format", "xlsx", "--out", str(again), "--recognise", "JS:ZJ")  # fmt: skip
    assert again.read_bytes() == out.read_bytes()  # same inputs, same bytes


def test_docx_report_for_a_meeting(ws: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "compare.docx"
    code, _, err = cli("compare", "-w", str(ws), "JS", "ZJ", "SH", "--today", TODAY, "--lang", "zh",
                       "--format", "docx", "--out", str(out))  # fmt: skip
    assert code == 0, err
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "外国人来华工作指导目录比较报告" in text
    assert (
        "本次比较3个省份（JS、ZJ、SH）的外国人来华工作指导目录，共涉及职业小类4个：全部省份共同列入1个，"
        "部分省份列入2个，仅JS列入1个。"
    ) in text
    assert (
        "浙江省（ZJ）目录共3个岗位，与国家B类基准相比，持平的2个、高于基准的1个；有效期2022-01-01至2024-12-31，比较日已失效。"
        in text
    )
    assert "0个" not in text  # a count of 0 is left out
    assert len(doc.tables) == 4  # validity, subcategories, skills and certificates, Category A
    assert doc.sections[-1].orientation == 1  # landscape for the tables
    props = assert_clean(out)
    assert "creator" not in props and "lastModifiedBy" not in props  # no authority issues a comparison
    assert props["title"] == "外国人来华工作指导目录比较报告"
    assert props["subject"] == "江苏省、浙江省、上海市外国人来华工作指导目录"
    assert props["created"] == props["modified"] == f"{TODAY}T00:00:00Z"


def test_package_as_input(ws: Path, tmp_path: Path) -> None:
    """A package received from a province is verified, then compared exactly like its workspace."""
    sample = tmp_path / "sample"
    shutil.copytree(REPO / "samples" / "JS", sample)
    code, _, err = cli("package", "-w", str(sample), "--province", "JS", "--today", TODAY)
    assert code == 0, err
    zip_path = sample / "dist" / "JS-2026.zip"
    received = tmp_path / "inbox" / "JS-2026 (1).zip"  # renamed by the mail client
    received.parent.mkdir()
    shutil.copy(zip_path, received)
    from_package = compare_json(ws, "ZJ", "--package", str(received))
    js_side = {
        s["code"]: s["provinces"]["JS"] for s in from_package["subcategories"] if "JS" in s["provinces"]
    }
    assert len(js_side) == 20 and sum(s["rows"] for s in js_side.values()) == 39
    assert js_side["2-02-38"]["education_min"] == "master"
    assert js_side["2-02-38"]["salary"]["yuan"] == [472000, 472000]  # 4 × the sample's 118,000
    assert from_package["provinces"][1]["source"] == str(received)


def test_same_province_twice_is_told_apart_by_edition(tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(REPO / "samples" / "JS", sample)
    cli("package", "-w", str(sample), "--province", "JS", "--today", TODAY)
    code, _out, err = cli("compare", "-w", str(sample), "JS", "--package", str(sample / "dist" / "JS-2026.zip"),
                         "--today", TODAY, "--format", "json")  # fmt: skip
    assert code == 2
    assert "the same catalog is given twice" in err


def test_tampered_package_is_refused(ws: Path, tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(REPO / "samples" / "JS", sample)
    cli("package", "-w", str(sample), "--province", "JS", "--today", TODAY)
    good = sample / "dist" / "JS-2026.zip"
    bad = tmp_path / "JS-2026.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("catalog-data.json"):
                data = data.replace("芯片设计工程师".encode(), "芯片设计助理".encode())
            dst.writestr(info, data)
    code, out, err = cli("compare", "-w", str(ws), "ZJ", "--package", str(bad), "--today", TODAY)
    assert code == 2
    assert out == ""
    assert "fails the package check, refused" in err
    assert "catalog-data.json" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["JS"], "compare needs at least two catalogs"),
        (["JS", "ZJ", "--recognise", "JS-ZJ"], "--recognise 'JS-ZJ': write FROM:TO"),
        (
            ["JS", "ZJ", "--recognise", "JS:SH"],
            "--recognise names SH, which is not among the catalogs compared",
        ),
        (["JS", "ZJ", "--format", "xlsx"], "--format xlsx needs --out FILE"),
        (["JS", "ZJ", "--format", "pdf"], "unknown --format 'pdf'"),
        (["JS", "XX"], "XX"),
        (["JS", "--package", "nowhere.zip"], "nowhere.zip: no such package"),
    ],
)
def test_usage_errors(ws: Path, args: list[str], message: str) -> None:
    code, _out, err = cli("compare", "-w", str(ws), "--today", TODAY, "--lang", "en", *args)
    assert code == 2
    assert message in err


def test_an_existing_out_file_needs_force(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    out.write_text("keep me", "utf-8")
    code, _, err = cli(
        "compare", "-w", str(ws), "JS", "ZJ", "--format", "json", "--out", str(out), "--lang", "en"
    )
    assert code == 2 and "exists; add --force" in err
    assert out.read_text("utf-8") == "keep me"
    code, _, _ = cli("compare", "-w", str(ws), "JS", "ZJ", "--format", "json", "--out", str(out), "--force")
    assert code == 0 and json.loads(out.read_text("utf-8"))["summary"]["shared_by_all"] == 2


def test_control_characters_are_shown_not_sent_to_the_terminal(ws: Path) -> None:
    catalog = ws / "provinces" / "ZJ" / "catalog.yaml"
    catalog.write_text(catalog.read_text("utf-8").replace("网络工程师", '"网络\\e[2J工程师"'), "utf-8")
    code, out, _ = cli(
        "compare", "-w", str(ws), "JS", "ZJ", "--today", TODAY, "--lang", "en", "--recognise", "ZJ:JS"
    )
    assert code == 0
    assert "\x1b" not in out
    assert "网络\\x1b[2J工程师" in out


# --- the core, directly ---------------------------------------------------------------------------


def post(
    education: str | None = "bachelor",
    years: float | None = 2,
    age: int | None = 60,
    pay: Salary | None = None,
) -> Post:
    return Post(1, "2-02-38", "数字技术工程技术人员", "岗位", education, years, pay, age)


@pytest.mark.parametrize(
    ("a", "wage_a", "b", "wage_b", "expected"),
    [
        (Salary(multiple=4), 100_000, Salary(annual_yuan=400_000), None, 0),
        (Salary(multiple=4), 100_000, Salary(annual_yuan=500_000), None, -1),
        (Salary(multiple=4), None, Salary(multiple=3), None, 1),  # both multiples: compared as multiples
        (Salary(multiple=4), None, Salary(annual_yuan=300_000), None, None),  # no wage to convert
        (None, None, Salary(annual_yuan=1), None, -1),  # no requirement is the loosest
        (None, None, None, None, 0),
    ],
)
def test_salary_order(
    a: Salary | None, wage_a: float | None, b: Salary | None, wage_b: float | None, expected: int | None
) -> None:
    assert salary_order(a, wage_a, b, wage_b) == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (post(), "at"),
        (post(education="master"), "above"),
        (post(age=55), "above"),
        (post(years=1), "below"),
        (post(education="master", age=65), "below"),  # relaxing any requirement puts it below
        (post(education=None, years=None, age=None), "at"),  # nothing stated relaxes nothing
    ],
)
def test_standing_against_the_baseline(p: Post, expected: str) -> None:
    assert standing(p) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年薪不低于本省上年度社会平均工资6倍的外籍人才", Salary(multiple=6)),
        ("工资性年收入不低于本地区上年度社会平均工资收入4倍", Salary(multiple=4)),
        ("年薪不低于80万元的外籍高级管理人才", Salary(annual_yuan=800_000)),
        ("实际投资不低于100万美元的外籍创业人才", None),
        ("入选省级以上人才计划的外籍人才", None),
    ],
)
def test_salary_threshold_of_a_category_a_criterion(text: str, expected: Salary | None) -> None:
    assert salary_threshold(text) == expected


def test_posts_are_named_by_their_number_or_their_line_or_row(ws: Path) -> None:
    """A post is named by its 序号; a post without one by its place in the draft, in the draft's own
    words: a line of a YAML catalog, a row of a workbook (never a bare number)."""
    zj = ws / "provinces" / "ZJ"
    text = (zj / "catalog.yaml").read_text("utf-8")
    (zj / "catalog.yaml").write_text(re.sub(r"seq: \d+, ", "", text), "utf-8")
    args = ("compare", "-w", str(ws), "JS", "ZJ", "--today", TODAY, "--recognise", "JS:ZJ")
    _, en, _ = cli(*args, "--lang", "en")
    assert "  2-02-38 数字技术工程技术人员 No. 1 芯片设计工程师 — Verdict: recognisable" in en
    assert "Why: at least as strict as ZJ: line 2 芯片设计工程师" in en
    # the reasons are statements: "; " between them in English, "；" in Chinese
    assert "Why: education: JS bachelor's degree, ZJ master's degree; experience: JS 2 yrs, ZJ 3 yrs" in en
    _, zh, _ = cli(*args, "--lang", "zh")
    assert (
        "数字技术工程技术人员 序号 1 芯片设计工程师 — 结论：可互认；依据：不低于ZJ：第 2 行 芯片设计工程师"
        in zh
    )
    code, _, err = cli("convert", str(zj / "catalog.yaml"), str(zj / "catalog.xlsx"))
    assert code == 0, err
    (zj / "catalog.yaml").unlink()  # the workbook has two title rows and the header: row 5 is the first post
    _, en, _ = cli(*args, "--lang", "en")
    assert "Why: at least as strict as ZJ: row 5 芯片设计工程师" in en


def test_skills_and_certificates_are_set_side_by_side(ws: Path) -> None:
    """Free-text requirements have no strictness: each province's distinct wordings per subcategory."""
    zj = ws / "provinces" / "ZJ" / "catalog.yaml"
    text = zj.read_text("utf-8")
    written = "skills: 熟悉芯片架构设计, certificates: 集成电路设计工程师证书, salary: 40万元/年"
    zj.write_text(text.replace("skills: 熟悉本领域关键技术, salary: 40万元/年", written), "utf-8")
    data = compare_json(ws, "JS", "ZJ")
    chips = next(s for s in data["subcategories"] if s["code"] == "2-02-38")["provinces"]
    assert (chips["JS"]["skills"], chips["JS"]["certificates"]) == (["熟悉本领域关键技术"], [])
    assert (chips["ZJ"]["skills"], chips["ZJ"]["certificates"]) == (
        ["熟悉芯片架构设计"],
        ["集成电路设计工程师证书"],
    )
    _, zh, _ = cli("compare", "-w", str(ws), "JS", "ZJ", "--today", TODAY, "--lang", "zh")
    assert "专业技能与职业资格证书对照" in zh
    assert "  2-02-38 数字技术工程技术人员 JS — 专业技能：熟悉本领域关键技术；职业资格证书：未作规定" in zh
    assert (
        "  2-02-38 数字技术工程技术人员 ZJ — 专业技能：熟悉芯片架构设计；职业资格证书：集成电路设计工程师证书"
        in zh
    )
    _, en, _ = cli("compare", "-w", str(ws), "JS", "ZJ", "--today", TODAY, "--lang", "en")
    assert "  2-02-38 数字技术工程技术人员 JS — Skills: 熟悉本领域关键技术; Certificates: not stated" in en
