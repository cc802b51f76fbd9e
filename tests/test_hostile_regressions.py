"""Every failure an adversarial run found (issue #12), rebuilt here byte by byte, kept as a test.

Each input is constructed in the test. The CLI runs in this process (tests/fuzz/contract.py); the
contract is: exit 0/1/2, exit 2 is one clear line and never an internal error, bounded CPU. Inputs
that used to abort the process are now parsed in a contained child (catalogtool/contain.py), so a
regression here is a failed test, not a dead test run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli
from tests.fuzz.contract import Outcome, expect, run
from tests.fuzz.generators import REPO, SAMPLE, base_package, zip_parts
from tests.test_read_hostile import SHEET, good_xlsx, rewrite

SST = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_cells(path: Path, xml: bytes) -> Path:
    """A good draft with ``xml`` appended to its sheetData."""
    good_xlsx(path)
    return rewrite(
        path,
        lambda name, data: data.replace(b"</sheetData>", xml + b"</sheetData>") if name == SHEET else data,
    )


def with_shared_strings(path: Path, sst: bytes) -> Path:
    """A good draft that also carries ``sst`` as its shared-strings part (linked and typed)."""
    good_xlsx(path)
    rel = (
        b'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", rel)
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", override)
        return data

    return rewrite(path, change, {SST: sst})


def sst(count: str, unique: str, strings: int) -> bytes:
    items = b"".join(b"<si><t>s%d</t></si>" % i for i in range(strings))
    return f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{unique}">'.encode() + items + b"</sst>"


# ---- process aborts in the xlsx reader (Rust allocation failure, exit 134) ------------------------

FAR_CORNER = {
    "single quotes": b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    "spaces around =": b'<row r="1048576"><c r = "XFD1048576"><v>1</v></c></row>',
    "lower case": b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    "second attribute": b'<row r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>',
    "tab and newline": b'<row r="1048576"><c\tr\n=\n"XFD1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("spelling", list(FAR_CORNER))
def test_a_far_corner_cell_however_written_is_refused_not_an_abort(tmp_path: Path, spelling: str) -> None:
    draft = with_cells(tmp_path / "corner.xlsx", FAR_CORNER[spelling])
    expect(
        run("validate", draft),
        [2],
        "corner.xlsx: sheet “Sheet” uses column XFD, beyond the limit of 200 columns",
    )


def test_a_shared_string_count_of_four_billion_is_refused_not_an_abort(tmp_path: Path) -> None:
    draft = with_shared_strings(tmp_path / "count.xlsx", sst("3", "4294967295", 3))
    expect(run("validate", draft), [2], "declares uniqueCount=4,294,967,295 but holds 3 strings")


@pytest.mark.parametrize("count", ["４２９４９６７２９５", "4294967295.0", "-1", "x"])
def test_a_shared_string_count_that_is_no_number_is_no_reason_to_refuse(tmp_path: Path, count: str) -> None:
    draft = with_shared_strings(tmp_path / "count.xlsx", sst("3", count, 3))
    expect(run("validate", draft), [0, 1, 2])


def test_a_style_sheet_declaring_billions_of_records_is_refused(tmp_path: Path) -> None:
    draft = good_xlsx(tmp_path / "styles.xlsx")
    rewrite(
        draft,
        lambda n, d: (
            re.sub(rb'<cellXfs count="\d+"', b'<cellXfs count="4294967295"', d) if n == "xl/styles.xml" else d
        ),
    )
    expect(run("validate", draft), [2], "the part xl/styles.xml declares 4,294,967,295 style records")


CELLS_PLACED_BY_POSITION = {
    "no references": b'<row r="3">' + b"<c><v>1</v></c>" * 300 + b"</row>",
    "prefixed cells": b'<x:row xmlns:x="%s" r="3"><x:c r="KA3"><x:v>1</x:v></x:c></x:row>' % MAIN_NS.encode(),
    "leading zeros": b'<row r="3"><c r="KA0003"><v>1</v></c></row>',
    "a character reference": b'<row r="3"><c r="&#75;A3"><v>1</v></c></row>',
}


@pytest.mark.parametrize("case", list(CELLS_PLACED_BY_POSITION))
def test_cells_beyond_the_column_limit_are_found_however_they_are_placed(tmp_path: Path, case: str) -> None:
    draft = with_cells(tmp_path / "placed.xlsx", CELLS_PLACED_BY_POSITION[case])
    expect(run("validate", draft), [2], "beyond the limit of 200 columns")


def test_a_row_beyond_the_row_limit_holding_an_unreferenced_cell_is_refused(tmp_path: Path) -> None:
    draft = with_cells(tmp_path / "far.xlsx", b'<row r="4000000000"><c><v>1</v></c></row>')
    expect(run("validate", draft), [2], "beyond the limit of 1,048,576 rows")


def test_a_million_declared_and_stored_shared_strings_keep_the_contract(tmp_path: Path) -> None:
    draft = with_shared_strings(tmp_path / "million.xlsx", sst("1000000", "1000000", 1_000_000))
    expect(run("validate", draft), [0, 1, 2])


# ---- package --check: everything in a package is data ------------------------------------------------

DP = "JS-2026/datapackage.json"
CSV = "JS-2026/catalog.csv"


def check_package(tmp_path: Path, change: Callable[[dict[str, Any], dict[str, bytes]], None]) -> Outcome:
    """`package --check` on the sample's package (zip only) after ``change(descriptor, members)``."""
    members = dict(base_package())
    descriptor = json.loads(members[DP])
    change(descriptor, members)
    if DP not in members or members[DP] == base_package()[DP]:
        members[DP] = json.dumps(descriptor, ensure_ascii=False).encode()
    ws = tmp_path / "ws"
    (ws / "provinces" / "JS").mkdir(parents=True)
    shutil.copy(SAMPLE / "provinces" / "JS" / "province.yaml", ws / "provinces" / "JS")
    (ws / "dist").mkdir()
    (ws / "dist" / "JS-2026.zip").write_bytes(zip_parts(members))
    return run("package", "--check", "--province", "JS", cwd=ws)


SCHEMA_TRICKS = {
    "a ReDoS pattern and a matching cell": ("pattern", "(a+)+$"),
    "a pattern that is no regular expression": ("pattern", "("),
    "fields not a list": ("fields", {"a": 1}),
    "fields of numbers": ("fields", [1, 2]),
    "an integer type": ("type", 7),
}


@pytest.mark.parametrize("trick", list(SCHEMA_TRICKS))
def test_a_table_schema_from_the_package_is_data_never_code(tmp_path: Path, trick: str) -> None:
    what, value = SCHEMA_TRICKS[trick]

    def change(descriptor: dict[str, Any], members: dict[str, bytes]) -> None:
        resource = next(r for r in descriptor["resources"] if r["path"] == "catalog.csv")
        if what == "fields":
            resource["schema"]["fields"] = value
        elif what == "type":
            resource["schema"]["fields"][0]["type"] = value
        else:
            resource["schema"]["fields"][0]["constraints"] = {"pattern": value}
            members[CSV] = re.sub(rb"\n1,", b"\n" + b"a" * 40 + b"!,", members[CSV], count=1)

    # The contract bounds the CPU time: a pattern run by `re` would backtrack for hours here.
    expect(check_package(tmp_path, change), [1], "package check failed")


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_json_in_a_package_is_a_problem(tmp_path: Path, depth: int) -> None:
    def change(descriptor: dict[str, Any], members: dict[str, bytes]) -> None:
        members[DP] = b"[" * depth + b"]" * depth
        members["JS-2026/catalog-data.json"] = b"[" * depth + b"]" * depth

    expect(check_package(tmp_path, change), [1], "is not valid: nested")


# ---- --annotate: merged ranges are never materialised -------------------------------------------------


def with_merges(path: Path, refs: list[str]) -> Path:
    good_xlsx(path)
    block = f'<mergeCells count="{len(refs)}">'.encode()
    block += b"".join(f'<mergeCell ref="{r}"/>'.encode() for r in refs) + b"</mergeCells>"
    return rewrite(
        path, lambda n, d: d.replace(b"</sheetData>", b"</sheetData>" + block) if n == SHEET else d
    )


@pytest.mark.parametrize(
    "refs",
    [["A3:M1048576"], ["A1:XFD1048576"], [f"I{r}:J{r}" for r in range(3, 100_003)]],
    ids=["A3:M1048576", "the whole sheet", "100,000 ranges"],
)
def test_an_annotated_copy_keeps_merged_ranges_without_materialising_them(
    tmp_path: Path, refs: list[str]
) -> None:
    draft = with_merges(tmp_path / "merged.xlsx", refs)
    out = tmp_path / "annotated.xlsx"
    expect(run("validate", draft, "--annotate", out), [0, 1])
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read(SHEET)
    assert sheet.count(b"<mergeCell ") == len(refs)
    assert f'<mergeCell ref="{refs[-1]}"/>'.encode() in sheet
    assert sheet.count(b"<c ") < 100  # the cells the draft has, and the marks: no covered cells


@pytest.mark.parametrize("name", [b"Sh&#1;eet", b"Sh&#0;eet", b"Sh&#xD800;eet"])
def test_a_sheet_name_with_a_control_character_reference_is_one_clear_line(
    tmp_path: Path, name: bytes
) -> None:
    draft = good_xlsx(tmp_path / "names.xlsx")
    rewrite(
        draft,
        lambda n, d: d.replace(b'name="Sheet"', b'name="' + name + b'"') if n == "xl/workbook.xml" else d,
    )
    for args in (("validate", draft), ("validate", draft, "--annotate", tmp_path / "out.xlsx")):
        expect(run(*args), [2], "names.xlsx: the part xl/workbook.xml is not well-formed XML")


@pytest.mark.parametrize("part", [SHEET, "xl/styles.xml", "xl/workbook.xml"])
def test_a_workbook_nested_300_deep_keeps_the_contract(tmp_path: Path, part: str) -> None:
    draft = good_xlsx(tmp_path / "deep.xlsx")
    closing = {SHEET: b"</sheetData>", "xl/styles.xml": b"</styleSheet>", "xl/workbook.xml": b"</workbook>"}[
        part
    ]
    nested = b"<x>" * 300 + b"</x>" * 300
    rewrite(draft, lambda n, d: d.replace(closing, nested + closing) if n == part else d)
    expect(run("validate", draft, "--annotate", tmp_path / "out.xlsx"), [0, 1, 2])
    expect(run("validate", draft), [0, 1, 2])


# ---- interrupted runs and outputs in the way ------------------------------------------------------------


def sample_workspace(tmp_path: Path) -> Path:
    """A copy of the Jiangsu sample workspace to change."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "ws"))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_a_killed_package_run_are_cleaned_by_the_next_run(tmp_path: Path) -> None:
    ws = sample_workspace(tmp_path)
    dist = ws / "dist"
    dist.mkdir()
    gone = dead_pid()
    # What `kill -9` during a build leaves: a half-written folder and zip beside their targets.
    (dist / f".JS-2026.{gone}.k2j3h4.tmp").mkdir()
    (dist / f".JS-2026.{gone}.k2j3h4.tmp" / "catalog.xlsx").write_bytes(b"half")
    (dist / f".JS-2026.zip.{gone}.x9y8z7.tmp").write_bytes(b"half")
    (dist / f".JS-2026.{gone}.a1b2c3.old").mkdir()
    mine = dist / f".JS-2026.{os.getpid()}.live01.tmp"  # a run that is still writing: left alone
    mine.mkdir()
    expect(run("package", "--province", "JS", "--today", "2026-05-01", cwd=ws), [0])
    assert sorted(p.name for p in dist.iterdir()) == sorted(["JS-2026", "JS-2026.zip", mine.name])


def test_an_out_folder_whose_package_name_is_a_file_is_refused(tmp_path: Path) -> None:
    ws = sample_workspace(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "JS-2026").write_text("someone's notes", encoding="utf-8")
    outcome = run("package", "--province", "JS", "--today", "2026-05-01", "--out", out, cwd=ws)
    expect(outcome, [2], "a file of that name is in the way")
    assert (out / "JS-2026").read_text(encoding="utf-8") == "someone's notes"
    assert sorted(p.name for p in out.iterdir()) == ["JS-2026"]


# ---- a province's own competency schema is data: nothing is fetched, nothing loops ---------------------

BASE_SCHEMA = REPO / "catalogtool" / "schemas" / "competency.schema.json"


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("https://example.com/remote.json", "cannot be resolved inside the schema"),
        ("#/$defs/missing", "cannot be resolved inside the schema"),
    ],
)
def test_a_custom_competency_schema_with_an_unresolvable_ref_is_one_clear_line(
    tmp_path: Path, ref: str, said: str
) -> None:
    ws = sample_workspace(tmp_path)
    schema = json.loads(BASE_SCHEMA.read_text("utf-8"))
    schema.setdefault("properties", {})["skills"] = {"$ref": ref}
    (ws / "custom.schema.json").write_text(json.dumps(schema), "utf-8")
    config = ws / "catalogtool.yaml"
    config.write_text(config.read_text("utf-8") + "\ncompetency_schema: custom.schema.json\n", "utf-8")
    expect(run("validate", "--province", "JS", cwd=ws), [2], said)


# ---- found by `make fuzz` -------------------------------------------------------------------------------


def test_a_title_with_a_nul_becomes_an_escape_in_the_workbook_properties_not_a_failed_save(
    tmp_path: Path,
) -> None:
    draft = tmp_path / "draft.json"
    draft.write_text('{"title": "\\u0000", "validity": "\\u0000", "rows": []}', "utf-8")
    out = tmp_path / "out.xlsx"
    expect(run("convert", draft, out), [0])
    with zipfile.ZipFile(out) as zf:
        assert b">\\x00</dc:title>" in zf.read("docProps/core.xml")  # safe_cells.document_text


# ---- text and numbers no writer can take -----------------------------------------------------------------

ROW = {
    "seq": 1,
    "subcategory_code": "2-02-10",
    "subcategory_name": "信息和通信工程技术人员",
    "position": "工程师",
    "industry": "集成电路",
    "education": "学士",
    "experience_years": "3",
    "skills": "熟悉",
}


@pytest.mark.parametrize(
    "args",
    [
        *(
            ("validate", "--format", fmt)
            for fmt in ("text", "json", "github", "sarif", "junit", "codequality")
        ),
        *(("convert", f"out.{ext}") for ext in ("csv", "xlsx", "yaml", "json")),
    ],
)
@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_a_lone_surrogate_in_a_draft_is_one_clear_line_in_every_output(
    tmp_path: Path, kind: str, args: tuple[str, ...]
) -> None:
    draft = tmp_path / f"draft.{kind}"
    if kind == "json":
        draft.write_text(json.dumps([dict(ROW, skills="\ud800熟悉")]), "utf-8")  # ensure_ascii: "\\ud800"
    else:
        draft.write_text('- {subcategory_code: "2-02-10", skills: "\\ud800熟悉"}\n', "utf-8")
    command, *rest = args
    outcome = run(command, draft, *(str(tmp_path / r) if r.startswith("out.") else r for r in rest))
    expect(outcome, [2], "holds half a UTF-16 pair")
    assert not list(tmp_path.glob("out.*"))


@pytest.mark.parametrize("field", ["seq", "experience_years", "age_max"])
@pytest.mark.parametrize("value", ["9" * 5000, "1e400", "-1e400", "Infinity"])
def test_numbers_out_of_any_range_are_findings_not_exceptions(tmp_path: Path, field: str, value: str) -> None:
    draft = tmp_path / "draft.csv"
    header = ["序号", "小类代码", "小类名称", "岗位名称", "产业领域", "学历", "工作年限", "专业技能", "年龄"]
    row = ["1", "2-02-10", "信息和通信工程技术人员", "工程师", "集成电路", "学士", "3", "熟悉", "60"]
    row[{"seq": 0, "experience_years": 6, "age_max": 8}[field]] = value
    draft.write_text(",".join(header) + "\n" + ",".join(row) + "\n", "utf-8")
    for args in (
        ("validate", draft, "--format", "json"),
        ("convert", draft, tmp_path / "out.xlsx", "--force"),
    ):
        expect(run(*args), [0, 1])


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("validity_years", "99999999999999999999"),
        ("validity_years", "9" * 5000),
        ("effective_date", "9999-12-31"),
        ("effective_date", "10026-01-01"),
        ("effective_date", '"\\ud800"'),
    ],
)
def test_workspace_values_out_of_range_are_findings_or_one_clear_line(
    tmp_path: Path, key: str, value: str
) -> None:
    ws = sample_workspace(tmp_path)
    meta = ws / "provinces" / "JS" / "province.yaml"
    meta.write_text(re.sub(rf"(?m)^{key}:.*$", lambda _: f"{key}: {value}", meta.read_text("utf-8")), "utf-8")
    expect(run("validate", "--province", "JS", cwd=ws), [0, 1, 2])
    expect(run("package", "--province", "JS", "--today", "2026-05-01", cwd=ws), [0, 1, 2])


def test_one_stray_cell_a_million_rows_down_costs_no_more_than_the_data(tmp_path: Path) -> None:
    # The sheet's grid is 1,048,576 rows: only rows holding a value leave the contained parser.
    draft = good_xlsx(tmp_path / "stray.xlsx")
    rewrite(draft, lambda n, d: d.replace(b'<c r="A1" ', b'<c r="A1048576" ', 1) if n == SHEET else d)
    expect(run("validate", draft, "--format", "json"), [0, 1])


def test_a_style_record_pointing_past_the_style_lists_is_one_clear_line_in_annotate(tmp_path: Path) -> None:
    draft = good_xlsx(tmp_path / "styles.xlsx")
    rewrite(
        draft, lambda n, d: d.replace(b'fillId="0"', b'fillId="2147483648"') if n == "xl/styles.xml" else d
    )
    expect(run("validate", draft, "--annotate", tmp_path / "out.xlsx"), [0, 1, 2])


def test_a_cell_below_excels_last_row_is_refused_before_anything_writes_a_copy(tmp_path: Path) -> None:
    draft = good_xlsx(tmp_path / "below.xlsx")
    rewrite(draft, lambda n, d: d.replace(b'<c r="A1" ', b'<c r="A1048577" ', 1) if n == SHEET else d)
    expect(
        run("validate", draft, "--annotate", tmp_path / "out.xlsx"), [2], "beyond the limit of 1,048,576 rows"
    )


def test_a_library_warning_never_becomes_a_second_line(tmp_path: Path, run_cli: RunCli) -> None:
    # openpyxl warns while loading a sheet named with more than 31 characters; the copy then cannot
    # be written (its path is a folder). A real process: pytest would capture the warning in process.
    draft = good_xlsx(tmp_path / "warned.xlsx")
    rewrite(
        draft,
        lambda n, d: (
            d.replace(b'name="Sheet"', b'name="' + b"S" * 40 + b'"') if n == "xl/workbook.xml" else d
        ),
    )
    (tmp_path / "out.xlsx").mkdir()
    done = run_cli("validate", draft, "--annotate", tmp_path / "out.xlsx", "--force")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"catalogtool: cannot write {tmp_path / 'out.xlsx'}")
