"""Readers receive nothing unverified and lose nothing (issue #19): CR-only CSV, many short fields,
repeated JSON keys, macros found by content and relationship type."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import save_xlsx

from catalogtool.errors import InputError
from catalogtool.fields import FIELD_LABELS, FIELDS
from catalogtool.read import read_sheet

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
ROW += ["熟悉工业软件架构"] + [""] * (len(HEADER) - len(ROW) - 1)


def csv_text(rows: list[list[str]], terminator: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=terminator).writerows(rows)
    return out.getvalue()


def test_classic_mac_csv_reads_like_crlf(tmp_path: Path) -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR alone; a big one was refused as one line."""
    rows = [HEADER] + [[str(i), *ROW[1:4], f"岗位{i}", *ROW[5:]] for i in range(1, 40001)]
    mac, dos = tmp_path / "mac.csv", tmp_path / "dos.csv"
    mac.write_text(csv_text(rows, "\r"), "utf-8", newline="")
    dos.write_text(csv_text(rows, "\r\n"), "utf-8", newline="")
    assert len(mac.read_text("utf-8")) > 16 * 131_072  # past the longest-line guard if CR were no line end
    read_mac, read_dos = read_sheet(mac), read_sheet(dos)
    mac_rows = [(r.number, dict(r.cells)) for r in read_mac.rows]
    assert mac_rows == [(r.number, dict(r.cells)) for r in read_dos.rows]
    assert len(mac_rows) == 40000 and mac_rows[-1][0] == 40001


def test_a_line_of_many_short_fields_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(csv_text([HEADER, ROW, ["x"] * 100_000, ROW], "\n"), "utf-8", newline="")
    with pytest.raises(InputError) as err:
        list(read_sheet(path).rows)
    # the comma is the delimiter; the line is too wide, not "one huge field"
    assert "line 3 has 100,000 fields, more than" in err.value.message_en


def test_a_key_repeated_in_a_json_row_is_ct108_like_yaml(tmp_path: Path) -> None:
    row = ", ".join(json.dumps(k) + ": " + json.dumps(v) for k, v in zip(FIELDS, ROW, strict=True) if v)
    text = '{"rows": [{' + row + ', "position": "第二个岗位名称"}]}'
    path = tmp_path / "dup.json"
    path.write_text(text, "utf-8")
    sheet = read_sheet(path)
    rows = list(sheet.rows)
    assert rows[0].text("position") == "工业软件架构师"  # the first value, as YAML keeps it
    dup = [f for f in sheet.findings if f.rule == "CT108"]
    assert [(f.location.field, f.value) for f in dup] == [("position", "position")]
    yaml_path = tmp_path / "dup.yaml"
    yaml_lines = [f"  - {FIELDS[0]}: '1'"] + [
        f"    {k}: '{v}'" for k, v in zip(FIELDS[1:], ROW[1:], strict=True) if v
    ]
    yaml_path.write_text("rows:\n" + "\n".join([*yaml_lines, "    position: 第二个岗位名称"]) + "\n", "utf-8")
    yaml_sheet = read_sheet(yaml_path)
    list(yaml_sheet.rows)
    assert [f.rule for f in yaml_sheet.findings if f.rule == "CT108"] == ["CT108"]


def _with_parts(path: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path) as zin:
        items = {i.filename: zin.read(i) for i in zin.infolist()}
    items.update(change)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items.items():
            zout.writestr(name, data)
    return path


VBA_REL = b"http://schemas.microsoft.com/office/2006/relationships/vbaProject"


@pytest.mark.parametrize("how", ["relationship", "content-type", "macrosheet"])
def test_macros_are_found_by_type_not_by_part_name(tmp_path: Path, how: str) -> None:
    path = save_xlsx(tmp_path / "hidden.xlsx", HEADER, ROW)
    with zipfile.ZipFile(path) as z:
        rels = z.read("xl/_rels/workbook.xml.rels")
        types = z.read("[Content_Types].xml")
    if how == "relationship":
        extra = b'<Relationship Id="rIdM" Type="' + VBA_REL + b'" Target="macros.bin"/></Relationships>'
        change = {
            "xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>", extra),
            "xl/macros.bin": b"\0" * 64,
        }
    elif how == "content-type":
        default = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
        change = {"[Content_Types].xml": types.replace(b"</Types>", default), "xl/macros.bin": b"\0" * 64}
    else:
        override = (
            b'<Override PartName="/xl/sheets/m.xml" '
            b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>'
        )
        change = {"[Content_Types].xml": types.replace(b"</Types>", override), "xl/sheets/m.xml": b"<x/>"}
    _with_parts(path, change)
    with pytest.raises(InputError) as err:
        list(read_sheet(path).rows)
    assert "macro-enabled" in err.value.message_en
