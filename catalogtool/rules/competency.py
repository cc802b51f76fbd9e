"""Competency rules (CT3xx): required fields, requirements that read as valid values, and the baseline.

What a valid requirement is lives in ``schemas/competency.schema.json``; this module maps that
schema's verdicts to rule ids and adds what a schema cannot say (blank fields, the national
Category B baseline with its justification).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from catalogtool.errors import InputError
from catalogtool.fields import BY_KEY, COMPETENCY_FIELDS, FIELD_LABELS, PARSED_KINDS, REQUIRED_FIELDS
from catalogtool.model import CatalogRow, Finding, Salary
from catalogtool.normalize import (
    age_relaxable,
    baseline_gaps,
    baseline_text,
    currency_words,
    fold,
    no_requirement,
)
from catalogtool.rules.checks import CrossRowCheck, RowCheck, RowView
from catalogtool.rules.context import Issue, RowContext, issue
from catalogtool.rules.registry import Rule

REQUIRED_BLANK = Rule(
    id="CT301",
    slug="required-field-blank",
    severity="error",
    title_en="Required field is blank",
    title_zh="必填项为空",
    message_en="{label} is required but blank",
    message_zh="“{label_zh}”为必填项，但未填写",
    hint_en="Fill in {label}",
    hint_zh="请填写“{label_zh}”",
    explanation_en="Every row needs a subcategory code and name, a position, an industry, and the education, "
    "experience and skills it requires: without them the row cannot be used to recognise anyone.",
    explanation_zh="每行都必须填写小类代码和名称、岗位名称、产业领域，以及学历、工作经历和专业技能要求，否则无法据以认定。",
    example_en="岗位名称 left empty",
    example_zh="岗位名称 未填写",
)
BAD_EDUCATION = Rule(
    id="CT302",
    slug="unrecognised-education",
    severity="error",
    title_en="Education is not a recognised level",
    title_zh="学历要求无法识别",
    message_en="{value!r} is not a recognised minimum education level",
    message_zh="“{value}”不是可识别的最低学历要求",
    hint_en="Write one of 博士, 硕士, 学士（本科）, 大专 or 不限, optionally with 及以上",
    hint_zh="请填写 博士、硕士、学士（本科）、大专 或 不限，可加“及以上”",
    explanation_en="The catalog states a minimum level. 高中 (senior high school) and free text are not levels "
    "a Category B recognition can rest on.",
    explanation_zh="目录应写明最低学历层次。“高中”或自由文字不能作为B类认定的学历条件。",
    example_en="高中 (senior high school)",
    example_zh="高中",
)
BAD_EXPERIENCE = Rule(
    id="CT303",
    slug="invalid-experience",
    severity="error",
    title_en="Experience is not a plausible number of years",
    title_zh="工作经历年限无效",
    message_en="{value!r} is not a minimum number of years between 0 and 50 ({reason})",
    message_zh="“{value}”不是0至50之间的最低工作年限（{reason_zh}）",
    hint_en="Write the minimum years, e.g. 2, 2年, 3年以上, 两年",
    hint_zh="请填写最低年限，如 2、2年、3年以上、两年",
    explanation_en="Experience is read as the minimum number of years (the lower bound of a range). Negative or "
    "absurd values and text that names no number are errors.",
    explanation_zh="工作经历按最低年限读取（区间取下限）。负数、明显不合理的数值或没有数字的文字均为错误。",
    example_en="-1 / 99年 / 若干年",
    example_zh="-1 / 99年 / 若干年",
)
BAD_SALARY = Rule(
    id="CT304",
    slug="invalid-salary",
    severity="error",
    title_en="Salary requirement cannot be read",
    title_zh="薪酬要求无法识别",
    message_en="{value!r} is neither a multiple of the local average wage nor an annual amount ({reason})",
    message_zh="“{value}”既不是当地平均工资的倍数，也不是年薪金额（{reason_zh}）",
    hint_en="{advice}Write e.g. 4倍 / 不低于上年度社会平均工资4倍, or 30万元/年",
    hint_zh="{advice_zh}请填写如“4倍”“不低于上年度社会平均工资4倍”或“30万元/年”",
    explanation_en="Salary thresholds are stated as a multiple of the local average wage (the Category B "
    "salary route is 4×) or as an annual amount in yuan. A multiple below 1 or an annual amount below "
    "10,000 yuan is not a threshold; 面议 (negotiable) states none.",
    explanation_zh="薪酬要求应写为当地上年度社会平均工资的倍数（B类薪酬标准为4倍）或年薪金额（元）。低于1倍或年薪低于1万元"
    "不能作为标准；“面议”没有写明标准。",
    example_en="面议 (negotiable)",
    example_zh="面议",
)
BAD_AGE = Rule(
    id="CT305",
    slug="invalid-age",
    severity="error",
    title_en="Age limit cannot be read",
    title_zh="年龄要求无效",
    message_en="{value!r} is not a maximum age between 18 and 75 ({reason})",
    message_zh="“{value}”不是18至75之间的年龄上限（{reason_zh}）",
    hint_en="Write e.g. 60周岁以下",
    hint_zh="请填写如“60周岁以下”",
    explanation_en="The age requirement is a maximum age in full years.",
    explanation_zh="年龄要求为周岁上限。",
    example_en="年轻 (young)",
    example_zh="年轻",
)
BELOW_BASELINE = Rule(
    id="CT306",
    slug="below-baseline",
    severity="warning",
    title_en="Requirement looser than the national Category B baseline",
    title_zh="要求宽于全国B类基准",
    message_en="Looser than the national Category B baseline ({baseline}): {gaps}",
    message_zh="宽于全国B类基准（{baseline_zh}）：{gaps_zh}",
    hint_en="Raise the requirement, or give the justification in notes (备注)",
    hint_zh="请提高要求，或在备注中说明理由",
    explanation_en="The 2017 standard sets the Category B baseline at a bachelor's degree, two years of related "
    "experience and age 60 or under, relaxed only where truly needed. A row that relaxes it (a lower degree, "
    "fewer years, a higher age limit) must say why in its notes; then this becomes an info.",
    explanation_zh="2017年分类标准规定B类基准为学士及以上学位、2年以上相关工作经历、60周岁以下，确有需要方可放宽。"
    "放宽基准（学历更低、年限更短、年龄上限更高）的行应在备注中说明理由，说明后降为提示。",
    example_en="大专 (college) + 1年 (1 year)",
    example_zh="大专 + 1年",
)
BELOW_BASELINE_JUSTIFIED = Rule(
    id="CT307",
    slug="below-baseline-justified",
    severity="info",
    title_en="Looser than the baseline, with a justification",
    title_zh="宽于基准（已说明理由）",
    message_en="Looser than the national Category B baseline ({gaps}); justified in notes",
    message_zh="宽于全国B类基准（{gaps_zh}），备注已说明理由",
    hint_en="Make sure the drafting explanation covers this row",
    hint_zh="请在起草说明中对该行作出说明",
    explanation_en="The row relaxes the baseline and its notes give the reason. Reviewers will read the reason.",
    explanation_zh="该行放宽了基准，备注已说明理由，审核时将关注该理由。",
    example_en="大专 + 1年, notes 备注：技能人才紧缺 (skilled workers are scarce)",
    example_zh="大专 + 1年，备注：技能人才紧缺",
)
SCHEMA_VIOLATION = Rule(
    id="CT308",
    slug="competency-schema",
    severity="error",
    title_en="Requirement violates the competency schema",
    title_zh="能力要求不符合规范",
    message_en="{field}: {reason}",
    message_zh="{field}：{reason_zh}",
    hint_en="See the competency schema (schemas/competency.schema.json)",
    hint_zh="请参照能力要求规范（competency.schema.json）",
    explanation_en="A province may extend the competency schema; values that violate an extension are "
    "reported here with the schema's own words.",
    explanation_zh="省份可以扩展能力要求规范；不符合扩展规则的值在此报告。",
    example_en="(depends on the province's competency schema)",
    example_zh="（依各省的能力要求规范而定）",
)
AGE_RELAXABLE = Rule(
    id="CT309",
    slug="age-limit-relaxable",
    severity="info",
    title_en="Age limit that may be relaxed",
    title_zh="年龄上限可放宽",
    message_en="Age limit read as {age}, which may be relaxed where truly needed ({value!r}); every row "
    "with this wording is read the same way",
    message_zh="年龄上限读作{age}周岁，确有需要时可以放宽（“{value}”）；凡写法相同的行均照此读取",
    hint_en="Say in the drafting explanation who decides a relaxation and up to what age",
    hint_zh="请在起草说明中写明放宽由谁决定、最高放宽到多少岁",
    explanation_en="The 2017 standard's own wording, 原则上不超过60周岁，确有需要的可适当放宽, states a limit and "
    "allows exceptions. The limit is read and checked; the exception is recorded for reviewers, once per "
    "wording.",
    explanation_zh="2017年分类标准的表述“原则上不超过60周岁，确有需要的可适当放宽”既规定了上限又允许例外。"
    "上限照常读取和检查，例外情况在此提示审核人员（每种写法提示一次）。",
    example_en="原则上不超过60周岁，确有需要的可适当放宽",
    example_zh="原则上不超过60周岁，确有需要的可适当放宽",
)
NOT_YUAN = Rule(
    id="CT310",
    slug="salary-not-in-yuan",
    severity="error",
    title_en="Salary in a foreign currency",
    title_zh="薪酬以外币表示",
    message_en="{value!r} is in {currency}; the catalog states salaries in yuan (人民币)",
    message_zh="“{value}”以{currency_zh}表示；目录中的薪酬应以人民币（元）表示",
    hint_en="Write the threshold in yuan (e.g. 70万元/年) or as a multiple of the local average wage (4倍)",
    hint_zh="请以人民币写明标准（如“70万元/年”），或写为当地平均工资的倍数（如“4倍”）",
    explanation_en="Salary thresholds are checked against the local average wage in yuan. An amount in US "
    "dollars, euros or Hong Kong dollars is never read as yuan: its value would change with the exchange rate.",
    explanation_zh="薪酬标准以当地平均工资（人民币）为参照。以美元、欧元、港币等表示的金额不按人民币读取，其数额随汇率变化。",
    example_en="10万美元 / $100k / USD 100,000",
    example_zh="10万美元 / $100k / USD 100,000",
)


_RULE_BY_FIELD: Mapping[str, Rule] = {
    "education": BAD_EDUCATION,
    "experience_years": BAD_EXPERIENCE,
    "salary": BAD_SALARY,
    "age_max": BAD_AGE,
}


# The competency requirements come from the field table (Field.competency). Free-text ones: the base
# schema says nothing of them, a province's extension may. Parsed ones reach the schema as values.
_TEXT_FIELDS = tuple(k for k in COMPETENCY_FIELDS if BY_KEY[k].kind not in PARSED_KINDS)
_PARSED_FIELDS = tuple(k for k in COMPETENCY_FIELDS if BY_KEY[k].kind in PARSED_KINDS)
# Optional requirements a drafter may waive in words (年龄：不限).
_OPTIONAL = tuple(k for k in _PARSED_FIELDS if not BY_KEY[k].required)


class CompetencyChecker:
    """Validates the normalised requirements of a row against the competency schema.

    A schema within the plain subset (the bundled one, and most province extensions) is checked by
    :mod:`catalogtool.rules.schema_subset` without importing jsonschema; anything beyond it, schema or
    value, by jsonschema's Draft 2020-12 validator, built on first use. Both give the same verdicts.
    ``trusted`` skips the meta-schema check (the bundled schema; a test checks it).
    """

    def __init__(
        self, schema: Mapping[str, Any], source: str = "the competency schema", *, trusted: bool = False
    ) -> None:
        from catalogtool.rules.schema_subset import compile_subset

        if not trusted:
            import jsonschema

            jsonschema.Draft202012Validator.check_schema(schema)
        self._schema = schema
        self._source = source
        self._subset = compile_subset(schema)
        self._jsonschema: Any = None

    @classmethod
    def from_path(cls, path: Path, *, trusted: bool = False) -> CompetencyChecker:
        """Load a schema file; an unreadable or invalid schema is one clear InputError."""
        if trusted:  # the bundled schema: no meta-schema check, so no jsonschema import
            return cls(json.loads(path.read_text(encoding="utf-8")), str(path), trusted=True)
        import jsonschema

        try:
            return cls(json.loads(path.read_text(encoding="utf-8")), str(path))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise InputError(
                f"cannot read the competency schema {path}: {exc}", f"无法读取能力要求规范 {path}：{exc}"
            ) from None
        except jsonschema.SchemaError as exc:
            raise InputError(
                f"{path} is not a valid JSON Schema: {exc.message}",
                f"{path} 不是有效的 JSON Schema：{exc.message}",
            ) from None

    def _validator(self) -> Any:
        """jsonschema's validator, built on first use; it never fetches a ``$ref``."""
        if self._jsonschema is None:
            import jsonschema
            from referencing import Registry
            from referencing.exceptions import NoSuchResource

            def no_retrieval(uri: str) -> Any:
                # A province's schema is data: it is never allowed to make the tool fetch anything.
                raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # (attrs-made init)

            self._jsonschema = jsonschema.Draft202012Validator(
                self._schema,
                registry=Registry(retrieve=no_retrieval),  # type: ignore[call-arg]
            )
        return self._jsonschema

    def _verdicts(self, instance: Mapping[str, object]) -> list[tuple[list[str], str, str, Any, str]]:
        """(path, field, keyword, bound, message) of every error, in jsonschema's order."""
        if self._subset is not None:
            plain = self._subset.errors(dict(instance))
            if plain is not None:  # the subset's keywords never need the message (see schema_errors.reason)
                return [
                    (list(path), path[0] if path else "(row)", kw, bound, "") for path, kw, bound in plain
                ]
        from referencing.exceptions import Unresolvable

        try:
            errors = list(self._validator().iter_errors(instance))
        except Unresolvable as exc:
            raise InputError(
                f"{self._source}: the reference {exc} cannot be resolved inside the schema "
                "(a schema must be self-contained: catalogtool fetches nothing)",
                f"{self._source}：引用 {exc} 无法在规范内解析（规范须自成一体，catalogtool 不会联网获取）",
            ) from None
        except RecursionError:
            raise InputError(
                f"{self._source}: its references loop without end", f"{self._source}：其中的引用无限循环"
            ) from None
        out = []
        for error in errors:
            if error.path:
                field = str(error.path[0])
            elif error.validator == "required":
                from catalogtool.schema_errors import missing_required

                field = next(iter(missing_required(error)), "(row)")
            else:
                field = "(row)"
            out.append(
                (
                    list(map(str, error.path)),
                    field,
                    str(error.validator),
                    error.validator_value,
                    error.message,
                )
            )
        return out

    def violations(self, instance: Mapping[str, object]) -> tuple[tuple[str, str, str], ...]:
        """(field, reason in English, reason in Chinese) for each violation, the first per field."""
        seen: dict[str, tuple[str, str]] = {}
        for _path, field, keyword, bound, message in sorted(self._verdicts(instance), key=lambda v: v[0]):
            from catalogtool.schema_errors import reason  # (the wording of a verdict: most rows have none)

            seen.setdefault(field, reason(keyword, bound, message))
        return tuple((field, en, zh) for field, (en, zh) in seen.items())


@functools.cache
def default_checker() -> CompetencyChecker:
    """The checker of the bundled schema (schemas/competency.schema.json), built once per process."""
    from catalogtool.data import schema_path

    return CompetencyChecker.from_path(schema_path("competency.schema.json"), trusted=True)


def _parsed(row: RowView, field: str) -> object:
    return _salary_json(row.value(field)) if field == "salary" else row.value(field)


def _requirements(row: RowView, ctx: RowContext) -> tuple[Issue, ...]:
    """Schema verdicts for the row's requirements, then the baseline comparison."""
    checker = ctx.competency or ctx.memo("competency-schema", default_checker)
    instance = {}
    issues: list[Issue] = []
    for field in _PARSED_FIELDS:
        value, text = _parsed(row, field), row.text(field)
        foreign = _foreign(row, field)
        if foreign is not None:
            en, zh = currency_words(foreign)
            issues.append(issue(NOT_YUAN, field, text, currency=en, currency_zh=zh))
            continue
        if text and not (value is None and field in _OPTIONAL and no_requirement(text)):
            instance[field] = value if value is not None else text
    for field in _TEXT_FIELDS:
        if row.text(field):
            instance[field] = row.text(field)
    violations = checker.violations(instance)
    issues += [
        issue(
            _RULE_BY_FIELD.get(field, SCHEMA_VIOLATION),
            field,
            row.text(field) or None,
            reason=reason,
            reason_zh=reason_zh,
            field=field,
            advice=_advice(field, row.text(field))[0],
            advice_zh=_advice(field, row.text(field))[1],
        )
        for field, reason, reason_zh in violations
    ]
    issues.extend(_baseline(row, {field for field, *_ in violations}))
    return tuple(issues)


def _foreign(row: RowView, field: str) -> str | None:
    """The foreign currency a salary is written in, or None."""
    if field != "salary":
        return None
    salary = row.value(field)
    return salary.currency if isinstance(salary, Salary) else None


#: Words that name no salary threshold at all.
_NEGOTIABLE = frozenset({"面议", "面谈", "协商", "议定", "negotiable", "面议/协商"})


def _advice(field: str, text: str) -> tuple[str, str]:
    """Extra words (en, zh) for the CT304 hint: 面议 is a common wording that states no threshold."""
    if field == "salary" and fold(text) in _NEGOTIABLE:
        return (
            "面议 (negotiable) states no threshold; the catalog needs the minimum. ",
            "“面议”没有写明标准，目录须写明最低薪酬要求。",
        )
    return "", ""


def _salary_json(salary: object) -> dict[str, float] | None:
    if not isinstance(salary, Salary):
        return None
    out = {}
    if salary.multiple is not None:
        out["multiple"] = salary.multiple
    if salary.annual_yuan is not None:
        out["annual_yuan"] = salary.annual_yuan
    return out


def _baseline(row: RowView, bad_fields: set[str]) -> list[Issue]:
    education, years, age = row.value("education"), row.value("experience_years"), row.value("age_max")
    gaps = [
        g
        for g in baseline_gaps(
            education if isinstance(education, str) else None,
            float(years) if isinstance(years, int | float) else None,
            age if isinstance(age, int) else None,
        )
        if g.field not in bad_fields  # an unreadable value has its own error
    ]
    if not gaps:
        return []
    rule = BELOW_BASELINE_JUSTIFIED if justified(row.text("notes")) else BELOW_BASELINE
    field = gaps[0].field
    value = row.text(field) or None
    baseline_zh, baseline_en = baseline_text()
    return [
        issue(
            rule,
            field,
            value,
            gaps=[g.en for g in gaps],
            gaps_zh="、".join(g.zh for g in gaps),
            baseline=baseline_en,
            baseline_zh=baseline_zh,
        )
    ]


def justified(notes: str) -> bool:
    """Notes that say something (not just a mark such as '无' or '-') count as a justification."""
    folded = fold(notes).strip("-—/无.。")
    return len(folded) >= 4


# One issue per required field, made once: blank cells are common in drafts.
_BLANK = {
    key: issue(REQUIRED_BLANK, key, None, label=FIELD_LABELS[key][1], label_zh=FIELD_LABELS[key][0])
    for key in REQUIRED_FIELDS
}


def _required(row: RowView, ctx: RowContext) -> tuple[Issue, ...]:
    return tuple(_BLANK[key] for key in REQUIRED_FIELDS if not row.filled(key) and row.has_column(key))


#: Required fields are filled (a missing column is the reader's CT101, not one finding per row).
REQUIRED_CHECK = RowCheck(
    name="required", rules=(REQUIRED_BLANK,), reads=REQUIRED_FIELDS, verdict=_required, presence_only=True
)
#: The requirements read as valid values (the competency schema) and meet the national baseline.
REQUIREMENTS_CHECK = RowCheck(
    name="requirements",
    rules=(
        BAD_EDUCATION,
        BAD_EXPERIENCE,
        BAD_SALARY,
        BAD_AGE,
        BELOW_BASELINE,
        BELOW_BASELINE_JUSTIFIED,
        SCHEMA_VIOLATION,
        NOT_YUAN,
    ),
    reads=(*COMPETENCY_FIELDS, "notes"),
    verdict=_requirements,
)


class _Relaxable:
    """CT309 once per wording: a catalog writes the 2017 sentence (原则上不超过60周岁，确有需要的可适当放宽)
    on every row, and one note says it."""

    def __init__(self, ctx: RowContext) -> None:
        self._ctx = ctx
        self._said: set[str] = set()

    def __call__(self, rows: Sequence[CatalogRow]) -> dict[int, list[Finding]]:
        found: dict[int, list[Finding]] = {}
        for i, row in enumerate(rows):
            text = row.raw.get("age_max", "")
            if row.age_max is None or text in self._said or not age_relaxable(text):
                continue
            self._said.add(text)
            found[i] = [AGE_RELAXABLE.finding(self._ctx.at(row, "age_max"), value=text, age=row.age_max)]
        return found


#: An age limit that the row allows to be relaxed, said once per wording.
RELAXABLE_AGE_CHECK = CrossRowCheck(
    name="relaxable-age", rules=(AGE_RELAXABLE,), reads=("age_max",), start=_Relaxable
)
