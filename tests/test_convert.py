"""`catalogtool convert`: stable round trips, codes stay strings, formulas stay text, nothing dropped."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from catalogtool.convert import Heading, json_text, yaml_text
from catalogtool.model import FIELD_LABELS, FIELDS
from catalogtool.read import read_sheet
from tests.conftest import RunCli

HEADER = [FIELD_LABELS[k][0] for k in FIELDS]
ROW = [
    "1",
    "2-02-10",
    "信息和通信工程技术人员",
    "2-02-10-03",
    "工业软件架构师",
    "软件和信息服务",
    "学士",
    "5",
]
ROW += ["熟悉工业软件架构", "", "", "60周岁以下", ""]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", header: list[str] = HEADER) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def yaml_rows(path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = YAML(typ="safe").load(path.read_text("utf-8"))["rows"]
    return rows


def test_xlsx_yaml_xlsx_yaml_is_byte_identical_and_keeps_every_row(
    run_cli: RunCli, tmp_path: Path, shared_fixtures: Path
) -> None:
    source = shared_fixtures / "jiangsu-draft-2026.xlsx"
    before = source.read_bytes()
    first, workbook, second = tmp_path / "a.yaml", tmp_path / "b.xlsx", tmp_path / "c.yaml"

    to_yaml = run_cli("convert", source, first)
    assert to_yaml.returncode == 0, to_yaml.stderr
    assert to_yaml.stdout.strip() == f"wrote {first} (18 rows)"
    # Row findings are shown, not fatal: the blank position (row 22) and the unknown code (row 9).
    assert "指导目录!E22: Position is required but blank" in to_yaml.stderr
    assert "指导目录!B9:" in to_yaml.stderr
    assert run_cli("convert", first, workbook).returncode == 0
    assert run_cli("convert", workbook, second).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    assert source.read_bytes() == before

    text = first.read_text("utf-8")
    assert text.count("\n  - seq:") == 18
    assert 'subcategory_code: "2-02-38"' in text
    assert 'occupation_codes: ["2-02-38-01", "2-02-38-03"]' in text  # full-width ； split, codes quoted
    rows = yaml_rows(first)
    assert rows[1]["experience_years"] == 3 and rows[0]["experience_years"] == "3年以上"
    assert "certificates" not in rows[0]  # empty optional fields are left out
    assert rows[17]["position"] == ""  # an empty required field stays, visibly empty
    doc = YAML(typ="safe").load(text)
    assert doc["title"] == "江苏省外国人来华工作指导目录（2026年版）（征求意见稿）"
    assert doc["validity"] == "有效期：自2026年7月1日起至2030年6月30日止"

    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["填表说明", "指导目录", "小类代码表"]
    ws = wb["指导目录"]
    assert ws["A1"].value == doc["title"] and ws["A2"].value == doc["validity"]
    assert ws.max_row == 4 + 18
    assert ws["D6"].value == "2-02-38-01；2-02-38-03"


def test_gb18030_csv_round_trip(run_cli: RunCli, tmp_path: Path, shared_fixtures: Path) -> None:
    source = tmp_path / "gd.csv"
    shutil.copy(shared_fixtures / "guangdong-draft.gb18030.csv", source)
    as_yaml, back, again = tmp_path / "gd.yaml", tmp_path / "back.csv", tmp_path / "again.yaml"
    assert run_cli("convert", source, as_yaml).returncode == 0
    rows = yaml_rows(as_yaml)
    assert len(rows) == 7
    assert rows[0]["position"] == "芯片设计工程师" and rows[0]["occupation_codes"] == ["2-02-38-09"]

    result = run_cli("convert", as_yaml, back, "--encoding", "gb18030")
    assert result.returncode == 0, result.stderr
    data = back.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    lines = data.decode("gb18030").splitlines()
    assert lines[0] == ",".join(HEADER)
    assert lines[1].startswith("1,2-02-38,数字技术工程技术人员,2-02-38-09,芯片设计工程师,")
    assert run_cli("convert", back, again).returncode == 0
    assert yaml_rows(again) == rows


def test_csv_output_is_utf8_with_bom_by_default(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [ROW])
    out = tmp_path / "out.csv"
    assert run_cli("convert", source, out).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf" + "序号,小类代码".encode())
    assert out.read_text("utf-8-sig").splitlines()[1] == ",".join(ROW)


FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1:A9)"]


def test_formula_like_text_stays_text_in_xlsx_and_csv(run_cli: RunCli, tmp_path: Path) -> None:
    rows = [[*ROW[:4], text, ROW[5], ROW[6], ROW[7], text, *ROW[9:]] for text in FORMULAS]
    source = write_csv(tmp_path / "in.csv", rows)
    xlsx, out_csv, out_yaml = tmp_path / "out.xlsx", tmp_path / "out.csv", tmp_path / "out.yaml"
    assert run_cli("convert", source, xlsx).returncode == 0
    ws = openpyxl.load_workbook(xlsx)["指导目录"]
    assert [(ws[f"E{r}"].value, ws[f"E{r}"].data_type) for r in range(5, 9)] == [(t, "s") for t in FORMULAS]
    assert [ws[f"I{r}"].value for r in range(5, 9)] == FORMULAS

    assert run_cli("convert", xlsx, out_csv).returncode == 0
    written = list(csv.reader(io.StringIO(out_csv.read_text("utf-8-sig"))))
    assert [r[4] for r in written[1:]] == ["'" + t for t in FORMULAS]  # a spreadsheet shows them as text
    assert run_cli("convert", out_csv, out_yaml).returncode == 0
    assert [r["position"] for r in yaml_rows(out_yaml)] == FORMULAS  # and the guard is undone on reading


def test_guarded_csv_reads_back_as_its_yaml_for_diff_and_convert(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "bullet.yaml"
    record: dict[str, object] = {k: v for k, v in zip(FIELDS, ROW, strict=True) if v}
    record |= {"seq": 1, "occupation_codes": ["2-02-10-03"], "experience_years": 5}
    record["skills"] = "- 熟悉芯片设计\n- 英语流利"
    source.write_text(yaml_text([record], Heading()), "utf-8")
    as_csv, back = tmp_path / "bullet.csv", tmp_path / "back.yaml"
    assert run_cli("convert", source, as_csv).returncode == 0
    written = list(csv.reader(io.StringIO(as_csv.read_text("utf-8-sig"))))
    assert written[1][8] == "'- 熟悉芯片设计\n- 英语流利"  # Excel shows it as text, not a formula
    diff = run_cli("diff", source, as_csv, "--exit-code", "--lang", "en")
    assert diff.returncode == 0, diff.stdout
    assert run_cli("convert", as_csv, back).returncode == 0
    assert yaml_rows(back) == yaml_rows(source)


def test_existing_yaml_is_updated_in_place_keeping_comments_of_surviving_rows(
    run_cli: RunCli, tmp_path: Path
) -> None:
    rows = [[str(n), *ROW[1:4], f"岗位{n}", *ROW[5:]] for n in range(1, 5)]
    source = write_csv(tmp_path / "v1.csv", rows)
    target = tmp_path / "catalog.yaml"
    assert run_cli("convert", source, target).returncode == 0
    text = target.read_text("utf-8")
    text = text.replace("position: 岗位1\n", "position: 岗位1  # 重点岗位\n")
    text = text.replace("  - seq: 2\n", "  # 行业协会建议删除\n  - seq: 2\n")
    text = text.replace("  - seq: 3\n", "  # 2025年新增\n  - seq: 3\n")
    target.write_text(text, "utf-8")

    rows[0][6] = "硕士"  # changed
    del rows[1]  # 岗位2 removed, with its comment
    rows.append(["5", "2-02-38", "数字技术工程技术人员", "", "岗位5", *ROW[5:]])
    updated = run_cli("convert", write_csv(tmp_path / "v2.csv", rows), target)
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.strip() == f"updated {target} (4 rows)"
    text = target.read_text("utf-8")
    assert "position: 岗位1  # 重点岗位\n" in text
    assert "  # 2025年新增\n  - seq: 3\n" in text
    assert "行业协会建议删除" not in text and "岗位2" not in text
    assert [r["position"] for r in yaml_rows(target)] == ["岗位1", "岗位3", "岗位4", "岗位5"]
    assert yaml_rows(target)[0]["education"] == "硕士"


def test_unknown_columns_are_refused_unless_dropping_them_is_asked_for(
    run_cli: RunCli, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "in.csv", [[*ROW, "张三"]], header=[*HEADER, "联系人"])
    out = tmp_path / "out.yaml"
    refused = run_cli("convert", source, out)
    assert refused.returncode == 2
    assert "N 联系人" in refused.stderr and "--drop-unknown-columns" in refused.stderr
    assert not out.exists()
    dropped = run_cli("convert", source, out, "--drop-unknown-columns")
    assert dropped.returncode == 0, dropped.stderr
    assert len(yaml_rows(out)) == 1


def test_missing_required_columns_and_unusable_inputs_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [ROW[4:7]], header=HEADER[4:7])
    missing = run_cli("convert", source, tmp_path / "out.yaml")
    assert missing.returncode == 2
    assert "The table has no column for" in missing.stderr and "Traceback" not in missing.stderr
    pdf = tmp_path / "draft.xlsx"
    pdf.write_bytes(b"%PDF-1.7 not a workbook")
    unusable = run_cli("convert", pdf, tmp_path / "out.csv")
    assert unusable.returncode == 2 and "PDF" in unusable.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.xlsx", "in.csv"]


def test_usage_errors(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [ROW])
    same = run_cli("convert", source, tmp_path / "." / "in.csv")
    assert same.returncode == 2 and "the output is the input file" in same.stderr
    assert run_cli("convert", source, tmp_path / "out.txt").returncode == 2
    assert run_cli("convert", source, tmp_path / "out.yaml", "--encoding", "gb18030").returncode == 2
    out = tmp_path / "out.json"
    out.write_text("{}", "utf-8")
    exists = run_cli("convert", source, out)
    assert exists.returncode == 2 and "--force" in exists.stderr
    assert out.read_text("utf-8") == "{}"
    forced = run_cli("convert", source, out, "--force")
    assert forced.returncode == 0
    assert '"subcategory_code": "2-02-10"' in out.read_text("utf-8")


# Values YAML would happily turn into numbers, dates, booleans or nulls if written bare.
_TRICKY = st.sampled_from(
    ["01", "2-02-10", "2002-02-10", "yes", "No", "on", "null", "~", "1e3", "0x1F", ".5", "3.0", "- a", "a: b",
     "#x", "'q'", '"d"', "[1]", "{a: 1}", "!tag", "&a", "*a", "%x", "@x", "`x", "| x", "> x", "a #b", "  "]
)  # fmt: skip
_VALUE = st.one_of(_TRICKY, st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_VALUE, min_size=len(FIELDS), max_size=len(FIELDS)))
def test_yaml_and_json_output_read_back_as_the_same_text(tmp_path: Path, values: list[str]) -> None:
    record: dict[str, object] = {k: v.strip() for k, v in zip(FIELDS, values, strict=True) if v.strip()}
    record["occupation_codes"] = ["2-02-10-01", "02"]
    for name, text in (
        ("t.yaml", yaml_text([record], Heading("标题", None))),
        ("t.json", json_text([record], Heading("标题", None))),
    ):
        path = tmp_path / name
        path.write_text(text, "utf-8")
        (row,) = list(read_sheet(path).rows)
        read = {key: row.text(key) for key in FIELDS if row.text(key)}
        expected = {k: str(v) for k, v in record.items() if k != "occupation_codes"}
        assert {k: v for k, v in read.items() if k != "occupation_codes"} == expected
        assert read["occupation_codes"].replace(" ", "") == "2-02-10-01;02"


# Plain scalars that YAML 1.1 readers (PyYAML, many CI tools) turn into booleans, nulls, numbers or
# dates although YAML 1.2 reads them as text; "yEs"/"nO" are text everywhere but quoting them costs nothing.
_YAML11 = ["yes", "No", "ON", "off", "y", "N", "true", "False", "yEs", "nO", "Null", "~", "1:20", "12:30:00",
           "017", "1_000", "0b101", "+1", "3.", "190:20:30.15", "=", "<<", "2026-07-01", ".inf", "-.5"]  # fmt: skip


def _load(text: str, version: tuple[int, int]) -> dict[str, object]:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = version
    doc: dict[str, object] = yaml.load(text)
    return doc


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.sampled_from(_YAML11), min_size=len(FIELDS), max_size=len(FIELDS)))
def test_yaml_output_reads_back_as_text_under_yaml_1_1_and_1_2(values: list[str]) -> None:
    record: dict[str, object] = dict(zip(FIELDS, values, strict=True))
    record["occupation_codes"] = ["2-02-10-01"]
    text = yaml_text([record], Heading("no", "yes"))
    for version in ((1, 1), (1, 2)):
        doc = _load(text, version)
        assert (doc["title"], doc["validity"]) == ("no", "yes"), version
        assert doc["rows"] == [record], version
    assert "\n    position: " + repr(record["position"]) + "\n" in text  # single-quoted, as ruamel quotes


def test_yes_no_positions_are_quoted_by_convert(run_cli: RunCli, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [[*ROW[:4], "no", "on", *ROW[6:9], "yes", *ROW[10:]]])
    out = tmp_path / "out.yaml"
    assert run_cli("convert", source, out).returncode == 0
    text = out.read_text("utf-8")
    assert "    position: 'no'\n    industry: 'on'\n" in text and "    certificates: 'yes'\n" in text
    (row,) = _load(text, (1, 1))["rows"]  # type: ignore[misc]
    assert (row["position"], row["industry"], row["certificates"]) == ("no", "on", "yes")
