"""The fast row path equals the plain one: cells reused per column and text, verdicts memoised per run.

Differential tests on generated drafts (Hypothesis): the xlsx reader's cells against a plain cell-by-cell
reading, and a run's findings with the memo against the same run with nothing memoised, for several
files with different columns checked in one run."""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogtool.codes import load_code_list
from catalogtool.config import ValidateOptions
from catalogtool.fields import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from catalogtool.model import CatalogRow, Cell, CellValue, Finding, RawRow, row_by_row
from catalogtool.normalize import parse_seq
from catalogtool.read import Limits, read_sheet, xlsx
from catalogtool.read.table import is_blank
from catalogtool.rules import context, cross_row_checks, crossrow
from catalogtool.rules.context import RowContext
from catalogtool.validate import Request, load_catalog, run

CODES = load_code_list()
LIMIT = 6  # a small cell limit, so that cutting long texts is exercised

TEXTS = [
    "",
    " ",
    "\u3000",
    "\u200b",
    "\u200bx",
    " x ",
    "x",
    "2-02-10",
    "硕士",
    "abcdefghij",
    "长长长长长长长长长",
]
VALUES: list[CellValue] = [
    None,
    *TEXTS,
    1,
    1.0,
    True,
    False,
    0,
    2.5,
    dt.datetime(2002, 2, 10),
    dt.date(2002, 2, 10),
    dt.time(8, 30),
]
PLAN = [("seq", 0, "A"), ("subcategory_code", 1, "B"), ("position", 2, "C"), ("notes", 4, "E")]


def plain_cells(values: Sequence[CellValue], formulas: Mapping[int, str] | None) -> dict[str, Cell]:
    """The reading before cells were reused: each cell judged and built on its own."""
    cells: dict[str, Cell] = {}
    for key, i, letter in PLAN:
        if i >= len(values):
            continue
        value = values[i]
        if is_blank(value):
            continue
        if isinstance(value, str) and len(value) > LIMIT:
            value = value[:LIMIT]
        cells[key] = Cell(value, letter, formulas.get(i) if formulas else None)
    return cells


rows = st.lists(
    st.tuples(
        st.lists(st.sampled_from(VALUES), min_size=3, max_size=6),
        st.none() | st.dictionaries(st.sampled_from([0, 1, 2, 4]), st.just("ROW()"), max_size=2),
    ),
    max_size=40,
)


@given(rows=rows, bound=st.sampled_from([0, 2, 20_000]))
def test_reused_cells_equal_cells_read_one_by_one(
    rows: list[tuple[list[CellValue], dict[int, str] | None]], bound: int
) -> None:
    cells_of = xlsx._Cells(PLAN, LIMIT)
    saved, xlsx._CELL_CACHE = xlsx._CELL_CACHE, bound  # 0 and 2: the caches stop filling at once
    try:
        for values, formulas in rows:
            got = cells_of(tuple(values), formulas)
            want = plain_cells(values, formulas)
            assert got == want
            # Equal is not enough: 1, 1.0 and True are equal, and so are their cells.
            assert {k: (type(c.value), c.formula) for k, c in got.items()} == {
                k: (type(c.value), c.formula) for k, c in want.items()
            }
    finally:
        xlsx._CELL_CACHE = saved


#: Values real drafts hold in each column, dirty ones included (the header labels: the field table's).
CELL = {
    "seq": st.sampled_from([None, 1, 2, 3, "一", 2.5]),
    "subcategory_code": st.sampled_from(
        [
            "2-02-10",
            "２－０２－１０",
            "2-02-3",
            "9-99-99",
            "",
            "2-02-10 信息和通信工程技术人员",
            20210,
            dt.datetime(2002, 2, 10),
        ]
    ),
    "subcategory_name": st.sampled_from(["", "信息和通信工程技术人员", "工程技术人员"]),
    "occupation_codes": st.sampled_from(["", "2-02-10-01", "2-02-10-1；2-02-38-01", "abc"]),
    "position": st.sampled_from(["", "工程师", "架构师"]),
    "industry": st.sampled_from(["", "集成电路"]),
    "education": st.sampled_from(["", "硕士及以上", "高中", "学士"]),
    "experience_years": st.sampled_from(["", "3年以上", "六十年", 2]),
    "skills": st.sampled_from(["", "熟悉前沿技术"]),
    "certificates": st.sampled_from(["", "PMP"]),
    "salary": st.sampled_from(["", "4倍", "0.5倍", "10万美元/年"]),
    "age_max": st.sampled_from(["", "60周岁以下", "90周岁以下", "原则上不超过60周岁，确有需要的可适当放宽"]),
    "notes": st.sampled_from(["", "经省人社厅批准，学历要求可适当放宽"]),
}
Draft = tuple[list[str], list[list[object]]]


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    """Fields (some columns left out) and rows of values."""
    keys = [k for k in FIELDS if k in ("subcategory_code", "position") or draw(st.integers(0, 4))]
    body = draw(st.lists(st.tuples(*(CELL[k] for k in keys)), min_size=1, max_size=12))
    return keys, [list(r) for r in body]


# A required column the first file lacks and the second has, blank in both (the memo once mixed them up).
LACKING = (
    ["subcategory_code", "subcategory_name", "position", "industry"],
    [["2-02-10", "", "工程师", "集成电路"]],
)
HAVING = (
    ["subcategory_code", "subcategory_name", "position", "industry", "education"],
    [["2-02-10", "", "工程师", "集成电路", ""]],
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(drafts(), min_size=2, max_size=3))
@example(files=[LACKING, HAVING])
def test_memoised_run_equals_a_run_that_memoises_nothing(
    files: list[Draft], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for n, (keys, body) in enumerate(files):
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append([FIELD_LABELS[k][0] for k in keys])
        for values in body:
            sheet.append(values)
        paths.append(tmp_path / f"draft-{len(list(tmp_path.iterdir()))}-{n}.xlsx")
        book.save(paths[-1])
    together = run(Request(files=tuple(paths)))
    with monkeypatch.context() as patch:  # undone after each example (the fixture serves them all)
        patch.setattr(context, "_MEMO_LIMIT", 0)  # every verdict judged afresh, for every row
        fresh = run(Request(files=tuple(paths)))
    assert [(f.file, f.rows, f.findings) for f in together.files] == [
        (f.file, f.rows, f.findings) for f in fresh.files
    ]


# --- plain rows read and checked a column at a time (RowBatch) against row by row ------------------

#: What may stand between, or in, the data rows of a generated draft (see laid_out).
EXTRA = st.sampled_from(
    [*[""] * 24, "section", "note", "notes", "signature", "formula", "blank", "spaces", "long", "merge"]
)


@st.composite
def laid_out(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, list[object]]]]:
    """Fields and rows, each row with what comes with it: a section row above it, a note, a formula in
    it, a blank or whitespace-only row above it, a long cell, a merge of its category down."""
    keys = [k for k in FIELDS if k == "seq" or k in REQUIRED_FIELDS or draw(st.integers(0, 2))]
    body = draw(st.lists(st.tuples(EXTRA, st.tuples(*(CELL[k] for k in keys))), min_size=1, max_size=25))
    return keys, [(extra, list(values)) for extra, values in body]


def write_laid_out(path: Path, keys: list[str], body: list[tuple[str, list[object]]], title: bool) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append(["江苏省外国人来华工作指导目录"])
        sheet.append([])
    sheet.append([FIELD_LABELS[k][0] for k in keys])
    for extra, values in body:
        if extra == "section":
            sheet.append(["一、集成电路（3个）"])
        elif extra == "note":
            sheet.append(["注：本目录由省人社厅负责解释。"])
        elif extra == "notes":  # notes over two cells: a row that looks like data but for its first cell
            sheet.append(["注：1. 本目录由省人社厅负责解释。", "2. 自发布之日起施行。"])
        elif extra == "signature":
            sheet.append(["填报单位（盖章）：", "日期：2025年10月15日"])
        elif extra == "blank":
            sheet.append([])
        elif extra == "spaces":
            sheet.append([" ", "\u3000", "\u200b"])
        if extra == "long":
            values = [*values[:-1], "长" * (LIMIT + 3)]
        sheet.append(values)
        if extra == "formula":
            sheet.cell(sheet.max_row, 1, "=ROW()-1")
        if extra == "merge" and "industry" in keys:
            col = keys.index("industry") + 1
            sheet.cell(sheet.max_row, col, "集成电路")
            sheet.append(values)
            sheet.merge_cells(
                start_row=sheet.max_row - 1, start_column=col, end_row=sheet.max_row, end_column=col
            )
    book.save(path)
    with zipfile.ZipFile(path) as zin:  # formulas with a saved value, as Excel writes them
        parts = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            zout.writestr(info, data.replace(b"<f>ROW()-1</f><v></v>", b"<f>ROW()-1</f><v>7</v>"))


def one_by_one(
    plain: xlsx._Plain, numbers: Sequence[int], columns: Sequence[Sequence[CellValue]]
) -> Iterator[tuple[int, int, None]]:
    """``_Plain.split`` with no plain rows: every row is read and checked one by one."""
    yield 0, len(numbers), None


def checked(paths: Sequence[Path], cap: int | None) -> list[object]:
    """Everything a run reports about ``paths`` and the rows it loads from each: findings whole (rule,
    severity, location, messages, value, repair), rows whole, and the types and key order that equality
    does not see."""
    options = ValidateOptions(max_findings=cap)
    report = run(Request(files=tuple(paths), options=options))
    out: list[object] = [[(f.file, f.rows, f.partial, f.findings) for f in report.files]]
    for path in paths:
        out.append(list(read_sheet(path).rows))  # cells whole: formulas too, which no check reads
        loaded = load_catalog(path, options)
        out.append((loaded.report, loaded.rows))
        out.append([(list(r.raw), [type(v) for v in r]) for r in loaded.rows])
    return out


#: Plain rows (what crosses as batches) with blanks here and there, dirty codes and values of every type.
PLAIN = (
    [
        "seq",
        "subcategory_code",
        "subcategory_name",
        "occupation_codes",
        "position",
        "education",
        "salary",
        "notes",
    ],
    [
        ("", [n, code, name, occupations, position, education, salary, notes])
        for n, (code, name, occupations, position, education, salary, notes) in enumerate(
            [
                ("2-02-10", "信息和通信工程技术人员", "2-02-10-01", "工程师", "硕士及以上", "4倍", ""),
                ("２－０２－１０", "", "2-02-10-1；2-02-38-01", "工程师", "", "0.5倍", "经省人社厅批准"),
                (dt.datetime(2002, 2, 10), "", "", "架构师", "高中", "", ""),
                (20210, "工程技术人员", "abc", "工程师", "学士", "10万美元/年", ""),
                ("2-02-10 信息和通信工程技术人员", "", "2-02-10-01", "\u200b", "硕士及以上", "4倍", " "),
                ("9-99-99", "信息和通信工程技术人员", "", "长长长长长长长长长长", "学士", "4倍", ""),
                ("2-02-10", "信息和通信工程技术人员", "2-02-10-01", "工程师", "硕士及以上", "4倍", ""),
                ("2-02-3", "", "2-02-10-01", "架构师", "", "", "经省人社厅批准"),
            ]
            * 2,  # the first rows are read with the header, one by one
            start=1,
        )
    ],
)


# The same rows in a table with every column, those PLAIN lacks blank: one memo serves both files, and
# PLAIN's verdicts on its blanks must not pass for these (RowCheck.memo_keys holds the file's columns).
FULL = ([*PLAIN[0], "industry", "experience_years", "skills"], [(x, [*v, "", "", ""]) for x, v in PLAIN[1]])


# FULL with a category merged down over two rows, a note over two cells and a signature line in the rows.
LAID_OUT = (
    FULL[0],
    [
        ("merge" if n == 9 else "notes" if n == 12 else "signature" if n == 14 else x, v)
        for n, (x, v) in enumerate(FULL[1])
    ],
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(files=[(PLAIN, False), (FULL, False)], batch=2, limit=8, cap=None)
@example(files=[(LAID_OUT, False)], batch=2, limit=32_767, cap=None)
@example(files=[(LAID_OUT, True)], batch=3, limit=32_767, cap=None)
@example(files=[(PLAIN, True), (PLAIN, False)], batch=3, limit=32_767, cap=4)
@given(
    files=st.lists(st.tuples(laid_out(), st.booleans()), min_size=1, max_size=2),
    batch=st.sampled_from([2, 3, 4096]),
    limit=st.sampled_from([8, 32_767]),
    cap=st.sampled_from([None, None, 3]),
)
def test_rows_read_as_columns_are_checked_as_row_by_row(
    files: list[tuple[tuple[list[str], list[tuple[str, list[object]]]], bool]],
    batch: int,
    limit: int,
    cap: int | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = []
    for n, ((keys, body), title) in enumerate(files):
        paths.append(tmp_path / f"laid-{len(list(tmp_path.iterdir()))}-{n}.xlsx")
        write_laid_out(paths[-1], keys, body, title)
    with monkeypatch.context() as patch:  # undone after each example (the fixture serves them all)
        patch.setattr(xlsx, "_BATCH", batch)  # the parser's batches: several per draft, plain or not
        patch.setattr(xlsx, "HEADER_SCAN_ROWS", 3)  # and few rows read with the header, one by one
        patch.setattr(xlsx, "_MIN_RUN", 1)  # plain rows between odd ones batched however few
        patch.setattr(read_sheet, "__defaults__", (None, Limits(max_cell_chars=limit)))
        as_columns = checked(paths, cap)
        patch.setattr(xlsx._Plain, "split", one_by_one)
        assert checked(paths, cap) == as_columns


def test_plain_rows_come_as_batches_and_the_others_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = [
        "2-02-10",
        "信息和通信工程技术人员",
        "2-02-10-01",
        "",
        "集成电路",
        "硕士",
        "3年以上",
        "熟悉",
        "",
        "4倍",
        "60周岁以下",
        "",
    ]
    body: list[tuple[str, list[object]]] = [("", [n, *row[:3], f"工程师{n}", *row[4:]]) for n in range(1, 31)]
    body[26] = ("section", body[26][1])  # a section row (row 28) above data row 27
    for values in (body[26][1], body[27][1]):  # rows 29 and 30 leave the industry to the heading
        values[5] = ""
    path = tmp_path / "plain.xlsx"
    write_laid_out(path, list(FIELDS), body, title=False)
    monkeypatch.setattr(xlsx, "_BATCH", 3)
    monkeypatch.setattr(xlsx, "_MIN_RUN", 1)
    runs = list(read_sheet(path).runs or ())
    # Rows 2-22 are read with the header, one by one; 23-25 cross as a plain batch, and 26-27 before the
    # section row (28, read one by one: a heading); under it, the batch of 29-31 goes one by one (the
    # heading fills the industry of 29 and 30), 32 comes as a batch (its industry is its own).
    assert [[r.number] if isinstance(r, RawRow) else list(r.numbers) for r in runs] == [
        *([n] for n in range(2, 23)),
        [23, 24, 25],
        [26, 27],
        [29],
        [30],
        [31],
        [32],
    ]
    assert not isinstance(runs[-1], RawRow) and [isinstance(r, RawRow) for r in runs[-4:-1]] == [True] * 3
    monkeypatch.setattr(xlsx._Plain, "split", one_by_one)
    assert list(row_by_row(runs)) == list(read_sheet(path).rows)


# --- cross-row checks fed batches ------------------------------------------------------------------


@st.composite
def catalog_rows(draw: st.DrawFn) -> list[CatalogRow]:
    """Rows as the cross-row checks see them: numbered on, restarted, repeated, skipped or unreadable
    sequence numbers under headings; positions new, repeated, or under another code."""
    rows = []
    seq, section = 0, 0
    for number in range(2, 2 + draw(st.integers(1, 30))):
        step = draw(st.sampled_from([1, 1, 1, 1, 0, 2, "restart", "heading", "again", "text", "blank"]))
        if step == "restart":  # a heading, numbering from 1 under it
            seq, section = 1, number
        elif step == "heading":  # a heading, numbering going on
            seq, section = seq + 1, number
        elif step == "again":  # 1 again under the same heading
            seq = 1
        elif isinstance(step, int):
            seq += step
        text = {"text": "一", "blank": ""}.get(str(step), str(seq))
        position = draw(st.sampled_from([f"工程师{number}", f"工程师{number}", "工程师", " 工 程 师 ", ""]))
        code = draw(st.sampled_from(["2-02-10", "2-02-10", "2-02-38", None]))
        rows.append(
            CatalogRow(
                number,
                parse_seq(text),
                code,
                "",
                (),
                position,
                "",
                None,
                None,
                "",
                "",
                None,
                None,
                "",
                raw={"seq": text} if text else {},
                section=section,
            )
        )
    return rows


@given(rows=catalog_rows(), cuts=st.lists(st.integers(1, 8), min_size=1, max_size=8))
def test_cross_row_checks_fed_batches_find_what_they_find_row_by_row(
    rows: list[CatalogRow], cuts: list[int]
) -> None:
    ctx = RowContext(file="d.xlsx", sheet="S", columns={"seq": "A", "position": "E"}, codes=CODES)

    def fed(batches: Iterator[list[CatalogRow]]) -> list[Finding]:
        feeds = [check.start(ctx) for check in cross_row_checks()]
        out = []
        for batch in batches:
            for feed in feeds:
                found = feed(batch)
                out += [f for i in sorted(found) for f in found[i]]
        return out

    def in_batches() -> Iterator[list[CatalogRow]]:
        at, sizes = 0, itertools.cycle(cuts)
        while at < len(rows):
            size = next(sizes)
            yield rows[at : at + size]
            at += size

    by_batch = fed(in_batches())
    with pytest.MonkeyPatch.context() as patch:  # the loops alone, a row at a time
        patch.setattr(crossrow._Entries, "_all_new", lambda *_: False)
        patch.setattr(crossrow._Sequence, "_numbered_on", lambda *_: False)
        one_by_one = fed([row] for row in rows)
    assert sorted(by_batch, key=Finding.sort_key) == sorted(one_by_one, key=Finding.sort_key)
