"""The field table: every column of a catalog row, described once.

Each :class:`Field` says what a column is called (zh/en labels, the two-level header group, the header
spellings readers accept), whether it is required, what kind of value it holds (which decides how it
is parsed, written to a workbook cell and typed in the filing package's Table Schema), its width and
input hint in the template workbook, the columns it becomes in the package, and how ``diff`` compares
it. Everything else is derived from :data:`TABLE`: ``model.FIELDS`` / ``FIELD_LABELS`` /
``REQUIRED_FIELDS``, the header matcher (read/headers.py), the template workbook (workbook.py), the
canonical records of ``convert``, the package's CSV/JSON/Table Schema (package.py), ``diff`` and the
competency checks. Adding a column is one entry here (plus its tests).

Plain data with no imports from the rest of catalogtool, so any module may read it. Parsers live in
:mod:`catalogtool.normalize` (``PARSERS``, keyed by :data:`Kind`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from catalogtool.model import CatalogRow

#: What a field holds. The kind decides the parser (normalize.PARSERS), the workbook cell type and the
#: Table Schema type:
#: text — free text; seq — a row number; code — a subcategory code (resolved by the code rules);
#: codes — a list of occupation codes; education — a level key; years — a number of years;
#: salary — a multiple of the average wage or an annual amount; age — whole years; integer / number —
#: a plain count or quantity.
Kind = Literal["text", "seq", "code", "codes", "education", "years", "salary", "age", "integer", "number"]

#: How ``diff`` compares a field between two versions of a row:
#: key — part of the entry key (not compared); ignore — never a change (renumbering);
#: text — text after folding; set — a list compared as a set; meaning — text after folding, a change is
#: "wording only" when both texts parse to the same value.
DiffMode = Literal["key", "ignore", "text", "set", "meaning"]

#: Table Schema type of each kind (catalog.csv / catalog-data.json of the filing package).
TABLE_TYPES: Mapping[Kind, str] = MappingProxyType(
    {
        "text": "string",
        "seq": "integer",
        "code": "string",
        "codes": "string",
        "education": "string",
        "years": "number",
        "salary": "string",
        "age": "integer",
        "integer": "integer",
        "number": "number",
    }
)
#: Kinds whose values are codes: always text cells, never numbers or dates.
CODE_KINDS: frozenset[Kind] = frozenset({"code", "codes"})
#: Kinds written as numbers when the text is a plain integer (so Excel does not flag "number as text").
NUMERIC_KINDS: frozenset[Kind] = frozenset({"seq", "years", "age", "integer", "number"})
#: Kinds a parser reads into a value (the rest are kept as written).
PARSED_KINDS: frozenset[Kind] = frozenset({"seq", "education", "years", "salary", "age", "integer", "number"})


@dataclass(frozen=True)
class TableColumn:
    """A column of the filing package's catalog table (CSV, JSON rows, Table Schema).

    ``value`` reads it from a normalised row; None means "the field's value": the row's typed attribute
    when :class:`~catalogtool.model.CatalogRow` has one, else the field's text parsed by its kind.
    """

    name: str
    type: str  # Table Schema type: string, integer, number
    title: str
    description: str
    pattern: str | None = None
    value: Callable[[CatalogRow], object] | None = None


@dataclass(frozen=True)
class Field:
    """One column of the catalog."""

    key: str
    zh: str
    en: str
    group: str | None = None  # zh label of the two-level header group (能力要求 › 学历), or None
    aliases: tuple[str, ...] = ()  # more header spellings readers accept (zh and en are always accepted)
    required: bool = False
    kind: Kind = "text"
    # Template column width in Excel character units. A column holding n characters of 10 pt CJK text
    # in both Excel and LibreOffice is (13.33·n + 5) / 7 units wide (workbook.text_lines): 2 → 4.6,
    # 3 → 6.5, 4 → 8.4, 5 → 10.3, 6 → 12.2, 7 → 14.1, 15 → 29.3; the 13 columns add up to what A4 landscape holds
    # at 100 % (143.4 of the 145 that fit).
    width: float = 14
    hint_zh: str = ""  # template input hint; {education_zh} etc. are filled by workbook.text_fields
    hint_en: str = ""
    competency: bool = False  # a competency requirement (checked against the competency schema)
    diff: DiffMode = "text"
    description: str = ""  # for the package's Table Schema; the en label when empty
    pattern: str | None = None  # Table Schema pattern of the normalised value
    table: tuple[TableColumn, ...] | None = None  # package columns; None: one column named like the key

    @property
    def labels(self) -> tuple[str, str, str | None]:
        """(zh, en, zh group): how the template workbook labels the field."""
        return (self.zh, self.en, self.group)

    @property
    def table_columns(self) -> tuple[TableColumn, ...]:
        """The columns this field becomes in the filing package's catalog table."""
        if self.table is not None:
            return self.table
        return (
            TableColumn(self.key, TABLE_TYPES[self.kind], self.zh, self.description or self.en, self.pattern),
        )


def _salary(part: str) -> Callable[[CatalogRow], object]:
    def value(row: CatalogRow) -> object:
        return None if row.salary is None else getattr(row.salary, part)

    return value


#: The catalog's columns, in the order of the template workbook (design.md §4).
TABLE: tuple[Field, ...] = (
    Field(
        "seq",
        "序号",
        "No.",
        aliases=("编号", "No", "Number", "S/N", "Serial number", "Seq"),
        kind="seq",
        width=4.6,
        hint_zh="序号，填整数，可留空。",
        hint_en="Row number (integer, optional).",
        diff="ignore",
        description="Row number in the catalog.",
    ),
    Field(
        "subcategory_code",
        "小类代码",
        "Subcategory code",
        group="职业分类",
        aliases=("职业小类代码", "小类编码", "职业小类编码", "小类编号", "职业分类代码", "Sub-category code"),
        required=True,
        kind="code",
        width=8.5,
        hint_zh="职业分类大典小类代码，如 2-02-10。可从下拉列表选择“代码 名称”，小类名称列随后可留空。",
        hint_en="NOC 2022 subcategory code, e.g. 2-02-10; pick 'code name' from the list and leave the name blank.",
        diff="key",
        description="NOC 2022 subcategory code.",
        pattern=r"^[1-8]-\d{2}-\d{2}$",
    ),
    Field(
        "subcategory_name",
        "小类名称",
        "Subcategory name",
        group="职业分类",
        aliases=("职业小类名称", "职业名称", "Sub-category name"),
        required=True,
        width=14.1,
        hint_zh="与大典一致的小类名称；从代码列下拉选择“代码 名称”时可留空，catalogtool fix 会填写。",
        hint_en="The official name; may stay blank when the code column holds 'code name' (catalogtool fix fills it).",
        description="Official subcategory name.",
    ),
    Field(
        "occupation_codes",
        "相关职业代码",
        "Occupation codes",
        aliases=(
            "职业代码",
            "细类代码",
            "职业（细类）代码",
            "职业细类代码",
            "相关职业",
            "Occupation code",
            "Occupations",
        ),
        kind="codes",
        width=13.5,
        hint_zh="该小类下的职业（细类）代码，如 2-02-10-03；多个用“；”分隔，可留空。",
        hint_en='Occupation codes inside the subcategory, separated by ";" (optional).',
        diff="set",
        description="Occupation codes inside the subcategory, separated by ';' (a list in the JSON).",
        pattern=r"^([1-8]-\d{2}-\d{2}-\d{2}(;[1-8]-\d{2}-\d{2}-\d{2})*)?$",
    ),
    Field(
        "position",
        "岗位名称",
        "Position",
        aliases=("岗位", "职位", "职位名称", "具体岗位", "Job title", "Post", "Job"),
        required=True,
        width=14.1,
        hint_zh="具体岗位名称，如 芯片设计工程师。必填。",
        hint_en="The position, e.g. chip design engineer (required).",
        diff="key",
        description="The position.",
    ),
    Field(
        "industry",
        "产业领域",
        "Industry",
        aliases=(
            "产业/领域",
            "产业",
            "所属产业",
            "产业链",
            "产业类别",
            "领域",
            "重点产业",
            "行业",
            "所属行业",
            "行业领域",
            "Sector",
        ),
        required=True,
        width=8.4,
        hint_zh="所属产业或领域，宜与本省重点产业一致。必填。",
        hint_en="Industry or field, preferably one of the province's key industries.",
        description="Industry or field.",
    ),
    Field(
        "education",
        "学历（学位）",
        "Education",
        group="能力要求",
        aliases=("学历", "学历要求", "最低学历", "学位", "学历学位", "Degree"),
        required=True,
        kind="education",
        width=10.3,
        hint_zh="最低学历（学位）：{education_zh}；可写“硕士及以上”。",
        hint_en="Minimum education: {education_en}.",
        competency=True,
        diff="meaning",
        description="Minimum education",  # the package adds the level keys
    ),
    Field(
        "experience_years",
        "工作经历（年）",
        "Experience (years)",
        group="能力要求",
        aliases=(
            "工作年限",
            "工作经历",
            "工作经验",
            "从业年限",
            "工作经历要求",
            "相关工作经历",
            "Experience",
            "Work experience",
            "Years of experience",
        ),
        required=True,
        kind="years",
        width=8.4,
        hint_zh="最低工作年限，如 2 或“3年以上”。必填。",
        hint_en='Minimum years of related experience, e.g. 2 or "3年以上".',
        competency=True,
        diff="meaning",
        description="Minimum years of related experience.",
    ),
    Field(
        "skills",
        "专业技能",
        "Skills",
        group="能力要求",
        aliases=(
            "能力要求",
            "专业能力",
            "专业能力要求",
            "技能要求",
            "专业技能要求",
            "Professional skills",
            "Competence",
        ),
        required=True,
        width=29.3,
        hint_zh="专业技能要求。必填。",
        hint_en="Professional skills required (required).",
        competency=True,
        description="Professional skills required.",
    ),
    Field(
        "certificates",
        "职业资格证书",
        "Certificates",
        group="能力要求",
        aliases=("职业资格", "资格证书", "执业资格", "Certificate", "Qualifications", "Certification"),
        width=8.4,
        hint_zh="职业资格证书要求，可留空。",
        hint_en="Professional certificates (optional).",
        competency=True,
        description="Certificates required.",
    ),
    Field(
        "salary",
        "薪酬要求",
        "Salary",
        group="能力要求",
        aliases=(
            "薪酬",
            "薪酬水平",
            "薪资",
            "薪资要求",
            "年薪",
            "工资",
            "工资性年收入",
            "Pay",
            "Remuneration",
        ),
        kind="salary",
        width=8.4,
        hint_zh="当地上年度社会平均工资的倍数（如“4倍”）或年薪（如“30万元/年”），可留空。",
        hint_en='Multiple of the local average wage ("4倍") or annual amount ("30万元/年"), optional.',
        competency=True,
        diff="meaning",
        table=(
            TableColumn(
                "salary_multiple",
                "number",
                "薪酬（社平工资倍数）",
                "Salary as a multiple of the local average wage.",
                value=_salary("multiple"),
            ),
            TableColumn(
                "salary_annual_yuan",
                "number",
                "薪酬（年薪，元）",
                "Salary as an annual amount in yuan.",
                value=_salary("annual_yuan"),
            ),
            TableColumn("salary_text", "string", "薪酬要求", "Salary as written.", value=_salary("text")),
        ),
    ),
    Field(
        "age_max",
        "年龄要求",
        "Maximum age",
        aliases=("年龄", "年龄上限", "Age", "Max age", "Age limit"),
        kind="age",
        width=7.0,
        hint_zh="年龄上限，如“60周岁以下”，可留空。",
        hint_en='Maximum age, e.g. "60周岁以下" (optional).',
        competency=True,
        diff="meaning",
        table=(TableColumn("age_max", "integer", "年龄上限", "Maximum age in years."),),
    ),
    Field(
        "notes",
        "备注",
        "Notes",
        aliases=("说明", "Note", "Remarks", "Comments"),
        width=8.4,
        hint_zh="备注。要求低于国家B类基准时，请在此说明理由。",
        hint_en="Notes; justify any requirement below the national Category B baseline here.",
        description="Notes.",
    ),
)

#: Field by key.
BY_KEY: Mapping[str, Field] = MappingProxyType({f.key: f for f in TABLE})
#: The canonical row keys, in template order.
FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE)
#: (zh, en, zh group) per key: how the template workbook labels each field. Writers use these.
FIELD_LABELS: Mapping[str, tuple[str, str, str | None]] = MappingProxyType({f.key: f.labels for f in TABLE})
#: Keys a row must fill.
REQUIRED_FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE if f.required)
#: Keys whose values are codes (text cells, quoted in YAML).
CODE_FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE if f.kind in CODE_KINDS)
#: Keys written as numbers when their text is a plain integer.
NUMERIC_FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE if f.kind in NUMERIC_KINDS)
#: Competency requirements (checked against the competency schema), in template order.
COMPETENCY_FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE if f.competency)
#: The fields ``diff`` compares between matched rows (not the entry key, not ``ignore``).
COMPARED_FIELDS: tuple[str, ...] = tuple(f.key for f in TABLE if f.diff not in ("key", "ignore"))


def field(key: str) -> Field:
    """The field of ``key`` (KeyError for an unknown key: a programming error)."""
    return BY_KEY[key]
