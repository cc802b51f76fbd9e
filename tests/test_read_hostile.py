"""Hostile and unusable inputs: each is one InputError (exit 2, one line), fast, input untouched.

Every file is generated here. The two that would abort python-calamine or eat gigabytes if they
reached it (far-corner cell, zip bomb) also run through the real CLI in a subprocess, so a
regression fails one test instead of killing the test run.
"""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogtool.errors import InputError
from catalogtool.read import DEFAULT_LIMITS, Limits, read_sheet
from catalogtool.read.safety import column_index, greater_letters, greater_number
from tests.conftest import RunCli, save_xlsx

HEADER = ["序号", "小类代码", "小类名称", "岗位名称", "产业领域", "学历", "工作年限", "专业技能"]
ROW = [1, "2-02-10", "信息和通信工程技术人员", "工程师", "软件", "学士", "3", "熟悉"]
SHEET = "xl/worksheets/sheet1.xml"


def good_xlsx(path: Path) -> Path:
    return save_xlsx(path, HEADER, ROW)


def rewrite(
    path: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> Path:
    """Rewrite a workbook member by member (None drops a member), adding ``extra`` members."""
    with zipfile.ZipFile(path) as zin:
        items = [(info.filename, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            new = change(name, data)
            if new is not None:
                zout.writestr(name, new)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return path


def refused(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> InputError:
    """read_sheet (and reading every row) raises InputError and leaves the file as it was.

    Speed is bounded by what the readers do (pre-scans, limits), not asserted on a clock: a loaded
    machine must not fail a test.
    """
    before = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
    with pytest.raises(InputError) as err:
        list(read_sheet(path, limits=limits).rows)
    if before is not None:
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    message = err.value.message_en
    assert "\n" not in message and "\n" not in err.value.message_zh
    assert message.startswith(f"{path}: ") and err.value.message_zh.startswith(f"{path}：")
    return err.value


# ---- not a file, not readable, not a spreadsheet --------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in refused(tmp_path / "nope.xlsx").message_en


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.xlsx").mkdir()
    assert "is a folder" in refused(tmp_path / "dir.xlsx").message_en


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "empty (0 bytes)" in refused(tmp_path / "empty.xlsx").message_en


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path / "locked.xlsx")
    path.chmod(0)
    try:
        assert "permission denied" in refused(path).message_en
    finally:
        path.chmod(0o644)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path / "big.xlsx")
    assert "larger than" in refused(path, limits=Limits(max_file_bytes=1000)).message_en


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("text.xlsx", "序号,小类代码\n1,2-02-10\n".encode(), "is named .xlsx but contains text"),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le"),
            ".xls",
        ),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"),
            "password-protected",
        ),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF document"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image"),
        ("junk.csv", bytes(range(256)) * 8, "binary file"),
        ("utf16.csv", "序号,岗位\n".encode("utf-16"), "UTF-16"),
        ("latin.csv", "序号,小类代码\n".encode() + b"\xff\xfe\xfd,\x80\x80\n", "neither UTF-8 nor GB18030"),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in refused(path).message_en


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "META-INF/manifest.xml": b"<m/>"},
            ".ods",
        ),
        ({"Index/Document.iwa": b"\x00", "Metadata/Properties.plist": b"x"}, "Apple Numbers"),
        ({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}, "Word document"),
        ({"notes.txt": b"hello"}, "not an Excel workbook"),
    ],
)
def test_other_zip_formats(tmp_path: Path, members: dict[str, bytes], expected: str) -> None:
    assert expected in refused(_zip(tmp_path / "thing.xlsx", members)).message_en


def test_macro_enabled_workbook(tmp_path: Path) -> None:
    path = rewrite(good_xlsx(tmp_path / "macro.xlsm"), lambda n, d: d, {"xl/vbaProject.bin": b"\x00" * 64})
    error = refused(path)
    assert "macro-enabled" in error.message_en and "without macros" in error.message_en
    assert "宏" in error.message_zh


def test_corrupt_and_truncated_workbooks(tmp_path: Path) -> None:
    whole = good_xlsx(tmp_path / "whole.xlsx").read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert "corrupt or truncated" in refused(truncated).message_en
    flipped = bytearray(whole)
    start = whole.index(b"sheet1.xml") + 40  # inside the worksheet's compressed bytes
    flipped[start : start + 200] = bytes(200)
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(bytes(flipped))
    assert "corrupt or truncated" in refused(corrupt).message_en


# ---- hostile workbooks ----------------------------------------------------------------------------


def _bomb_xlsx(path: Path, inflated: int) -> Path:
    """A workbook whose sheet XML is a huge run of zeros: tiny compressed, huge inflated."""
    good_xlsx(path)
    zeros = b"0" * inflated
    return rewrite(
        path, lambda n, d: d.replace(b"</worksheet>", zeros + b"</worksheet>") if n == SHEET else d
    )


def test_zip_bomb_is_refused_from_the_central_directory(tmp_path: Path) -> None:
    path = _bomb_xlsx(tmp_path / "bomb.xlsx", 60 * 2**20)
    assert path.stat().st_size < 200_000
    assert "zip bomb" in refused(path).message_en


def test_inflated_total_over_the_limit(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path / "total.xlsx")
    assert "zip bomb" in refused(path, limits=Limits(max_uncompressed_bytes=2000)).message_en


def test_member_lying_about_its_size(tmp_path: Path) -> None:
    # The directory says 1,000 bytes; the data inflates to 10 MB. Reading stops at the declared size
    # and the CRC no longer matches: corrupt, never inflated in full.
    path = _bomb_xlsx(tmp_path / "liar.xlsx", 10 * 2**20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        local = z.getinfo(SHEET).header_offset
    struct.pack_into("<I", data, local + 22, 1000)  # local header: uncompressed size
    central = data.index(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == SHEET.encode():
            struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    assert "corrupt or truncated" in refused(path).message_en


def test_xml_entity_bomb(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>"
    )
    path = rewrite(
        good_xlsx(tmp_path / "lol.xlsx"),
        lambda n, d: laughs + d[d.index(b"<worksheet") :] if n == SHEET else d,
    )
    assert "DOCTYPE/ENTITY" in refused(path).message_en


def test_entity_in_another_part(tmp_path: Path) -> None:
    path = rewrite(
        good_xlsx(tmp_path / "xxe.xlsx"),
        lambda n, d: (
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + d if n == "xl/styles.xml" else d
        ),
    )
    assert "xl/styles.xml" in refused(path).message_en


def _far_corner(path: Path) -> Path:
    good_xlsx(path)
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return rewrite(path, lambda n, d: d.replace(b"</sheetData>", far) if n == SHEET else d)


def test_far_corner_cell_never_reaches_calamine(tmp_path: Path, run_cli: RunCli) -> None:
    path = _far_corner(tmp_path / "corner.xlsx")
    error = refused(path)
    assert error.message_en == (
        f"{path}: sheet “Sheet” uses column XFD, beyond the limit of 200 columns; "
        "delete the stray cells far from the table and save again"
    )
    assert error.message_zh.startswith(f"{path}：工作表")
    result = run_cli("validate", path)  # in a subprocess: a regression must not abort the test run
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "XFD" in result.stderr


def test_worksheet_hidden_under_an_image_name_is_still_scanned(tmp_path: Path, run_cli: RunCli) -> None:
    path = _far_corner(tmp_path / "disguised.xlsx")

    def disguise(name: str, data: bytes) -> bytes | None:
        if name == SHEET:
            return None
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"worksheets/sheet1.xml", b"media/image1.png")
        return data

    with zipfile.ZipFile(path) as z:
        sheet = z.read(SHEET)
    rewrite(path, disguise, {"xl/media/image1.png": sheet})
    result = run_cli("validate", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "beyond the limit" in result.stderr


def test_zip_bomb_through_the_cli(tmp_path: Path, run_cli: RunCli) -> None:
    path = _bomb_xlsx(tmp_path / "bomb.xlsx", 60 * 2**20)
    result = run_cli("validate", path, env={"CATALOGTOOL_LANG": "zh"})
    assert result.returncode == 2
    assert result.stderr.startswith(f"catalogtool: {path}：") and "压缩炸弹" in result.stderr
    assert "Traceback" not in result.stderr


def test_cell_reference_written_far_below_its_row(tmp_path: Path) -> None:
    # A small <row r="3"> whose cell names row 2,000,000: the cell's own reference counts.
    path = good_xlsx(tmp_path / "liar-row.xlsx")
    bad = b'<row r="3"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    rewrite(path, lambda n, d: d.replace(b"</sheetData>", bad) if n == SHEET else d)
    assert "row 2,000,000" in refused(path).message_en


def test_too_many_columns_and_rows(tmp_path: Path) -> None:
    save_xlsx(tmp_path / "wide.xlsx", [*HEADER, *[f"x{i}" for i in range(300)]], ROW)
    assert "uses column GS, beyond the limit of 200 columns" in refused(tmp_path / "wide.xlsx").message_en
    tall = good_xlsx(tmp_path / "tall.xlsx")
    assert "beyond the limit" in refused(tall, limits=Limits(max_rows=1)).message_en


def test_cells_without_references_are_bounded_by_count(tmp_path: Path) -> None:
    # Cells without r= take the next column: 250 of them in one row exceed the column limit.
    cells = b"".join(b'<c t="inlineStr"><is><t>v</t></is></c>' for _ in range(250))
    path = good_xlsx(tmp_path / "implicit.xlsx")
    rewrite(
        path,
        lambda n, d: (
            d.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>") if n == SHEET else d
        ),
    )
    assert "beyond the limit" in refused(path).message_en


# ---- hostile text ---------------------------------------------------------------------------------


def test_yaml_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nrows: [*a9]\n", encoding="utf-8")
    assert "anchors and aliases" in refused(path).message_en


@pytest.mark.parametrize(
    "text",
    ["[" * 50_000 + "]" * 50_000, "- " * 5_000 + "x\n", "".join(f"{' ' * i}k{i}:\n" for i in range(300))],
)
def test_deep_yaml_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # The refusal is a linear pre-scan: the recursive parser never sees the document.
    from ruamel.yaml import YAML

    def no_parse(*_: object) -> None:
        raise AssertionError("the YAML parser was reached")

    monkeypatch.setattr(YAML, "compose", no_parse)
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    assert "nested too deeply (more than 64 levels)" in refused(path).message_en


def test_nesting_depth_bounds_real_nesting() -> None:
    from catalogtool.read.structured import nesting_depth

    assert nesting_depth("- position: 工程师\n  skills: [a, b]\n") == 2
    assert nesting_depth("rows:\n  - a: {b: [c]}\n") == 4
    assert nesting_depth("]]]" + "[" * 3) == 3


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("shape.yaml", "title: 目录\n", "expected a list of rows"),
        ("nested.yaml", "- position: {a: 1}\n", "line 1: a value must be text"),
        ("scalar.yaml", "just text\n", "expected a list of rows"),
        ("broken.yaml", "- position: [\n", "invalid YAML"),
        ("two.yaml", "- a: 1\n---\n- b: 2\n", "invalid YAML"),
        ("shape.json", '{"title": "目录"}', "expected a list of rows"),
        ("rows.json", "[1, 2]", "line 1: expected a list of rows"),
        ("nan.json", '[{"seq": NaN}]', "invalid JSON"),
        ("broken.json", '[{"seq": 1,]', "invalid JSON (line 1"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "invalid JSON"),
        ("deep.yaml", "[" * 50_000 + "]" * 50_000, "nested too deeply"),
    ],
)
def test_structured_files_of_the_wrong_shape(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert expected in refused(path).message_en


@pytest.mark.parametrize("raised_limit", [False, True])
def test_csv_with_a_huge_field(tmp_path: Path, raised_limit: bool) -> None:
    # Same outcome when another library has raised csv's process-wide field limit (frictionless does).
    path = tmp_path / "huge.csv"
    path.write_text(",".join(HEADER) + '\n1,2,"' + "x\n" * 100_000 + '"\n', encoding="utf-8")
    before = csv.field_size_limit()
    try:
        if raised_limit:
            csv.field_size_limit(sys.maxsize)
        assert "line 2 cannot be read as CSV" in refused(path).message_en
    finally:
        csv.field_size_limit(before)


def test_csv_with_a_huge_line(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    path.write_text(",".join(HEADER) + "\n" + "x" * 3_000_000 + "\n", encoding="utf-8")
    assert "a line has 3,000,000 characters" in refused(path).message_en


def test_csv_with_too_many_fields(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(["x"] * 500) + "\n", encoding="utf-8")
    assert "line 2 has 500 fields" in refused(path).message_en


def test_csv_without_a_table(tmp_path: Path) -> None:
    path = tmp_path / "prose.csv"
    path.write_text("会议纪要\n今天讨论了目录。\n", encoding="utf-8")
    error = refused(path)
    assert "no catalog table found" in error.message_en and "未找到目录表格" in error.message_zh


# ---- the scanner's "beyond the maximum" patterns ---------------------------------------------------

_letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)


@given(_letters, _letters)
def testgreater_letters_pattern_matches_exactly_the_later_columns(current: str, other: str) -> None:
    pattern = re.compile(greater_letters(current))
    assert bool(pattern.fullmatch(other)) == (column_index(other) > column_index(current))


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def testgreater_number_pattern_matches_exactly_the_larger_numbers(current: int, other: int) -> None:
    assert bool(re.fullmatch(greater_number(current), str(other))) == (other > current)
