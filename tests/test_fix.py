"""``catalogtool fix``: repairs in a copy, per rule and per format, nothing else touched.

The drafts below hold one repairable problem per row (header in row/line 1, data from 2):

    row 2  CT206 safe    the code typed as 2-02-10 and stored by Excel as the date 2002-02-10 (xlsx only)
    row 3  CT208 safe    ２－０２－３８ (full-width) and an occupation list 2—02—38—01、2-2-38-3
    row 4  CT203 unsafe  2-02-10 named 软件工程技术人员
    row 5  CT202 unsafe  the occupation code 2-02-38-03 in the subcategory column
    row 6  CT208 safe    "2-02-38 数字技术工程技术人员" from the template's drop-down, name blank
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tests.cli_inproc import cli

HEADER = [
    "序号",
    "小类代码",
    "小类名称",
    "相关职业代码",
    "岗位名称",
    "产业领域",
    "学历要求",
    "工作经历",
    "专业技能",
]
SKILL = "熟悉相关领域前沿技术"
ROWS: list[list[object]] = [
    [
        1,
        dt.datetime(2002, 2, 10),
        "信息和通信工程技术人员",
        "",
        "通信工程师",
        "软件和信息服务",
        "学士",
        "3",
        SKILL,
    ],
    [
        2,
        "２－０２－３８",
        "数字技术工程技术人员",
        "2—02—38—01、2-2-38-3",
        "算法工程师",
        "人工智能",
        "硕士",
        "3",
        SKILL,
    ],
    [3, "2-02-10", "软件工程技术人员", "", "软件架构师", "软件和信息服务", "学士", "3", SKILL],
    [4, "2-02-38-03", "数字技术工程技术人员", "", "数据工程师", "人工智能", "学士", "3", SKILL],
    [5, "2-02-38 数字技术工程技术人员", "", "", "机器人工程师", "人工智能", "硕士", "3", SKILL],
]
SAFE = {
    "B2": "2-02-10",
    "B3": "2-02-38",
    "D3": "2-02-38-01；2-02-38-03",
    "B6": "2-02-38",
    "C6": "数字技术工程技术人员",
}
UNSAFE = {
    "C4": "信息和通信工程技术人员",
    "B5": "2-02-38",
    "D5": "2-02-38-03",
}


def draft_xlsx(path: Path) -> Path:
    """The draft as an HR office would have it: styled header, widths, a drop-down, a notes sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "目录"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws["B2"].number_format = "yyyy-mm-dd"
    for cell in ws[1]:
        cell.font = Font(name="黑体", bold=True)
        cell.fill = PatternFill("solid", fgColor="FFDDEEFF")
    ws.column_dimensions["E"].width = 31
    ws["I3"].font = Font(name="宋体", italic=True, color="FF990000")
    choice = DataValidation(type="list", formula1='"博士,硕士,学士"', allow_blank=True)
    choice.add("G2:G100")
    ws.add_data_validation(choice)
    notes = wb.create_sheet("编制说明")
    notes["A1"] = "本表由省人社厅外国专家处编制"
    wb.save(path)
    return path


def style(cell: object) -> tuple[str, str, str, str]:
    """What a cell looks like: font, fill, border and number format (compared by value across workbooks)."""
    return (repr(cell.font), repr(cell.fill), repr(cell.border), cell.number_format)  # type: ignore[attr-defined]


def cells(path: Path, sheet: str = "目录") -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row}


def test_safe_fixes_in_a_copy_of_the_workbook(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    before = draft.read_bytes()
    result = cli("fix", draft)
    assert result.code == 1, result.stderr  # the unsafe problems remain
    assert draft.read_bytes() == before  # the input is never modified
    fixed = tmp_path / "draft.fixed.xlsx"
    old, new = cells(draft), cells(fixed)
    changed = {k for k in new if new[k] != old.get(k)}
    assert changed == set(SAFE)
    assert {k: new[k] for k in changed} == SAFE
    assert '目录!B2: "2002-02-10" → "2-02-10" (CT206)' in result.stdout
    assert '目录!C6: (empty) → "数字技术工程技术人员" (CT208)' in result.stdout
    assert "2 repair(s) a person should confirm were not applied (add --unsafe-fixes)" in result.stdout
    assert f"{fixed}" in result.stdout.split("What remains:")[1]  # what remains is the copy's
    assert "CT203" in result.stdout and "CT202" in result.stdout  # what remains is reported


def test_the_users_formatting_and_other_sheets_are_kept(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    cli("fix", draft, "--unsafe-fixes")
    src, out = openpyxl.load_workbook(draft), openpyxl.load_workbook(tmp_path / "draft.fixed.xlsx")
    assert out.sheetnames == ["目录", "编制说明"]
    assert out["编制说明"]["A1"].value == "本表由省人社厅外国专家处编制"
    a, b = src["目录"], out["目录"]
    for coordinate in ("A1", "E1", "I1", "I3", "E4"):
        assert style(b[coordinate]) == style(a[coordinate])
    assert b.column_dimensions["E"].width == 31
    validations = [(str(dv.sqref), dv.formula1) for dv in b.data_validations.dataValidation]
    assert validations == [("G2:G100", '"博士,硕士,学士"')]
    # a repaired code cell is Text, so Excel cannot turn it into a date again
    assert (b["B2"].value, b["B2"].data_type, b["B2"].number_format) == ("2-02-10", "s", "@")


def test_unsafe_fixes_and_then_nothing_remains(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    result = cli("fix", draft, "--unsafe-fixes")
    assert result.code == 0, result.stdout
    new = cells(tmp_path / "draft.fixed.xlsx")
    assert {k: new[k] for k in {**SAFE, **UNSAFE}} == {**SAFE, **UNSAFE}
    assert '目录!C4: "软件工程技术人员" → "信息和通信工程技术人员" (CT203) (unsafe)' in result.stdout
    assert "Nothing remains to be fixed." in result.stdout
    # idempotent: fixing the fixed copy changes nothing and writes nothing
    again = cli("fix", tmp_path / "draft.fixed.xlsx", "--unsafe-fixes")
    assert again.code == 0
    assert "nothing to repair; no file written" in again.stdout
    assert not (tmp_path / "draft.fixed.fixed.xlsx").exists()


def test_only_the_rules_asked_for(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    cli("fix", draft, "--unsafe-fixes", "--rule", "CT203", "--rule", "code-from-excel-date")
    new, old = cells(tmp_path / "draft.fixed.xlsx"), cells(draft)
    assert {k for k in new if new[k] != old.get(k)} == {"C4", "B2"}


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    result = cli("fix", draft, "--diff")
    assert result.code == 1
    assert not (tmp_path / "draft.fixed.xlsx").exists()
    assert sorted(tmp_path.iterdir()) == [draft]
    lines = [line for line in result.stdout.splitlines() if line.startswith("目录!")]
    assert [line.split(":")[0] for line in lines] == ["目录!B2", "目录!B3", "目录!D3", "目录!B6", "目录!C6"]
    assert "5 change(s) would be made (nothing written)" in result.stdout


def test_in_place_keeps_a_backup(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    before = draft.read_bytes()
    assert cli("fix", draft, "--in-place", "--unsafe-fixes").code == 0
    assert (tmp_path / "draft.bak.xlsx").read_bytes() == before
    assert cells(draft)["C4"] == "信息和通信工程技术人员"


def test_an_existing_copy_is_not_replaced_without_force(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    out = tmp_path / "draft.fixed.xlsx"
    out.write_bytes(b"mine")
    result = cli("fix", draft)
    assert result.code == 2 and "exists; add --force" in result.stderr
    assert out.read_bytes() == b"mine"
    assert cli("fix", draft, "--force").code == 1
    assert cells(out)["B2"] == "2-02-10"
    assert cli("fix", draft, "--out", draft).code == 2  # never the input without --in-place


CSV_ROWS = [
    ["1", "2-02-10", "信息和通信工程技术人员", "", "通信工程师", "软件和信息服务", "学士", "3", SKILL],
    *[[str(v) for v in row] for row in ROWS[1:]],
]


@pytest.mark.parametrize(
    ("encoding", "newline"), [("utf-8-sig", "\r\n"), ("gb18030", "\n"), ("utf-8", "\r\n")]
)
def test_csv_keeps_its_encoding_delimiter_and_untouched_lines(
    tmp_path: Path, encoding: str, newline: str
) -> None:
    lines = [";".join(HEADER), *(";".join(f'"{v}"' if "、" in v else v for v in row) for row in CSV_ROWS)]
    draft = tmp_path / "draft.csv"
    draft.write_bytes((newline.join(lines) + newline).encode(encoding))
    result = cli("fix", draft, "--unsafe-fixes")
    assert result.code == 0, result.stdout + result.stderr
    out = (tmp_path / "draft.fixed.csv").read_bytes().decode(encoding)
    got = out.split(newline)
    assert got[0] == lines[0] and got[1] == lines[1]  # untouched lines byte for byte
    assert (
        got[2] == f"2;2-02-38;数字技术工程技术人员;2-02-38-01；2-02-38-03;算法工程师;人工智能;硕士;3;{SKILL}"
    )
    assert got[3] == f"3;2-02-10;信息和通信工程技术人员;;软件架构师;软件和信息服务;学士;3;{SKILL}"
    assert got[4] == f"4;2-02-38;数字技术工程技术人员;2-02-38-03;数据工程师;人工智能;学士;3;{SKILL}"
    assert got[5] == f"5;2-02-38;数字技术工程技术人员;;机器人工程师;人工智能;硕士;3;{SKILL}"
    assert out.endswith(newline)
    assert (tmp_path / "draft.fixed.csv").read_bytes().startswith(b"\xef\xbb\xbf") == (
        encoding == "utf-8-sig"
    )


YAML = """\
# 江苏省目录草稿（测试）
title: 测试目录
rows:
  # 第一行：全角代码
  - {seq: 1, subcategory_code: "２－０２－３８", subcategory_name: 数字技术工程技术人员, position: 算法工程师, industry: 人工智能, education: 硕士, experience_years: 3, skills: 熟悉}
  - seq: 2
    小类代码: "2-02-10"   # a header spelling as the key
    subcategory_name: 软件工程技术人员
    position: 软件架构师
    industry: 软件和信息服务
    education: 学士
    experience_years: 3
    skills: 熟悉
"""


def test_yaml_keeps_comments_order_and_keys(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(YAML, "utf-8")
    result = cli("fix", draft, "--unsafe-fixes")
    assert result.code == 0, result.stdout
    assert 'line 5 subcategory_code: "２－０２－３８" → "2-02-38" (CT208)' in result.stdout
    out = (tmp_path / "draft.fixed.yaml").read_text("utf-8")
    assert out == YAML.replace('"２－０２－３８"', '"2-02-38"').replace(
        "subcategory_name: 软件工程技术人员", "subcategory_name: 信息和通信工程技术人员"
    )


def test_json_report_and_sarif_carry_the_fix(tmp_path: Path) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    report = json.loads(cli("validate", draft, "--format", "json").stdout)
    by_cell = {(f["rule"], f["cell"]): f.get("fix") for f in report["findings"]}
    assert by_cell[("CT206", "B2")] == {
        "safe": True,
        "value": "2-02-10",
        "edits": [{"field": "subcategory_code", "row": 2, "column": "B", "cell": "B2", "value": "2-02-10"}],
    }
    assert by_cell[("CT203", "C4")] == {
        "safe": False,
        "value": "信息和通信工程技术人员",
        "edits": [
            {
                "field": "subcategory_name",
                "row": 4,
                "column": "C",
                "cell": "C4",
                "value": "信息和通信工程技术人员",
            }
        ],
    }
    moved = by_cell[("CT202", "B5")]
    assert moved is not None and [e["cell"] for e in moved["edits"]] == ["B5", "C5", "D5"]
    assert all("fix" not in f for f in report["findings"] if f["rule"] in ("CT106", "CT301"))
    sarif = json.loads(cli("validate", draft, "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    date = next(r for r in results if r["ruleId"] == "CT206")
    change = date["fixes"][0]["artifactChanges"][0]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 2, "startColumn": 2, "endColumn": 3},
            "insertedContent": {"text": "2-02-10"},
        }
    ]
    assert all("fixes" not in r for r in results if r["ruleId"] == "CT106")


def test_the_template_code_drop_down_reads_as_code_and_name(tmp_path: Path) -> None:
    """A row filled from the template's "code name" drop-down, the name column left blank, is valid; fix
    splits the cell."""
    draft = tmp_path / "draft.csv"
    draft.write_text(
        ",".join(HEADER) + "\n" + f"1,2-02-38 数字技术工程技术人员,,,机器人工程师,人工智能,硕士,3,{SKILL}\n",
        "utf-8",
    )
    report = json.loads(cli("validate", draft, "--format", "json").stdout)
    assert report["valid"] is True
    assert [(f["rule"], f["cell"]) for f in report["findings"]] == [("CT106", None), ("CT208", "B2")]
    assert cli("fix", draft).code == 0
    assert (
        (tmp_path / "draft.fixed.csv")
        .read_text("utf-8")
        .splitlines()[1]
        .startswith("1,2-02-38,数字技术工程技术人员,,")
    )


def test_rules_and_explain_say_what_can_be_fixed() -> None:
    listing = cli("rules").stdout
    line = next(line for line in listing.splitlines() if line.startswith("CT206"))
    assert " safe " in line
    line = next(line for line in listing.splitlines() if line.startswith("CT203"))
    assert " unsafe " in line
    assert (
        "Autofix (catalogtool fix): Write the official name of the code (check the code first). Unsafe: "
        in (cli("explain", "CT203").stdout)
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.xlsx"], "no such file"),
        (["{draft}", "--in-place", "--out", "x.xlsx"], "--in-place and --out do not go together"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    draft = draft_xlsx(tmp_path / "draft.xlsx")
    result = cli("fix", *(a.format(draft=draft) for a in args))
    assert result.code == 2 and message in result.stderr


def test_json_input_is_refused_with_a_clear_line(tmp_path: Path) -> None:
    draft = tmp_path / "draft.json"
    draft.write_text('{"rows": []}', "utf-8")
    result = cli("fix", draft)
    assert result.code == 2
    assert "fix repairs .xlsx, .csv and .yaml files" in result.stderr


def test_a_renumbered_occupation_code_is_replaced_in_its_list(tmp_path: Path) -> None:
    draft = tmp_path / "draft.csv"
    row = f"1,2-02-32,制药工程技术人员,2-02-32-00、2-02-32-02,工艺工程师,生物医药,硕士,3,{SKILL}"
    draft.write_text(",".join(HEADER) + "\n" + row + "\n", "utf-8")
    report = json.loads(cli("validate", draft, "--format", "json").stdout)
    renumbered = next(f for f in report["findings"] if f["rule"] == "CT212")
    assert renumbered["fix"]["safe"] is False
    assert renumbered["fix"]["value"] == "2-02-32-01；2-02-32-02"
    assert cli("fix", draft).code == 0  # unsafe: nothing written without --unsafe-fixes
    assert not (tmp_path / "draft.fixed.csv").exists()
    assert cli("fix", draft, "--unsafe-fixes").code == 0
    line = (tmp_path / "draft.fixed.csv").read_text("utf-8").splitlines()[1]
    assert line == f"1,2-02-32,制药工程技术人员,2-02-32-01；2-02-32-02,工艺工程师,生物医药,硕士,3,{SKILL}"
