"""Field normalisers: turn what drafters write into typed values, per field, never by guessing.

Pure functions of text (and, for codes typed into Excel, dates); the text parsers are memoised
because a catalog repeats the same few spellings on every row. Each returns ``None`` when the text
does not say something this module can read; the rules decide what that means for the row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from catalogtool.fields import BY_KEY, Kind
from catalogtool.model import Salary

#: Minimum education levels: key → (zh label, en label, rank). Higher rank is more.
EDUCATION_LEVELS: Mapping[str, tuple[str, str, int]] = {
    "doctorate": ("博士", "doctorate", 4),
    "master": ("硕士", "master's degree", 3),
    "bachelor": ("学士", "bachelor's degree", 2),
    "associate": ("大专", "associate degree (大专)", 1),
    "none": ("不限", "no requirement", 0),
}

# Spellings of each level; longest match wins, so 博士研究生 is not read as 研究生 (master).
_EDUCATION_WORDS: Mapping[str, str] = {
    "博士研究生": "doctorate",
    "博士": "doctorate",
    "phd": "doctorate",
    "doctorate": "doctorate",
    "doctor": "doctorate",
    "硕士研究生": "master",
    "研究生": "master",
    "硕士": "master",
    "master": "master",
    "学士": "bachelor",
    "本科": "bachelor",
    "大学本科": "bachelor",
    "bachelor": "bachelor",
    "大专": "associate",
    "专科": "associate",
    "高职": "associate",
    "大学专科": "associate",
    "associate": "associate",
    "不限": "none",
    "无要求": "none",
    "无": "none",
    "none": "none",
    "any": "none",
}
_OR_ABOVE = ("及以上", "或以上", "以上", "+", "orabove", "andabove", "ormore", "orhigher")


@dataclass(frozen=True)
class Baseline:
    """The national Category B baseline (外专发〔2017〕40号): bachelor's + 2 years, age ≤ 60."""

    education: str = "bachelor"
    experience_years: float = 2
    age_max: int = 60


BASELINE = Baseline()


def baseline_text() -> tuple[str, str]:
    """The baseline in words (zh, en), from :data:`BASELINE`: 学士及以上学历（学位）、2年以上相关工作经历、60周岁以下."""
    edu_zh, edu_en, _ = EDUCATION_LEVELS[BASELINE.education]
    years, age = f"{BASELINE.experience_years:g}", BASELINE.age_max
    return (
        f"{edu_zh}及以上学历（学位）、{years}年以上相关工作经历、{age}周岁以下",
        f"{edu_en} or higher, {years} years of related experience, age {age} or under",
    )


@dataclass(frozen=True)
class Gap:
    """One way a row asks for less than the baseline: the field and the words for it."""

    field: str
    en: str
    zh: str


def baseline_gaps(education: str | None, years: float | None, age_max: int | None) -> tuple[Gap, ...]:
    """What a row relaxes against the national Category B baseline, worded as looser (学历 lower, 年限
    shorter, 年龄 higher); empty when it meets it.

    Values that are None (not stated, or unreadable) relax nothing.
    """
    gaps = []
    level = EDUCATION_LEVELS.get(education) if education is not None else None
    base_zh, base_en, base_rank = EDUCATION_LEVELS[BASELINE.education]
    if level is not None and level[2] < base_rank:
        zh, en, _ = level
        gaps.append(
            Gap(
                "education",
                f"education lowered to {en} (baseline {base_en})",
                f"学历降为{zh}（基准{base_zh}）",
            )
        )
    if years is not None and years < BASELINE.experience_years:
        base = BASELINE.experience_years
        gaps.append(
            Gap(
                "experience_years",
                f"experience shortened to {years:g} year{'' if years == 1 else 's'} (baseline {base:g})",
                f"工作经历缩短为{years:g}年（基准{base:g}年）",
            )
        )
    if age_max is not None and age_max > BASELINE.age_max:
        gaps.append(
            Gap(
                "age_max",
                f"age limit raised to {age_max} (baseline {BASELINE.age_max})",
                f"年龄上限提高到{age_max}周岁（基准{BASELINE.age_max}周岁）",
            )
        )
    return tuple(gaps)


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """NFKC (full-width → half-width), trimmed, inner whitespace removed, case-folded."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split()).casefold()


def chinese_number(text: str) -> float | None:
    """Read 两 / 十 / 十二 / 二十 / 三十五 / 半 as a number; None for anything else."""
    if text == "半":
        return 0.5
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if "十" in ones:
            return None
        t = _CN_DIGITS[tens] if tens else 1
        o = _CN_DIGITS[ones] if ones else 0
        if len(tens) > 1 or len(ones) > 1:
            return None
        return float(t * 10 + o)
    if len(text) == 1:
        return float(_CN_DIGITS[text])
    return None


def _first_number(text: str) -> float | None:
    """The first number in ``text``: Arabic digits, or a Chinese numeral run."""
    match = _NUMBER.search(text)
    if match:
        return float(match.group())
    run = re.search(r"[零〇一二两三四五六七八九十半]+", text)
    return chinese_number(run.group()) if run else None


# "（含）" marks an inclusive bound (2年（含）以上, 55周岁（含）以下): the reading is the same without it.
_INCLUSIVE = re.compile(r"\(含\)|\(包含\)|\(含本数\)")
_BRACKETED = re.compile(r"\(([^()]*)\)")
#: Words that state there is no requirement for an optional field (age, salary).
NO_REQUIREMENT = frozenset({"不限", "无", "无要求", "无限制", "none", "n/a", "-", "—"})


@functools.lru_cache(maxsize=4096)
def parse_education(text: str) -> str | None:
    """'硕士及以上' → 'master', '本科以上学历' → 'bachelor', '不限' → 'none'; None when not a level (高中)."""
    folded = _INCLUSIVE.sub("", fold(text).replace("'s", ""))
    # 学士（本科）, 本科（学士）: a level explained by its synonym in brackets.
    bracketed = _BRACKETED.search(folded)
    if bracketed:
        outer = parse_education(folded[: bracketed.start()] + folded[bracketed.end() :])
        inner = parse_education(bracketed.group(1))
        if outer is not None and inner in (None, outer):
            return outer
    previous = None
    while folded != previous:  # strip qualifiers in any order: 本科及以上学历, master's degree or above
        previous = folded
        for suffix in (*_OR_ABOVE, "学历", "学位", "degree", "(", ")", "（", "）", "以上学历"):
            folded = folded.removesuffix(suffix)
        for prefix in ("最低", "具有", "全日制", "国民教育", "普通高等教育"):
            folded = folded.removeprefix(prefix)
    if "或" in folded or "/" in folded:
        # "本科或硕士": a minimum is the lowest level named.
        levels = [parse_education(part) for part in re.split(r"[或/]", folded)]
        known = [lvl for lvl in levels if lvl]
        if len(known) == len(levels) and known:
            return min(known, key=lambda k: EDUCATION_LEVELS[k][2])
        return None
    return _EDUCATION_WORDS.get(folded)


@functools.lru_cache(maxsize=4096)
def parse_years(text: str) -> float | None:
    """Minimum years of experience: '2', '2年', '2年以上', '两年', '三年及以上', '3-5年' → 3, '不限' → 0."""
    folded = _INCLUSIVE.sub("", fold(text))
    if not folded:
        return None
    if folded in NO_REQUIREMENT or folded == "0":
        return 0.0
    if re.fullmatch(r"-\d+(?:\.\d+)?(年|years?)?", folded):
        return float(folded.rstrip("年years"))
    body = re.sub(
        r"(及以上|以上|或以上|至少|不少于|不低于|满|\+|years?|yrs?|年|工作经[历验]|相关)", "", folded
    )
    if not body:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", body):
        return float(body)
    range_match = re.fullmatch(r"(\d+(?:\.\d+)?)[-~～至到](\d+(?:\.\d+)?)", body)
    if range_match:
        return float(range_match.group(1))
    number = chinese_number(body)
    if number is not None:
        return number
    # 2年及以上语言教育工作经历, 3年以上相关领域工作经验: any words (no digits) between 年 and 经历.
    worded = _YEARS_OF.fullmatch(folded)
    if worded:
        return float(worded.group(1)) if worded.group(1)[0].isdigit() else chinese_number(worded.group(1))
    return None


_YEARS_OF = re.compile(
    r"(?:至少|不少于|不低于|满)?(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+)年(?:及以上|或以上|以上)?"
    r"[^\d]{0,20}?经[历验](?:要求)?"
)


#: A clause after the age limit that allows exceptions: 确有需要的可适当放宽, 特殊情况可放宽.
_RELAXED = re.compile(r"[,，;；](?:[^,，;；]*)(?:放宽|适当延长|特殊情况|特殊人才|确有需要)[^,，;；]*$")
_IN_PRINCIPLE = re.compile(r"^(?:原则上|一般|一般情况下|通常)")


@functools.lru_cache(maxsize=4096)
def age_relaxable(text: str) -> bool:
    """'原则上不超过60周岁，确有需要的可适当放宽': the limit may be relaxed where truly needed."""
    folded = fold(text)
    return _RELAXED.search(folded) is not None and parse_age(text) is not None


@functools.lru_cache(maxsize=4096)
def parse_age(text: str) -> int | None:
    """Maximum age: '60周岁以下' / '55周岁（含）以下' / '不超过60岁' / '60' / '≤60' → 60; None when unreadable.

    '原则上不超过60周岁，确有需要的可适当放宽' → 60 (the relaxation: :func:`age_relaxable`).
    """
    folded = _IN_PRINCIPLE.sub("", _RELAXED.sub("", _INCLUSIVE.sub("", fold(text))))
    if not folded:
        return None
    body = re.sub(
        r"(周岁|岁|以下|及以下|不超过|不得超过|不高于|小于等于|≤|<=|以内|年龄|under|below|max)", "", folded
    )
    if re.fullmatch(r"\d{1,3}", body):
        return int(body)
    number = chinese_number(body)
    return int(number) if number is not None and number.is_integer() else None


_WAN = 10_000.0


@functools.lru_cache(maxsize=4096)
def parse_salary(text: str) -> Salary | None:
    """A multiple of the local average wage ('4倍', '不低于上年度社会平均工资4倍') or an annual amount
    ('30万元/年', '年薪30万元以上', '300000元', '月薪2万元' → 240,000 a year). None when unreadable."""
    # ￥300,000 / RMB 300,000: currency marks and thousands separators say nothing of the amount.
    folded = re.sub(r"(?<=\d),(?=\d{3})", "", fold(text)).replace("¥", "").replace("rmb", "")
    if not folded:
        return None
    currency = foreign_currency(folded)
    if currency is not None:
        return Salary(text=text.strip(), currency=currency)
    if "%" in folded:  # "50%": a share of something unnamed, neither a multiple nor an amount
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?[x×]", folded):  # 4x, 4×: a multiple written the Western way
        folded = folded[:-1] + "倍"
    if "倍" in folded:
        number = _first_number(folded.split("倍")[0][-8:])
        return Salary(multiple=number, text=text.strip()) if number is not None else None
    match = _NUMBER.search(folded)
    if match is None:
        return None
    amount = float(match.group())
    rest = folded[match.end() :]
    if rest.startswith(("万", "w")):
        amount *= _WAN
    elif rest.startswith(("k", "千")):
        amount *= 1_000
    monthly = "月" in folded
    return Salary(annual_yuan=amount * 12 if monthly else amount, text=text.strip())


#: Foreign currencies a salary may be written in: (key, en, zh) by the marks that name them (folded).
CURRENCIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("HKD", "Hong Kong dollars", "港币", ("港币", "港元", "hk$", "hkd")),
    ("USD", "US dollars", "美元", ("美元", "美金", "us$", "usd", "$")),
    ("EUR", "euros", "欧元", ("欧元", "eur", "€")),
    ("GBP", "pounds sterling", "英镑", ("英镑", "gbp", "£")),
    ("JPY", "yen", "日元", ("日元", "jpy", "円")),
    (
        "OTHER",
        "a foreign currency",
        "外币",
        ("澳元", "加元", "新加坡元", "新币", "韩元", "卢布", "法郎", "外币"),
    ),
)
_CURRENCY_EN = {key: en for key, en, _, _ in CURRENCIES}
_CURRENCY_ZH = {key: zh for key, _, zh, _ in CURRENCIES}


def foreign_currency(folded: str) -> str | None:
    """The foreign currency a folded salary text is written in ('10万美元' → 'USD'), or None."""
    for key, _en, _zh, marks in CURRENCIES:
        if any(mark in folded for mark in marks):
            return key
    return None


def currency_words(key: str) -> tuple[str, str]:
    """(en, zh) name of a currency key of :data:`CURRENCIES`."""
    return _CURRENCY_EN[key], _CURRENCY_ZH[key]


@functools.lru_cache(maxsize=4096)
def no_requirement(text: str) -> bool:
    """'不限', '无' and the like: the drafter states there is no requirement."""
    return fold(text) in NO_REQUIREMENT


@functools.lru_cache(maxsize=4096)
def parse_seq(text: str) -> int | None:
    """'1', '1.0', '０１' → 1; None otherwise (also for more than 9 digits: no catalog has that many rows)."""
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 9 else None
    folded = fold(text)
    match = re.fullmatch(r"(\d{1,9})(\.0+)?", folded)
    return int(match.group(1)) if match else None


_LIST_SPLIT = re.compile(r"[;；、,，\n\r/|]+")
#: How a list of occupation codes is joined in one cell (split_list reads it back).
LIST_SEPARATOR = "；"


def split_list(text: str) -> list[str]:
    """Split a list cell on ; ； 、 , ， / | and line breaks; drop empties."""
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


def date_code_readings(value: dt.date | dt.datetime) -> list[str]:
    """The codes a date-typed cell may have been before Excel turned it into a date.

    zh-CN Excel reads ``2-02-10`` as 2002-02-10 (year-month-day); an en-US one reads it as
    2 February 2010 (month-day-year); en-GB as 2 February 2010 too (day-month-year reading ``2-02-10``
    as 2 Feb). Each reading yields ``X-YY-ZZ`` when the parts fit a subcategory code.
    """
    y, m, d = value.year, value.month, value.day
    readings = []
    if 2000 <= y <= 2099 and 1 <= y % 100 <= 9:
        readings.append(f"{y % 100}-{m:02d}-{d:02d}")  # Y-M-D: 2002-02-10 ← 2-02-10
    if 1 <= m <= 9:
        readings.append(f"{m}-{d:02d}-{y % 100:02d}")  # M-D-Y: 2010-02-02 read as 2-02-10 (en-US)
    if 1 <= d <= 9:
        readings.append(f"{d}-{m:02d}-{y % 100:02d}")  # D-M-Y (en-GB)
    return list(dict.fromkeys(readings))


@functools.lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """A plain quantity: '3', '３', '2.5' → the number; None for anything else."""
    folded = fold(text)
    return float(folded) if re.fullmatch(r"\d+(?:\.\d+)?", folded) else None


def _salary_meaning(text: str) -> object:
    """What a salary says, its wording aside: (multiple, annual amount), or None when unreadable."""
    salary = parse_salary(text)
    return None if salary is None else (salary.multiple, salary.annual_yuan, salary.currency)


#: The parser of each field kind (fields.Kind) that reads text into a value; other kinds stay text.
PARSERS: Mapping[Kind, Callable[[str], object]] = {
    "seq": parse_seq,
    "education": parse_education,
    "years": parse_years,
    "salary": parse_salary,
    "age": parse_age,
    "integer": parse_seq,
    "number": parse_number,
}
#: What a value means, for ``diff``'s "wording only": the parsed value, wording-independent.
MEANINGS: Mapping[Kind, Callable[[str], object]] = {**PARSERS, "salary": _salary_meaning}


def parse_field(key: str, text: str) -> object:
    """The value of field ``key`` read from its text: parsed by the field's kind, or the text itself."""
    parse = PARSERS.get(BY_KEY[key].kind)
    return text if parse is None else parse(text)


_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


@functools.lru_cache(maxsize=4096)
def dates_in_text(text: str) -> tuple[dt.date, ...]:
    """The dates a text cell may be, when a code went through Excel as a date and then to CSV.

    '2002/2/10', '2002-02-10', '2002/02/10 0:00', '2002年2月10日' → 2002-02-10; '10/02/2002' is day-first
    or month-first, so both dates are returned (the code rules keep the readings that exist).
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    out: list[dt.date] = []
    if m := _YMD.fullmatch(folded):
        parts = [(int(m.group(1)), int(m.group(2)), int(m.group(3)))]
    elif m := _DMY.fullmatch(folded):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        parts = [(y, b, a), (y, a, b)]
    else:
        return ()
    for y, mo, d in parts:
        try:
            out.append(dt.date(y, mo, d))
        except ValueError:
            continue
    return tuple(dict.fromkeys(out))


def reading(field: str, text: str) -> tuple[str, str] | None:
    """What a requirement's text was read as, (en, zh), for people to check ('2年及以上相关工作经历' →
    'at least 2 years'); None when the text is not read (it then has a finding of its own)."""
    if not text:
        return None
    if field == "education":
        level = parse_education(text)
        if level is None:
            return None
        zh, en, rank = EDUCATION_LEVELS[level]
        return (f"{en} or above", f"{zh}及以上") if rank else (en, zh)
    if field == "experience_years":
        years = parse_years(text)
        return None if years is None else (f"at least {years:g} years", f"至少{years:g}年")
    if field == "age_max":
        age = parse_age(text)
        if age is None:
            return None
        if age_relaxable(text):
            return f"at most {age}, may be relaxed where truly needed", f"不超过{age}周岁，确有需要可放宽"
        return f"at most {age}", f"不超过{age}周岁"
    if field == "salary":
        salary = parse_salary(text)
        if salary is None:
            return None
        if salary.currency is not None:
            en, zh = currency_words(salary.currency)
            return f"in {en}, not read as yuan", f"以{zh}表示，不按人民币读取"
        if salary.multiple is not None:
            return f"{salary.multiple:g} × the local average wage", f"当地平均工资的{salary.multiple:g}倍"
        if salary.annual_yuan is not None:
            return f"{salary.annual_yuan:,.0f} yuan a year", f"年薪{salary.annual_yuan:,.0f}元"
    return None
