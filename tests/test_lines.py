"""YAML and JSON drafts are text: findings point at the line of the key (``Location.kind`` ``line``).

Each field-level finding is at the line of its key in its entry, a row-level one (or one about a
missing key) at the entry's first line, cross-row ones at the line of each entry concerned. Column and
cell are null, and every output says "line" (第 N 行) where a workbook says "row" or a cell.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogtool.model import Location
from catalogtool.read import read_sheet
from catalogtool.read.structured import _JsonLines
from tests.cli_inproc import cli

# The line numbers in the comments on the right are what the findings must say.
YAML_DRAFT = """\
# 测试目录（行号定位）
title: 江苏省外国人来华工作指导目录（测试）
rows:
  - seq: 1
    subcategory_code: 2-02-10
    subcategory_name: 信息和通信工程技术人员
    occupation_codes:
      - 2-02-10-01
    position: 通信工程师                                      # 9: first 通信工程师
    industry: 电子信息
    education: 学士
    experience_years: 2
    skills: 熟悉通信协议
    color: 红                                                 # 14: not a catalog field
  # 第二条：代码不存在，学历写法不认
  - seq: 2                                                    # 16: first No. 2
    小类代码: 2-02-45                                          # 17: unknown code (a header spelling as key)
    subcategory_name: 人工智能工程技术人员
    position: 算法工程师
    industry: 人工智能
    education: 博士后                                          # 21: unrecognised education
    experience_years: 3
    skills: 熟悉机器学习
  - {seq: 2, subcategory_code: 2-02-10, subcategory_name: 信息和通信工程技术人员, position: 通信工程师, industry: 电子信息, experience_years: 2, skills: 熟悉}
"""  # line 24: No. 2 again, 通信工程师 again, no education

YAML_FINDINGS = [
    ("CT102", 14, None),
    ("CT201", 17, "subcategory_code"),
    ("CT302", 21, "education"),
    ("CT301", 24, "education"),  # the entry has no such key: its first line
    ("CT401", 24, "position"),
    ("CT402", 24, "seq"),
]

JSON_DRAFT = """\
{
  "title": "江苏省外国人来华工作指导目录（测试）",
  "rows": [
    {
      "seq": 1,
      "subcategory_code": "2-02-10",
      "subcategory_name": "信息和通信工程技术人员",
      "occupation_codes": ["2-02-10-01"],
      "position": "通信工程师",
      "industry": "电子信息",
      "education": "学士",
      "experience_years": 2,
      "skills": "熟悉通信协议"
    },
    {
      "seq": 2,
      "subcategory_code": "2-02-45",
      "subcategory_name": "人工智能工程技术人员",
      "position": "算法工程师",
      "industry": "人工智能",
      "education": "博士后",
      "experience_years": 3,
      "skills": "熟悉机器学习"
    },
    {"seq": 2, "subcategory_code": "2-02-10", "subcategory_name": "信息和通信工程技术人员",
     "position": "通信工程师", "industry": "电子信息", "experience_years": 2, "skills": "熟悉"}
  ]
}
"""

JSON_FINDINGS = [
    ("CT201", 17, "subcategory_code"),
    ("CT302", 21, "education"),
    ("CT301", 25, "education"),  # the third entry starts on line 25 and has no education
    ("CT402", 25, "seq"),
    ("CT401", 26, "position"),  # its position key is on the entry's second line
]


@pytest.fixture
def yaml_draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(YAML_DRAFT, encoding="utf-8")
    return path


@pytest.fixture
def json_draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.json"
    path.write_text(JSON_DRAFT, encoding="utf-8")
    return path


def json_report(path: Path, lang: str = "en") -> dict[str, Any]:
    result = cli("validate", path, "--format", "json", "--lang", lang)
    assert result.code == 1, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def located(report: dict[str, Any]) -> list[tuple[str, int | None, str | None]]:
    return [(f["rule"], f["row"], f["field"]) for f in report["findings"]]


def entry(**changes: str) -> list[tuple[str, str]]:
    """A valid entry's (key, value) pairs, with ``changes`` made."""
    values = {
        "subcategory_code": "2-02-10",
        "subcategory_name": "信息和通信工程技术人员",
        "position": "工程师",
        "industry": "电子信息",
        "education": "学士",
        "experience_years": "2",
        "skills": "熟悉",
    }
    return list((values | changes).items())


def write_entry(path: Path, pairs: list[tuple[str, str]], under_rows: bool = False) -> Path:
    """One entry as a block mapping: line 1 is its first key (line 2 with ``under_rows``)."""
    lead, indent = ("rows:\n  - ", "    ") if under_rows else ("- ", "  ")
    path.write_text(lead + indent.join(f"{k}: {v}\n" for k, v in pairs), encoding="utf-8")
    return path


# ---- exact findings -------------------------------------------------------------------------------


def test_yaml_findings_are_at_the_line_of_their_key(yaml_draft: Path) -> None:
    report = json_report(yaml_draft)
    assert located(report) == YAML_FINDINGS
    assert {(f["column"], f["cell"]) for f in report["findings"]} == {(None, None)}
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert by_rule["CT401"]["message_en"] == "Same subcategory 2-02-10 and position '通信工程师' as line 9"
    assert by_rule["CT401"]["message_zh"] == "与第 9 行的小类 2-02-10 和岗位“通信工程师”重复"
    assert by_rule["CT402"]["message_en"] == "No. 2 is used again (first at line 16)"
    assert by_rule["CT402"]["message_zh"] == "序号 2 重复（首次出现在第 16 行）"
    assert by_rule["CT102"]["message_en"] == "The key 'color' is not a catalog field; it is ignored"
    assert by_rule["CT102"]["message_zh"] == "键“color”不是目录字段，已忽略"


def test_a_key_given_twice_is_named_as_a_key(tmp_path: Path) -> None:
    pairs = entry()
    pairs.insert(2, ("小类代码", "2-02-38"))
    path = write_entry(tmp_path / "twice.yaml", pairs)
    (finding,) = json_report(path)["findings"]
    assert (finding["rule"], finding["row"], finding["field"]) == ("CT108", 3, "subcategory_code")
    assert finding["message_en"] == (
        "The key '小类代码' at line 3 also gives Subcategory code; "
        "the key 'subcategory_code' at line 1 is used"
    )
    assert finding["message_zh"] == (
        "第 3 行的键“小类代码”与第 1 行的键“subcategory_code”都是“小类代码”，"
        "只读取第 1 行的键“subcategory_code”"
    )


def test_the_same_key_twice_is_named_with_both_lines(tmp_path: Path) -> None:
    pairs = entry()
    pairs.append(("education", "博士"))
    path = write_entry(tmp_path / "same.yaml", pairs, under_rows=True)
    (finding,) = json_report(path)["findings"]
    assert (finding["rule"], finding["row"], finding["field"]) == ("CT108", 9, "education")
    assert (
        finding["message_en"]
        == "The key 'education' at line 9 also gives Education; the key 'education' at line 6 is used"
    )
    assert (
        finding["message_zh"]
        == "第 9 行的键“education”与第 6 行的键“education”都是“学历（学位）”，只读取第 6 行的键“education”"
    )


def test_json_findings_are_at_the_line_of_their_key(json_draft: Path) -> None:
    report = json_report(json_draft)
    assert located(report) == JSON_FINDINGS
    assert {(f["column"], f["cell"]) for f in report["findings"]} == {(None, None)}


def test_two_findings_of_one_entry_on_different_keys_have_different_lines(tmp_path: Path) -> None:
    pairs = entry(subcategory_name="不是这个名称", education="博士后", experience_years="两年半左右")
    path = write_entry(tmp_path / "one.yaml", pairs)
    assert located(json_report(path)) == [
        ("CT203", 2, "subcategory_name"),
        ("CT302", 5, "education"),
        ("CT303", 6, "experience_years"),
    ]


def test_a_repair_in_yaml_names_the_line_of_its_key_and_no_column(yaml_draft: Path, tmp_path: Path) -> None:
    path = write_entry(
        tmp_path / "named.yaml", entry(subcategory_name="信息通信工程技术人员"), under_rows=True
    )
    (finding,) = json_report(path)["findings"]
    assert (finding["rule"], finding["row"], finding["field"]) == ("CT203", 3, "subcategory_name")
    assert finding["fix"]["edits"] == [
        {
            "field": "subcategory_name",
            "row": 3,
            "column": None,
            "cell": None,
            "value": "信息和通信工程技术人员",
        }
    ]
    sarif = json.loads(cli("validate", path, "--format", "sarif").stdout)
    (result,) = sarif["runs"][0]["results"]
    assert "fixes" not in result  # a region of whole lines would replace more than the value


def test_reading_keeps_the_line_of_each_key_and_no_column(yaml_draft: Path) -> None:
    sheet = read_sheet(yaml_draft)
    assert sheet.kind == "line"
    first, second, third = sheet.rows
    assert (first.number, second.number, third.number) == (4, 16, 24)
    assert (second.lines or {})["subcategory_code"] == 17  # 小类代码: the header spelling's line
    assert (first.lines or {})["occupation_codes"] == 7  # the key's line, not its list items'
    assert {cell.column for row in sheet.rows for cell in row.cells.values()} == {None}


def test_a_json_document_on_one_line_is_all_at_line_1_and_its_duplicates_still_count(tmp_path: Path) -> None:
    entry = {
        "subcategory_code": "2-02-10",
        "subcategory_name": "信息和通信工程技术人员",
        "position": "通信工程师",
        "industry": "电子信息",
        "education": "学士",
        "experience_years": "2",
        "skills": "熟悉",
    }
    path = tmp_path / "min.json"
    path.write_text(json.dumps([entry, entry], ensure_ascii=False), encoding="utf-8")
    assert located(json_report(path)) == [("CT401", 1, "position")]


def test_a_value_too_long_is_reported_at_its_key(tmp_path: Path) -> None:
    path = write_entry(tmp_path / "long.yaml", entry(skills="熟" * 33_000))
    report = json_report(path)
    assert located(report) == [("CT105", 7, "skills")]
    assert report["findings"][0]["message_en"].startswith("skills has 33,000 characters")


# ---- outputs --------------------------------------------------------------------------------------


def test_text_says_line_in_both_languages(yaml_draft: Path) -> None:
    en = cli("validate", yaml_draft, "--lang", "en").stdout
    assert "Line 17\n  error    CT201 unknown-subcategory  line 17 (Subcategory code)\n" in en
    assert "line 24 (No.)" in en and "line 24 (Position)" in en
    assert not re.search(r"\b[Rr]ow \d", en)
    zh = cli("validate", yaml_draft, "--lang", "zh").stdout
    assert "第 17 行\n  错误   CT201 unknown-subcategory  第 17 行（小类代码）\n" in zh
    assert "第 21 行（学历（学位））" in zh


def test_a_workbook_keeps_its_cells_and_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "目录"
    ws.append(["小类代码", "小类名称", "岗位名称", "产业领域", "学历（学位）", "工作经历", "专业技能"])
    ws.append(["2-02-45", "人工智能工程技术人员", "算法工程师", "人工智能", "学士", "2年", "熟悉"])
    path = tmp_path / "draft.xlsx"
    wb.save(path)
    report = json_report(path)
    assert [(f["rule"], f["row"], f["column"], f["cell"]) for f in report["findings"]] == [
        ("CT201", 2, "A", "A2")
    ]
    text = cli("validate", path, "--lang", "en").stdout
    assert "Row 2\n  error    CT201 unknown-subcategory  目录!A2 (Subcategory code)\n" in text


def test_sarif_gives_the_line_only(yaml_draft: Path) -> None:
    sarif = json.loads(cli("validate", yaml_draft, "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert regions == [{"startLine": line} for _, line, _ in YAML_FINDINGS]
    assert all("logicalLocations" not in r["locations"][0] for r in results)
    assert results[1]["message"]["text"].startswith("line 17: 2-02-45 is not a subcategory")


def test_ci_formats_use_the_line(yaml_draft: Path) -> None:
    github = cli("validate", yaml_draft, "--format", "github").stdout
    assert ",line=17,title=CT201 unknown-subcategory::line 17: 2-02-45 is not" in github
    assert "col=" not in github
    quality = json.loads(cli("validate", yaml_draft, "--format", "codequality").stdout)
    assert [q["location"]["lines"]["begin"] for q in quality] == [line for _, line, _ in YAML_FINDINGS]
    junit = cli("validate", yaml_draft, "--format", "junit").stdout
    assert 'name="line 17 [subcategory_code] CT201 unknown-subcategory"' in junit


def test_diff_says_line_for_yaml_and_row_for_a_workbook(yaml_draft: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "old.xlsx"
    assert cli("convert", yaml_draft, workbook, "--drop-unknown-columns").code == 0
    new = tmp_path / "new.yaml"
    new.write_text(YAML_DRAFT.replace("education: 博士后", "education: 硕士"), encoding="utf-8")
    en = cli("diff", workbook, new, "--lang", "en").stdout.splitlines()
    assert "~ changed  2-02-45 算法工程师 (row 6 → line 16)" in en
    en = cli("diff", yaml_draft, new, "--lang", "en").stdout.splitlines()
    assert "~ changed  2-02-45 算法工程师 (line 16 → 16)" in en
    zh = cli("diff", yaml_draft, new, "--lang", "zh").stdout.splitlines()
    assert "~ 修改  2-02-45 算法工程师（第 16 → 16 行）" in zh
    shorter = tmp_path / "shorter.yaml"
    shorter.write_text(YAML_DRAFT.rsplit("  - {seq: 2", 1)[0], encoding="utf-8")
    en = cli("diff", shorter, yaml_draft, "--lang", "en").stdout.splitlines()
    assert "+ added    2-02-10 通信工程师 (new line 24)" in en
    # Each side in its own file's terms: added rows are placed in the new file, removed ones in the old.
    en = cli("diff", shorter, workbook, "--lang", "en").stdout.splitlines()
    assert "+ added    2-02-10 通信工程师 (new row 7)" in en
    en = cli("diff", workbook, shorter, "--lang", "en").stdout.splitlines()
    assert "- removed  2-02-10 通信工程师 (old row 7)" in en
    en = cli("diff", new, workbook, "--lang", "en").stdout.splitlines()
    assert "~ changed  2-02-45 算法工程师 (line 16 → row 6)" in en


def test_convert_lists_readings_by_line(yaml_draft: Path, tmp_path: Path) -> None:
    result = cli("convert", yaml_draft, tmp_path / "out.csv", "--drop-unknown-columns", "--lang", "en")
    assert "Experience (years) '2' → at least 2 years (lines 12, 24)" in result.stderr


def test_the_location_says_how_to_describe_itself() -> None:
    line = Location("d.yaml", None, 39, None, "position", "line")
    assert (line.cell, line.describe("en"), line.describe("zh")) == (None, "line 39", "第 39 行")
    assert line.row_words("en", title=True) == "Line 39"
    cell = Location("d.xlsx", "目录", 39, "D", "position")
    assert (cell.cell, cell.describe("en"), cell.describe("zh")) == ("D39", "目录!D39", "目录!D39")
    row = Location("d.xlsx", "目录", 39)
    assert (row.describe("en"), row.describe("zh"), row.row_words("en", title=True)) == (
        "目录 row 39",
        "目录 第 39 行",
        "Row 39",
    )
    # A line location with a column (it never should have one) is still not a cell.
    assert Location("d.yaml", None, 3, "B", kind="line").cell is None


# ---- the JSON reader ------------------------------------------------------------------------------


def test_json_errors_are_one_line_with_the_decoder_wording(tmp_path: Path) -> None:
    cases = {
        '{"rows": [{"seq": 1,}]}': "invalid JSON (line 1: Expecting property name enclosed in double quotes)",
        '{"rows": [{"seq" 1}]}': "invalid JSON (line 1: Expecting ':' delimiter)",
        '{"rows": [\n{"seq": 1}\n{"seq": 2}]}': "invalid JSON (line 3: Expecting ',' delimiter)",
        '[{"seq": 1}] x': "invalid JSON (line 1: Extra data)",
        "  \n ": "invalid JSON (line 2: Expecting value)",
        '{"rows": [{"seq": }]}': "invalid JSON (line 1: Expecting value)",
    }
    for text, message in cases.items():
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        result = cli("validate", path)
        assert result.code == 2
        assert result.stderr.strip().splitlines()[-1] == f"catalogtool: {path}: {message}", text


def test_json_entries_that_are_not_objects_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "shape.json"
    path.write_text('{"rows": [\n  {"seq": "1"},\n  ["a"]\n]}', encoding="utf-8")
    result = cli("validate", path)
    assert result.code == 2 and "line 3: expected a list of rows" in result.stderr


# Any JSON text: the line-keeping walk accepts exactly what the standard decoder accepts, and the
# values it reads are the decoder's.
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=8), st.floats(allow_nan=False)
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)
_entries = st.dictionaries(
    st.sampled_from(["seq", "position", "skills", "x", "小类代码"]), _values, max_size=5
)
_documents = st.one_of(
    st.lists(_entries, max_size=4),
    st.fixed_dictionaries({"rows": st.lists(_entries, max_size=4)}, optional={"title": _scalars}),
    _values,
)


def _dumped(draw: st.DrawFn) -> str:
    document = draw(_documents)
    indent = draw(st.sampled_from([None, 0, 1, 2, "\t"]))
    separators = draw(st.sampled_from([(",", ": "), (",", ":"), (" , ", " : ")]))
    return json.dumps(document, indent=indent, separators=separators, ensure_ascii=draw(st.booleans()))


@st.composite
def _texts(draw: st.DrawFn) -> str:
    text = _dumped(draw)
    if text and draw(st.booleans()):  # break it: drop, double or insert a character
        at = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["drop", "double", "insert"]))
        if how == "drop":
            text = text[:at] + text[at + 1 :]
        elif how == "double":
            text = text[: at + 1] + text[at:]
        else:
            text = text[:at] + draw(st.sampled_from(list(',:{}[]" \n1x'))) + text[at:]
    return text


def _decoded(text: str) -> Any:
    def constant(name: str) -> object:
        raise ValueError(name)

    return json.loads(text, parse_int=str, parse_float=str, parse_constant=constant)


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_the_json_walk_accepts_and_reads_what_the_decoder_does(text: str) -> None:
    try:
        expected = _decoded(text)
    except ValueError:
        with pytest.raises(ValueError):
            _JsonLines(text).read()
        return
    rows, top = _JsonLines(text).read()
    listed = expected.get("rows") if isinstance(expected, dict) else expected
    if not isinstance(listed, list):
        assert rows is None
        return
    assert rows is not None
    assert [
        dict((k, v) for k, v, _ in entry) if isinstance(entry, tuple) else entry for _, entry in rows
    ] == listed
    if isinstance(expected, dict):
        assert top == {k: v for k, v in expected.items() if k != "rows"}


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_json_lines_are_those_a_yaml_parser_gives(data: st.DataObject) -> None:
    """JSON is YAML flow syntax: ruamel's round-trip loader is an independent account of the lines."""
    from ruamel.yaml import YAML

    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=8),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    keys = st.sampled_from(["seq", "position", "skills"])
    entries = data.draw(
        st.lists(st.dictionaries(keys, scalars, min_size=1, max_size=3), min_size=1, max_size=4)
    )
    indent = data.draw(st.sampled_from([None, 0, 1, 2]))
    text = json.dumps({"rows": entries}, indent=indent)
    rows, _ = _JsonLines(text).read()
    loaded = YAML(typ="rt").load(text)["rows"]
    assert rows is not None
    for (line, entry), node in zip(rows, loaded, strict=True):
        assert line == node.lc.line + 1
        assert [at for _, _, at in entry] == [node.lc.key(k)[0] + 1 for k in node]


# ---- fix ------------------------------------------------------------------------------------------


def test_fix_finds_the_entry_by_the_line_of_its_key(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    text = (
        "rows:\n"
        "  - position: 工程师\n"
        "    subcategory_code: 2-02-10\n"
        "    subcategory_name: 信息和通信工程技术人员\n"
        "  -\n"  # an entry whose first key is on the line after its dash
        "    position: 架构师\n"
        "    subcategory_code: '２－０２－１０'\n"
    )
    path.write_text(text, encoding="utf-8")
    result = cli("fix", path)
    assert 'line 7 subcategory_code: "２－０２－１０" → "2-02-10" (CT208)' in result.stdout
    from ruamel.yaml import YAML

    fixed = YAML(typ="safe").load((tmp_path / "draft.fixed.yaml").read_text(encoding="utf-8"))
    assert [(e["position"], e["subcategory_code"]) for e in fixed["rows"]] == [
        ("工程师", "2-02-10"),
        ("架构师", "2-02-10"),
    ]


def test_fix_tells_entries_on_one_line_apart_by_their_value_or_changes_nothing(tmp_path: Path) -> None:
    """Two entries on one line: the line alone cannot say which one a change is for. The value the
    finding saw can; when it cannot either (the same value twice), nothing is changed. The old reader
    changed the last entry of the line, whichever the change was for."""
    path = tmp_path / "flow.yaml"
    text = 'rows: [{subcategory_code: "２－０２－３８", position: a}, {subcategory_code: "2-02-10", position: b}]\n'
    path.write_text(text, encoding="utf-8")
    result = cli("fix", path)
    assert 'line 1 subcategory_code: "２－０２－３８" → "2-02-38" (CT208)' in result.stdout
    fixed = (tmp_path / "flow.fixed.yaml").read_text(encoding="utf-8")
    assert fixed == text.replace("２－０２－３８", "2-02-38")

    same = tmp_path / "same.yaml"
    text = 'rows: [{subcategory_code: "２－０２－３８", position: a}, {subcategory_code: "２－０２－３８", position: b}]\n'
    same.write_text(text, encoding="utf-8")
    assert cli("fix", same).code == 1
    assert not (tmp_path / "same.fixed.yaml").exists()
    assert same.read_text(encoding="utf-8") == text


# ---- other readers of the rows --------------------------------------------------------------------


def test_match_by_title_keeps_each_row_of_a_one_line_json_catalog(tmp_path: Path) -> None:
    """Rows of a one-line JSON catalog share line 1: matching tells them apart by identity, and the
    answer says where a row is in the catalog's own terms (a line)."""
    from catalogtool.candidate import Candidate
    from catalogtool.codes import load_code_list
    from catalogtool.matching import CatalogStatus, match_candidate
    from catalogtool.report.match import row_title
    from catalogtool.validate import load_catalog

    entry = {
        "subcategory_code": "2-02-10",
        "subcategory_name": "信息和通信工程技术人员",
        "industry": "电子信息",
        "education": "学士",
        "experience_years": "2",
        "skills": "熟悉",
    }
    path = tmp_path / "catalog.json"
    rows = [dict(entry, position="光纤通信工程师"), dict(entry, position="无线通信工程师")]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    codes = load_code_list()
    loaded = load_catalog(path, codes=codes)
    status = CatalogStatus("JS", "江苏", "目录", "2026", None, None, dt.date(2026, 6, 1))
    result = match_candidate(Candidate(position="通信工程技术人员"), None, loaded.rows, status, codes)
    assert [m.row.position for m in result.rows] == ["光纤通信工程师", "无线通信工程师"]
    assert row_title(result.rows[0], "en").startswith("catalog line 1 (2-02-10 信息和通信工程技术人员)")
    assert row_title(result.rows[0], "zh").startswith("目录第 1 行（2-02-10 信息和通信工程技术人员）")
