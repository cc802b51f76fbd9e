"""The 31 provincial-level divisions: the table matches the reference, and lookup forgives spelling."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from catalogtool.provinces import PROVINCES, UnknownProvinceError, find_province

REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "provinces.csv"  # vendored


def test_there_are_31_divisions_with_unique_codes() -> None:
    assert len(PROVINCES) == 31
    assert len({p.abbr for p in PROVINCES}) == 31
    assert len({p.gb2260 for p in PROVINCES}) == 31
    assert len({p.name_zh for p in PROVINCES}) == 31


def test_table_equals_the_reference_row_for_row() -> None:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        expected = [
            (
                r["abbr"],
                r["iso_3166_2"],
                r["gb2260"],
                r["name_zh"],
                r["name_en"],
                r["type"],
                r["hrss_department_zh"],
            )
            for r in csv.DictReader(handle)
        ]
    actual = [
        (p.abbr, p.iso_3166_2, p.gb2260, p.name_zh, p.name_en, p.type, p.hrss_department_zh)
        for p in PROVINCES
    ]
    assert actual == expected


@pytest.mark.parametrize(
    "query",
    ["JS", "js", "CN-JS", "cn_js", "320000", "32", "江苏省", "江苏", "jiangsu", "Jiangsu Sheng", " JS "],
)
def test_jiangsu_is_found_by_any_of_its_names(query: str) -> None:
    assert find_province(query).abbr == "JS"


@pytest.mark.parametrize(
    ("query", "abbr"),
    [
        ("内蒙古", "NM"),
        ("广西", "GX"),
        ("新疆", "XJ"),
        ("宁夏回族自治区", "NX"),
        ("Xizang", "XZ"),
        ("shaanxi", "SN"),
    ],
)
def test_regions_are_found_by_their_short_chinese_and_romanised_names(query: str, abbr: str) -> None:
    assert find_province(query).abbr == abbr


def test_short_names_drop_the_administrative_suffix() -> None:
    assert find_province("GX").short_zh == "广西"
    assert find_province("HL").short_zh == "黑龙江"
    assert find_province("SH").short_en == "Shanghai"
    assert find_province("BJ").hrss_department_zh == "北京市人力资源和社会保障局"  # 局 for municipalities
    assert find_province("JS").hrss_department_zh == "江苏省人力资源和社会保障厅"


def _one_letter_apart(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


@pytest.mark.parametrize(
    ("query", "must_include"),
    [("HX", {"HE", "HA", "HB", "HL", "SX"}), ("SS", {"SX", "SN", "SH", "SD", "SC"})],
)
def test_an_unknown_two_letter_code_suggests_the_one_letter_slips(query: str, must_include: set[str]) -> None:
    with pytest.raises(UnknownProvinceError) as caught:
        find_province(query)
    abbrs = [s.split()[0] for s in caught.value.suggestions]
    assert must_include <= set(abbrs)
    assert all(_one_letter_apart(query, a) for a in abbrs)
    assert len(abbrs) == len(set(abbrs)) <= 6
    assert "Did you mean" in str(caught.value)


def test_nonsense_gives_no_suggestions() -> None:
    with pytest.raises(UnknownProvinceError) as caught:
        find_province("ZZZZ")
    assert caught.value.suggestions == []
