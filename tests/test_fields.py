"""The field table (catalogtool/fields.py) is the one statement of the columns: everything agrees with it,
and a field added to it reaches the reader, the template workbook, the filing package and diff."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

from catalogtool.codes import load_code_list
from catalogtool.convert import record
from catalogtool.data import schema_path
from catalogtool.diff import diff_catalogs
from catalogtool.fields import (
    BY_KEY,
    CODE_FIELDS,
    COMPARED_FIELDS,
    COMPETENCY_FIELDS,
    FIELDS,
    NUMERIC_FIELDS,
    PARSED_KINDS,
    REQUIRED_FIELDS,
    TABLE,
    TABLE_TYPES,
)
from catalogtool.model import column_letter
from catalogtool.normalize import EDUCATION_LEVELS
from catalogtool.package import TABLE_FIELDS, catalog_csv, table_schema
from catalogtool.read import read_sheet
from catalogtool.read.headers import match_header
from catalogtool.template import template_spec
from catalogtool.validate import load_catalog
from catalogtool.workbook import write_catalog_xlsx

ROOT = Path(__file__).resolve().parent.parent

ROW = {
    "seq": 1,
    "subcategory_code": "2-02-38",
    "subcategory_name": "数字技术工程技术人员",
    "occupation_codes": ["2-02-38-01"],
    "position": "人工智能算法工程师",
    "industry": "人工智能",
    "education": "硕士",
    "experience_years": "3",
    "skills": "熟悉机器学习",
    "certificates": "无",
    "salary": "4倍",
    "age_max": "60周岁以下",
    "notes": "说明",
}


def test_every_label_and_alias_reads_back_as_its_field() -> None:
    for f in TABLE:
        for spelling in (f.zh, f.en, *f.aliases):
            assert match_header(spelling) == f.key, (spelling, f.key)


def test_derived_lists_follow_the_table() -> None:
    assert tuple(f.key for f in TABLE) == FIELDS
    assert REQUIRED_FIELDS == (
        "subcategory_code",
        "subcategory_name",
        "position",
        "industry",
        "education",
        "experience_years",
        "skills",
    )
    assert CODE_FIELDS == ("subcategory_code", "occupation_codes")
    assert NUMERIC_FIELDS == ("seq", "experience_years", "age_max")
    assert tuple(k for k in FIELDS if k not in ("seq", "subcategory_code", "position")) == COMPARED_FIELDS


def test_the_template_workbook_is_the_table(tmp_path: Path) -> None:
    spec = template_spec()
    path = tmp_path / "t.xlsx"
    write_catalog_xlsx(path, [ROW], title="标题", validity_line=None, codes=load_code_list())
    ws = openpyxl.load_workbook(path)[spec.data_sheet]
    top, bottom = spec.header_rows
    for index, f in enumerate(TABLE):
        letter = column_letter(index)
        shown = ws[f"{letter}{bottom}"].value if f.group else ws[f"{letter}{top}"].value
        assert shown.replace("\n", "") == f.zh, f.key  # labels break where they wrap (年龄 over 要求)
        if f.group:
            group_cells = [ws.cell(top, c + 1).value for c, g in enumerate(TABLE) if g.group == f.group]
            assert f.group in group_cells
        assert ws.column_dimensions[letter].width == f.width
    prompts = {dv.promptTitle: dv.prompt for dv in ws.data_validations.dataValidation}
    for f in TABLE:
        assert f.hint_zh.split("{")[0] in prompts[f"{f.zh} {f.en}"[:32]], f.key
    sheet = read_sheet(path)
    assert dict(sheet.columns) == {k: column_letter(i) for i, k in enumerate(FIELDS)}


def test_the_competency_schema_speaks_of_table_fields_only() -> None:
    schema = json.loads(schema_path("competency.schema.json").read_text("utf-8"))
    properties = set(schema["properties"])
    parsed = {k for k in COMPETENCY_FIELDS if BY_KEY[k].kind in PARSED_KINDS}
    assert properties == parsed
    assert schema["properties"]["education"]["enum"] == list(EDUCATION_LEVELS)


def test_the_package_table_schema_is_the_table() -> None:
    names = [c.name for f in TABLE for c in f.table_columns]
    schema = table_schema()
    assert [f["name"] for f in schema["fields"]] == names == [f.name for f in TABLE_FIELDS]
    by_name = {f["name"]: f for f in schema["fields"]}
    for f in TABLE:
        for column in f.table_columns:
            assert by_name[column.name]["type"] == column.type
            required = by_name[column.name].get("constraints", {}).get("required", False)
            assert required == f.required, column.name
        if f.table is None:
            assert by_name[f.key]["type"] == TABLE_TYPES[f.kind]
    assert by_name["education"]["constraints"]["enum"] == list(EDUCATION_LEVELS)


def test_diff_compares_every_compared_field(tmp_path: Path) -> None:
    codes = load_code_list()
    old_path, new_path = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    changed = {
        "subcategory_name": "数字技术工程技术人员（改）",
        "occupation_codes": ["2-02-38-02"],
        "industry": "集成电路",
        "education": "博士",
        "experience_years": "5",
        "skills": "熟悉深度学习",
        "certificates": "有",
        "salary": "5倍",
        "age_max": "55周岁以下",
        "notes": "另说明",
    }
    assert set(changed) == set(COMPARED_FIELDS)
    write_catalog_xlsx(old_path, [ROW], title="t", validity_line=None, codes=codes)
    write_catalog_xlsx(new_path, [{**ROW, **changed, "seq": 7}], title="t", validity_line=None, codes=codes)
    old, new = load_catalog(old_path, codes=codes), load_catalog(new_path, codes=codes)
    diff = diff_catalogs(old.rows, new.rows)
    assert [c.field for c in diff.changed[0].fields] == list(COMPARED_FIELDS)


# A column a province might add: planned number of foreign hires.
NEW_FIELD = """
    Field(
        "headcount",
        "招聘人数",
        "Headcount",
        aliases=("拟聘人数",),
        kind="integer",
        width=9,
        hint_zh="拟招聘外国人数，可留空。",
        hint_en="Planned number of foreign hires (optional).",
    ),
"""

PROBE = """
import csv, io, json, sys
from pathlib import Path

import openpyxl

from catalogtool.codes import load_code_list
from catalogtool.convert import record
from catalogtool.diff import diff_catalogs
from catalogtool.package import catalog_csv, table_schema
from catalogtool.validate import load_catalog
from catalogtool.template import template_spec
from catalogtool.workbook import write_catalog_xlsx

out = Path(sys.argv[1])
codes = load_code_list()
head = "小类代码,小类名称,岗位名称,产业领域,学历,工作经历,专业技能,拟聘人数\\n"
row = "2-02-38,数字技术工程技术人员,人工智能算法工程师,人工智能,硕士,3,熟悉机器学习,{n}\\n"
(out / "old.csv").write_text(head + row.format(n=2), encoding="utf-8")
(out / "new.csv").write_text(head + row.format(n=5), encoding="utf-8")
old = load_catalog(out / "old.csv", codes=codes)
new = load_catalog(out / "new.csv", codes=codes)
result = {"read": old.rows[0].raw.get("headcount"), "findings": [f.rule for f in old.report.findings]}
result["record"] = record(old.rows[0]).get("headcount")
write_catalog_xlsx(out / "t.xlsx", [record(old.rows[0])], title="t", validity_line=None, codes=codes)
spec = template_spec()
ws = openpyxl.load_workbook(out / "t.xlsx")[spec.data_sheet]
header = [ws.cell(spec.header_rows[0], c).value for c in range(1, ws.max_column + 1)]
col = header.index("招聘人数") + 1
result["template"] = [header[col - 1], ws.cell(spec.first_data_row, col).value, ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width]
back = load_catalog(out / "t.xlsx", codes=codes)
result["roundtrip"] = back.rows[0].raw.get("headcount")
table = list(csv.DictReader(io.StringIO(catalog_csv(old.rows).decode("utf-8-sig"))))
result["package_csv"] = table[0]["headcount"]
result["table_schema"] = [f for f in table_schema()["fields"] if f["name"] == "headcount"]
diff = diff_catalogs(old.rows, new.rows)
result["diff"] = [(f.field, f.old, f.new) for c in diff.changed for f in c.fields]
print(json.dumps(result, ensure_ascii=False))
"""


def test_a_field_added_to_the_table_reaches_reader_template_package_and_diff(tmp_path: Path) -> None:
    """Copy the package, add one entry to the field table and nothing else, and use the copy."""
    tree = tmp_path / "tree"
    for name in ("catalogtool", "templates", "occupation_codes"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
    fields_py = tree / "catalogtool" / "fields.py"
    source = fields_py.read_text("utf-8")
    anchor = '    Field(\n        "notes",'
    assert source.count(anchor) == 1
    fields_py.write_text(source.replace(anchor, NEW_FIELD.lstrip("\n") + anchor), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(work)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["read"] == "2"
    assert result["findings"] == ["CT106"]  # how the CSV was read; 拟聘人数 is no "unknown column" (CT102)
    assert result["record"] == 2
    assert result["template"] == ["招聘人数", 2, 9]
    assert result["roundtrip"] == "2"
    assert result["package_csv"] == "2"
    assert result["table_schema"] == [
        {
            "name": "headcount",
            "type": "integer",
            "title": "招聘人数",
            "description": "Headcount",
            "constraints": {"minimum": 0},
        }
    ]
    assert result["diff"] == [["headcount", "2", "5"]]


def test_canonical_record_keys_follow_the_table(tmp_path: Path) -> None:
    path = tmp_path / "one.xlsx"
    write_catalog_xlsx(path, [ROW], title="t", validity_line=None, codes=load_code_list())
    rec = record(load_catalog(path).rows[0])
    assert list(rec) == list(FIELDS)
    assert rec["seq"] == 1 and rec["age_max"] == "60周岁以下" and rec["experience_years"] == 3
    assert catalog_csv(load_catalog(path).rows).decode("utf-8-sig").splitlines()[0] == ",".join(
        c.name for f in TABLE for c in f.table_columns
    )
