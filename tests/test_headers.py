"""Header matching and header-row detection (read/headers.py): pure functions, no files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogtool.model import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from catalogtool.read.headers import ALIASES, Merge, detect_header, match_header, normalize_label


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("序号", "seq"),
        ("No.", "seq"),
        ("编号", "seq"),
        ("职业小类代码", "subcategory_code"),
        ("Subcategory code", "subcategory_code"),
        ("小类名称", "subcategory_name"),
        ("职业名称", "subcategory_name"),
        ("职业（细类）代码", "occupation_codes"),
        ("细类代码", "occupation_codes"),
        ("岗位名称\nPosition", "position"),
        ("Job title", "position"),
        ("产业/领域", "industry"),
        ("重点产业", "industry"),
        ("*学历（学位）", "education"),
        ("学历要求", "education"),
        ("工作经历（年）", "experience_years"),
        ("Experience (years)", "experience_years"),
        ("从业年限", "experience_years"),
        ("能力要求", "skills"),
        ("职业资格证书", "certificates"),
        ("薪酬要求", "salary"),
        ("年薪", "salary"),
        ("年龄上限（周岁）", "age_max"),
        ("Remarks", "notes"),
        ("ＮＯ．", "seq"),
        ("岗 位 名 称", "position"),
        ("※专业技能(必填)", "skills"),
        ("岗位名称 Position", "position"),
    ],
)
def test_header_spellings_map_to_their_field(text: str, key: str) -> None:
    assert match_header(text) == key


@pytest.mark.parametrize("text", ["", "   ", "岗位职责", "填表说明", "Total", "代码"])
def test_other_headers_map_to_nothing(text: str) -> None:
    assert match_header(text) is None


def test_every_template_label_matches_its_own_field() -> None:
    for key in FIELDS:
        zh, en, _group = FIELD_LABELS[key]
        assert (match_header(zh), match_header(en)) == (key, key)


_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@st.composite
def decorated_alias(draw: st.DrawFn) -> tuple[str, str]:
    """An alias of some field, as a person might type it: spaces, line breaks, marks, width, case."""
    key = draw(st.sampled_from(FIELDS))
    alias = draw(st.sampled_from((*FIELD_LABELS[key][:2], *ALIASES[key])))
    chars = []
    for ch in alias:
        if draw(st.booleans()):
            ch = _FULLWIDTH.get(ch, ch)
        if ch.isascii() and draw(st.booleans()):
            ch = ch.swapcase()
        chars.append(ch)
        chars.append(draw(st.sampled_from(["", "", "", " ", "\n", "\u3000"])))
    text = "".join(chars)
    prefix = draw(st.sampled_from(["", "*", "＊", "※"]))
    suffix = draw(st.sampled_from(["", "（必填）", "(required)", " "]))
    return key, prefix + text + suffix


@given(decorated_alias())
def test_decorated_aliases_still_match(case: tuple[str, str]) -> None:
    key, text = case
    assert match_header(text) == key


@given(st.text(max_size=40))
def test_normalize_label_is_idempotent(text: str) -> None:
    once = normalize_label(text)
    assert normalize_label(once) == once
    assert not any(ch.isspace() for ch in once)


def _grid(*rows: list[object]) -> list[tuple[int, list[object]]]:
    return [(i, list(r)) for i, r in enumerate(rows, start=1)]


def test_single_row_header_below_title_rows() -> None:
    grid = _grid(
        ["江苏省外国人来华工作指导目录"],
        [],
        ["序号", "小类代码", "小类名称", "岗位名称", "产业领域", "学历", "工作年限", "专业技能"],
        [1, "2-02-10", "信息和通信工程技术人员", "工程师", "软件", "学士", "2", "熟悉"],
    )
    header = detect_header(grid)  # type: ignore[arg-type]
    assert header is not None
    assert header.rows == (3,)
    assert header.columns["position"] == 3
    assert header.missing == ()


def test_two_level_merged_header_keeps_vertical_labels_and_skips_group_labels() -> None:
    # The Jiangsu layout: 序号 merged over rows 3-4, 职业分类 over B3:C3, 能力要求 over G3:K3.
    grid = _grid(
        ["title"],
        ["validity"],
        [
            "序号",
            "职业分类",
            None,
            "相关职业代码",
            "岗位名称",
            "产业领域",
            "能力要求",
            None,
            None,
            None,
            None,
            "年龄要求",
            "备注",
        ],
        [
            None,
            "小类代码",
            "小类名称",
            None,
            None,
            None,
            "学历（学位）",
            "工作经历（年）",
            "专业技能",
            "职业资格证书",
            "薪酬要求",
        ],
    )
    merges = [
        Merge(3, 0, 4, 0),
        Merge(3, 1, 3, 2),
        Merge(3, 6, 3, 10),
        Merge(3, 11, 4, 11),
        Merge(3, 12, 4, 12),
    ]
    header = detect_header(grid, merges)  # type: ignore[arg-type]
    assert header is not None
    assert header.rows == (3, 4)
    assert dict(header.columns) == {key: i for i, key in enumerate(FIELDS)}
    assert header.unknown == () and header.duplicates == ()


def test_csv_group_label_spans_empty_cells_and_completes_short_sub_labels() -> None:
    grid = _grid(
        ["职业小类", "", "岗位名称", "产业", "能力要求", "", "", ""],
        ["代码", "名称", "", "", "学历", "工作经历", "专业技能", "其他"],
        ["2-02-10", "信息和通信工程技术人员", "工程师", "软件", "学士", "2", "熟悉", "x"],
    )
    header = detect_header(grid)  # type: ignore[arg-type]
    assert header is not None
    assert header.rows == (1, 2)
    assert header.columns["subcategory_code"] == 0
    assert header.columns["subcategory_name"] == 1
    assert header.columns["skills"] == 6
    assert [(c.index, c.label) for c in header.unknown] == [(7, "能力要求 › 其他")]


def test_column_numbers_row_under_the_header_belongs_to_the_header() -> None:
    names = ["序号", "小类代码", "小类名称", "岗位名称", "产业领域", "学历", "工作经历", "专业技能"]
    grid = _grid(names, [1, 2, 3, 4, 5, 6, 7, 8], [1, "2-02-10", "x", "y", "z", "学士", "2", "s"])
    header = detect_header(grid)  # type: ignore[arg-type]
    assert header is not None and header.rows == (1, 2)


def test_duplicate_and_unknown_columns_are_reported_not_mapped() -> None:
    grid = _grid(["岗位名称", "学历", "岗位职责", "学历要求"])
    header = detect_header(grid)  # type: ignore[arg-type]
    assert header is not None
    assert dict(header.columns) == {"position": 0, "education": 1}
    assert [(c.index, c.label) for c in header.unknown] == [(2, "岗位职责")]
    assert [(c.index, c.key) for c in header.duplicates] == [(3, "education")]
    assert set(header.missing) == set(REQUIRED_FIELDS) - {"position", "education"}


def test_no_header_in_a_sheet_of_prose() -> None:
    grid = _grid(["填表说明"], ["1. 每行填写一个岗位。"], ["2. 代码以大典为准。"])
    assert detect_header(grid) is None  # type: ignore[arg-type]
