"""The field normalisers read what drafters write, and never raise on anything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogtool.model import Salary
from catalogtool.normalize import (
    chinese_number,
    date_code_readings,
    no_requirement,
    parse_age,
    parse_education,
    parse_salary,
    parse_seq,
    parse_years,
    split_list,
)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("博士", "doctorate"),
        ("博士研究生", "doctorate"),
        ("硕士及以上", "master"),
        ("研究生", "master"),
        ("学士", "bachelor"),
        ("本科及以上", "bachelor"),
        ("本科以上学历", "bachelor"),
        ("学士学位", "bachelor"),
        ("大专", "associate"),
        ("Associate degree", "associate"),
        ("不限", "none"),
        ("Bachelor's degree or above", "bachelor"),
        ("a degree", None),
        ("本科或硕士", "bachelor"),
        ("学士（本科）", "bachelor"),
        ("学士(本科)及以上", "bachelor"),
        ("本科（学士）", "bachelor"),
        ("本科或以上", "bachelor"),
        ("全日制本科", "bachelor"),
        ("硕士（含）以上", "master"),
        ("ＭＡＳＴＥＲ", "master"),
        ("高中", None),
        ("", None),
    ],
)
def test_education_levels(text: str, level: str | None) -> None:
    assert parse_education(text) == level


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2", 2),
        ("2年", 2),
        ("2年以上", 2),
        ("两年以上", 2),
        ("三年及以上", 3),
        ("十年以上", 10),
        ("3-5年", 3),
        ("1.5年", 1.5),
        ("2年（含）以上", 2),
        ("满2年", 2),
        ("-1", -1),
        ("不限", 0),
        ("若干年", None),
        ("", None),
    ],
)
def test_experience_years(text: str, years: float | None) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("60周岁以下", 60),
        ("不超过55岁", 55),
        ("55周岁（含）以下", 55),
        ("60", 60),
        ("≤60", 60),
        ("六十周岁以下", 60),
        ("年轻", None),
        ("不限", None),
    ],
)
def test_age(text: str, age: int | None) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize(
    ("text", "multiple", "annual"),
    [
        ("4倍", 4, None),
        ("不低于上年度社会平均工资4倍", 4, None),
        ("30万元/年", None, 300_000),
        ("年薪50万元以上", None, 500_000),
        ("300000元", None, 300_000),
        ("月薪2万元", None, 240_000),
        ("￥300,000", None, 300_000),
        ("4x", 4, None),
    ],
)
def test_salary(text: str, multiple: float | None, annual: float | None) -> None:
    assert parse_salary(text) == Salary(multiple=multiple, annual_yuan=annual, text=text)


def test_no_requirement_words() -> None:
    assert no_requirement("不限") and no_requirement(" 无 ") and not no_requirement("60")


def test_salary_unreadable() -> None:
    assert parse_salary("面议") is None
    assert parse_salary("面议,50%") is None


def test_seq_and_lists() -> None:
    assert parse_seq("３") == 3
    assert parse_seq("3.0") == 3
    assert parse_seq("三") is None
    assert split_list("2-02-38-01；2-02-38-03、2-02-38-04\n2-02-38-05,") == [
        "2-02-38-01",
        "2-02-38-03",
        "2-02-38-04",
        "2-02-38-05",
    ]


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("两", "十", "十二", "二十", "三十五", "半", "百")] == [
        2,
        10,
        12,
        20,
        35,
        0.5,
        None,
    ]


def test_excel_date_readings() -> None:
    # zh-CN Excel: 2-02-10 → 2002-02-10; en-US: 2-02-10 → 2010-02-02.
    assert date_code_readings(dt.date(2002, 2, 10))[0] == "2-02-10"
    assert "2-02-10" in date_code_readings(dt.date(2010, 2, 2))
    assert date_code_readings(dt.datetime(2004, 5, 1, 0, 0))[0] == "4-05-01"


@given(st.text(max_size=40))
def test_normalisers_never_raise(text: str) -> None:
    parse_education(text)
    parse_years(text)
    parse_age(text)
    parse_salary(text)
    parse_seq(text)
    split_list(text)


@given(st.integers(min_value=0, max_value=50), st.sampled_from(["", "年", "年以上", "年及以上"]))
def test_years_round_trip(n: int, suffix: str) -> None:
    assert parse_years(f"{n}{suffix}") == n


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_date_readings_are_code_shaped(d: dt.date) -> None:
    for reading in date_code_readings(d):
        major, medium, sub = reading.split("-")
        assert len(major) == 1 and len(medium) == 2 and len(sub) == 2
