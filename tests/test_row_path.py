"""The fast row path equals the plain one: cells reused per column and text, verdicts memoised per run.

Differential tests on generated drafts (Hypothesis): the xlsx reader's cells against a plain cell-by-cell
reading, and a run's findings with the memo against the same run with nothing memoised, for several
files with different columns checked in one run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogtool.fields import FIELD_LABELS, FIELDS
from catalogtool.model import Cell, CellValue
from catalogtool.read import xlsx
from catalogtool.read.table import is_blank
from catalogtool.rules import context
from catalogtool.validate import Request, run

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
    monkeypatch.setattr(context, "_MEMO_LIMIT", 0)  # every verdict judged afresh, for every row
    fresh = run(Request(files=tuple(paths)))
    assert [(f.file, f.rows, f.findings) for f in together.files] == [
        (f.file, f.rows, f.findings) for f in fresh.files
    ]
