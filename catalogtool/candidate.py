"""A candidate for a post: the one table of what ``match`` and ``points`` read about a person, and the
parsing of what people write there (options, a YAML/JSON file, a row of an HR agency's workbook).

Pure: text in, a :class:`Candidate` and the problems found out. The normalisers are the catalog's own
(:mod:`catalogtool.normalize`), so "硕士及以上", "5年以上" and "30万元/年" mean the same for a person as
for a catalog row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from catalogtool.model import Salary
from catalogtool.normalize import (
    EDUCATION_LEVELS,
    chinese_number,
    fold,
    parse_education,
    parse_salary,
    parse_years,
)
from catalogtool.points import DISTINCTIONS, REGIONS, SKILL_LEVELS, Profile, parse_region, parse_skill_level


@dataclass(frozen=True)
class CandidateField:
    """One thing a candidate may state: key, labels, the header spellings a workbook may use, kind."""

    key: str
    zh: str
    en: str
    kind: str  # text | code | education | skill | years | salary | multiple | number | hsk | flag | region
    aliases: tuple[str, ...] = ()


#: The candidate fields, in the order the results workbook shows them.
CANDIDATE_FIELDS: tuple[CandidateField, ...] = (
    CandidateField(
        "name", "姓名", "Name", "text", ("候选人", "外国人姓名", "人员姓名", "Candidate", "Full name")
    ),
    CandidateField(
        "code",
        "职业代码",
        "Occupation code",
        "code",
        (
            "小类代码",
            "职业小类代码",
            "细类代码",
            "职业细类代码",
            "代码",
            "Code",
            "Subcategory code",
            "NOC code",
        ),
    ),
    CandidateField(
        "position",
        "岗位名称",
        "Position",
        "text",
        ("岗位", "职位", "拟聘岗位", "拟任岗位", "Job title", "Post"),
    ),
    CandidateField(
        "industry", "产业领域", "Industry", "text", ("行业", "领域", "产业", "所属行业", "Sector")
    ),
    CandidateField("education", "学历", "Education", "education", ("学历学位", "最高学历", "学位", "Degree")),
    CandidateField(
        "skill",
        "职业技能等级",
        "Skill level",
        "skill",
        ("技能等级", "职业技能资格", "技能证书", "Skill certificate", "Vocational skill"),
    ),
    CandidateField(
        "years",
        "工作年限",
        "Years of experience",
        "years",
        ("工作经历", "工作经验", "相关工作经历", "相关工作年限", "Experience", "Work experience", "Years"),
    ),
    CandidateField(
        "salary",
        "年薪（元）",
        "Annual salary (yuan)",
        "salary",
        ("年薪", "薪酬", "拟付年薪", "税前年薪", "工资", "Salary", "Annual salary", "Pay"),
    ),
    CandidateField(
        "salary_multiple",
        "薪酬倍数",
        "Salary multiple",
        "multiple",
        ("社平工资倍数", "平均工资倍数", "Multiple of average wage", "Wage multiple"),
    ),
    CandidateField("age", "年龄", "Age", "number", ("年龄（周岁）", "周岁", "Age (years)")),
    CandidateField(
        "certificate",
        "职业资格证书",
        "Certificate",
        "text",
        ("资格证书", "证书", "执业资格", "Certificates", "Qualification", "Qualifications"),
    ),
    CandidateField(
        "months",
        "每年在华工作时间（月）",
        "Months in China per year",
        "number",
        ("在华工作月数", "每年在华月数", "在华工作时间", "Months in China", "Months"),
    ),
    CandidateField(
        "hsk", "HSK等级", "HSK level", "hsk", ("HSK", "汉语水平", "汉语水平考试", "Chinese level")
    ),
    CandidateField(
        "chinese_degree",
        "汉语授课学位",
        "Chinese-taught degree",
        "flag",
        ("以汉语为教学语言的学位", "中文授课学位", "Degree taught in Chinese"),
    ),
    CandidateField(
        "former_chinese",
        "曾具有中国国籍",
        "Former Chinese national",
        "flag",
        ("曾经具有中国国籍", "原中国籍", "Formerly Chinese"),
    ),
    CandidateField("region", "工作地区", "Region", "region", ("工作定向", "地区", "Work region")),
    CandidateField(
        "world_university",
        "高水平大学",
        "World-class university",
        "flag",
        ("毕业于高水平大学", "世界知名大学", "Top university"),
    ),
    CandidateField("fortune500", "世界500强", "Fortune 500", "flag", ("500强任职经验", "Fortune Global 500")),
    CandidateField("patent", "专利", "Patent", "flag", ("知识产权", "专利等知识产权", "Patents", "IP")),
    CandidateField(
        "years_in_china",
        "连续在华工作年限",
        "Years in China",
        "number",
        ("在华工作年限", "连续在华年限", "Consecutive years in China"),
    ),
    CandidateField("local_bonus", "地方加分", "Local bonus", "number", ("地方鼓励性加分", "Local points")),
)
FIELDS_BY_KEY: Mapping[str, CandidateField] = MappingProxyType({f.key: f for f in CANDIDATE_FIELDS})


@dataclass(frozen=True)
class Problem:
    """A value that could not be read: the field, the text, and why (both languages)."""

    field: str
    value: str
    en: str
    zh: str

    def message(self, lang: str) -> str:
        label = FIELDS_BY_KEY[self.field]
        if lang == "zh":
            return f"{label.zh}“{self.value}”：{self.zh}"
        return f"{label.en} {self.value!r}: {self.en}"


@dataclass(frozen=True)
class Candidate:
    """A person and the post they are offered, as stated; ``None`` / empty / False: not stated."""

    name: str = ""
    code: str = ""  # as typed; matching normalises it against the code list
    position: str = ""
    industry: str = ""
    education: str | None = None  # an EDUCATION_LEVELS key
    skill: str | None = None  # a points.SKILL_LEVELS key
    years: float | None = None
    salary: Salary | None = None  # an annual amount or a multiple of the local average wage
    age: float | None = None
    certificate: str = ""
    months: float | None = None
    hsk: int | None = None
    chinese_degree: bool = False
    former_chinese: bool = False
    region: str | None = None
    distinctions: frozenset[str] = field(default_factory=frozenset)
    years_in_china: float | None = None
    local_bonus: int | None = None
    texts: Mapping[str, str] = field(default_factory=dict)  # the values as read, by field key

    def profile(self, average_wage: float | None) -> Profile:
        """The points profile; a salary multiple becomes yuan only with the local average wage."""
        return Profile(
            salary_yuan=self.salary.in_yuan(average_wage) if self.salary is not None else None,
            education=self.education,
            skill=self.skill,
            years=self.years,
            months=self.months,
            hsk=self.hsk,
            chinese_degree=self.chinese_degree,
            former_chinese=self.former_chinese,
            region=self.region,
            age=self.age,
            distinctions=self.distinctions,
            years_in_china=self.years_in_china,
            local_bonus=self.local_bonus,
        )


_TRUE = frozenset({"是", "有", "y", "yes", "true", "1", "√", "✓", "✔", "对"})
_FALSE = frozenset({"否", "无", "没有", "n", "no", "false", "0", "×", "✗", "-", "—"})
_NUMBER = re.compile(r"^\d+(?:\.\d+)?")


def _number(text: str) -> float | None:
    """'35' / '35岁' / '35周岁' / '7.5个月' / '三十五' → the number; None when there is none."""
    folded = fold(text)
    match = _NUMBER.match(folded)
    if match:
        rest = folded[match.end() :]
        if rest in ("", "岁", "周岁", "个月", "月", "年", "分", "years", "year", "months", "month"):
            return float(match.group())
        return None
    word = re.sub(r"(周岁|岁|个月|月|年|分)$", "", folded)
    return chinese_number(word)


def _hsk(text: str) -> int | None:
    folded = fold(text).removeprefix("hsk").removesuffix("级")
    folded = folded.removeprefix("level")
    number = _number(folded)
    if number is None or not number.is_integer() or not 1 <= number <= 6:
        return None
    return int(number)


def parse_candidate(values: Mapping[str, object]) -> tuple[Candidate, list[Problem]]:
    """Read a candidate from field key → value (text, numbers or booleans); blank values are not stated.

    Unknown keys are ignored here (readers report them). Each value that cannot be read is a
    :class:`Problem` and is left out of the candidate.
    """
    texts: dict[str, str] = {}
    for key, value in values.items():
        if key not in FIELDS_BY_KEY or value is None:
            continue
        if isinstance(value, bool):
            text = "是" if value else "否"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = str(value).strip()
        if text:
            texts[key] = text
    problems: list[Problem] = []
    parsed: dict[str, object] = {}
    for key, text in texts.items():
        spec = FIELDS_BY_KEY[key]
        value, problem = _parse(spec, text)
        if problem is not None:
            problems.append(Problem(key, text, *problem))
        else:
            parsed[key] = value
    salary = parsed.get("salary")
    multiple = parsed.get("salary_multiple")
    if isinstance(multiple, float):
        if salary is not None:
            problems.append(
                Problem(
                    "salary_multiple",
                    texts["salary_multiple"],
                    "give the salary either in yuan or as a multiple, not both",
                    "年薪与薪酬倍数只填其一",
                )
            )
        else:
            salary = Salary(multiple=multiple, text=texts["salary_multiple"])
    education = parsed.get("education")
    skill = parsed.get("skill")
    if isinstance(education, tuple):  # a skill level given as education (高级技师)
        skill = skill or education[1]
        education = None
    distinctions = frozenset(k for k in DISTINCTIONS if k != "years_in_china" and parsed.get(k) is True)
    candidate = Candidate(
        name=texts.get("name", ""),
        code=texts.get("code", ""),
        position=texts.get("position", ""),
        industry=texts.get("industry", ""),
        education=education if isinstance(education, str) else None,
        skill=skill if isinstance(skill, str) else None,
        years=_float(parsed.get("years")),
        salary=salary if isinstance(salary, Salary) else None,
        age=_float(parsed.get("age")),
        certificate=texts.get("certificate", ""),
        months=_float(parsed.get("months")),
        hsk=parsed["hsk"] if isinstance(parsed.get("hsk"), int) else None,  # type: ignore[arg-type]
        chinese_degree=parsed.get("chinese_degree") is True,
        former_chinese=parsed.get("former_chinese") is True,
        region=parsed["region"] if isinstance(parsed.get("region"), str) else None,  # type: ignore[arg-type]
        distinctions=distinctions,
        years_in_china=_float(parsed.get("years_in_china")),
        local_bonus=int(parsed["local_bonus"]) if isinstance(parsed.get("local_bonus"), float) else None,  # type: ignore[call-overload]
        texts=texts,
    )
    return candidate, problems


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


_Parsed = tuple[object, tuple[str, str] | None]


def _parse(spec: CandidateField, text: str) -> _Parsed:
    kind = spec.kind
    if kind in ("text", "code"):
        return text, None
    if kind == "education":
        level = parse_education(text)
        if level is not None:
            return level, None
        skill = parse_skill_level(text)
        if skill is not None:
            return ("skill", skill), None
        levels = "、".join(zh for zh, _, _ in EDUCATION_LEVELS.values())
        return None, (
            "not an education level (博士, 硕士, 学士, 大专) or a skill level (高级技师, 技师, 高级工)",
            f"不是可识别的学历（{levels}）或技能等级（高级技师、技师、高级工）",
        )
    if kind == "skill":
        skill = parse_skill_level(text)
        if skill is not None:
            return skill, None
        return None, (
            f"not a skill level ({', '.join(en for _, en in SKILL_LEVELS.values())})",
            "不是可识别的技能等级（高级技师、技师、高级工）",
        )
    if kind == "years":
        years = parse_years(text)
        if years is not None and years >= 0:
            return years, None
        return None, ("not a number of years", "不是年数")
    if kind == "salary":
        salary = parse_salary(text)
        if salary is not None and (salary.annual_yuan or salary.multiple):
            return salary, None
        return None, (
            "not a salary (yuan a year such as 300000 or 30万元/年, or a multiple such as 4倍)",
            "不是可识别的薪酬（年薪如 300000、30万元/年，或倍数如 4倍）",
        )
    if kind == "multiple":
        number = _number(fold(text).removesuffix("倍").removesuffix("x").removesuffix("×"))
        if number is not None and number > 0:
            return number, None
        return None, ("not a multiple of the local average wage (such as 4)", "不是社平工资倍数（如 4）")
    if kind == "number":
        number = _number(text)
        if number is None or number < 0 or not math.isfinite(number):
            return None, ("not a number", "不是数字")
        return number, None
    if kind == "hsk":
        hsk = _hsk(text)
        if hsk is None:
            return None, ("not an HSK level 1–6", "不是 HSK 1–6 级")
        return hsk, None
    if kind == "flag":
        folded = fold(text)
        if folded in _TRUE:
            return True, None
        if folded in _FALSE:
            return False, None
        return None, ("not yes or no (是/否)", "应填“是”或“否”")
    if kind == "region":
        region = parse_region(text)
        if region is None:
            names = ", ".join(REGIONS)
            return None, (
                f"not a region the points table names ({names})",
                "不是积分表所列地区（西部、东北、贫困县）",
            )
        return region, None
    raise ValueError(f"unknown candidate field kind {kind!r}")
