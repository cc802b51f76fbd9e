"""JSON Schema verdicts in words HR staff can act on: the one translator for every schema check.

A jsonschema error says ``parties/0/date: None is not of type 'string'``; people need
"第1个参与方的日期未填写" / "party 1's date is empty: fill it in": the place in their words (list items
counted from 1, keys named as the form names them), what is wrong, and never a schema file name or a
regular expression when examples say it better. Used for the workspace files (CT516), the competency
requirements of rows (CT302–CT308) and ``package --check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import ValidationError

#: How the workspace files' keys are called, (zh, en); a list's key names one item.
KEY_WORDS: Mapping[str, tuple[str, str]] = {
    "parties": ("参与方", "party"),
    "opinions": ("意见", "opinion"),
    "standards": ("认定标准", "criterion"),
    "evidence": ("证明材料", "evidence"),
    "key_industries": ("重点产业", "key industry"),
    "period": ("征求意见期间", "consultation period"),
    "start": ("开始日期", "start"),
    "end": ("结束日期", "end"),
    "date": ("日期", "date"),
    "name": ("名称", "name"),
    "type": ("类型", "type"),
    "party": ("提出方", "party"),
    "summary": ("意见摘要", "summary"),
    "adopted": ("是否采纳", "adopted"),
    "response": ("处理说明", "response"),
    "block": ("所属板块", "block"),
    "text": ("认定条件", "text"),
    "contact": ("联系人", "contact"),
    "department": ("部门", "department"),
    "phone": ("电话", "phone"),
    "email": ("电子邮箱", "e-mail"),
    "basis": ("起草依据", "basis document"),
    "issuer": ("印发机关", "issuer"),
    "title": ("标题", "title"),
    "number": ("文号", "document number"),
    "kind": ("文件种类", "kind of document"),
    "description": ("主要内容", "description"),
}

_TYPE_WORDS: Mapping[str, tuple[str, str]] = {
    "string": ("text", "文本"),
    "integer": ("a whole number", "整数"),
    "number": ("a number", "数字"),
    "boolean": ("true or false", "true 或 false"),
    "array": ("a list", "列表"),
    "object": ("a mapping of keys to values", "键值映射"),
    "null": ("empty", "空值"),
}


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong: where (the path into the document) and what, in both languages."""

    path: tuple[str | int, ...]
    en: str
    zh: str

    @property
    def place_en(self) -> str:
        return place(self.path)[1]

    @property
    def place_zh(self) -> str:
        return place(self.path)[0]


def place(path: Sequence[str | int]) -> tuple[str, str]:
    """(zh, en) words for a path: ('parties', 0, 'date') → ('第1个参与方的日期', 'party 1, date');
    the document itself → ('整个文件', '(top level)')."""
    zh: list[str] = []
    en: list[str] = []
    steps = list(path)
    i = 0
    while i < len(steps):
        step = steps[i]
        words = KEY_WORDS.get(str(step), (str(step), str(step)))
        if isinstance(step, str) and i + 1 < len(steps) and isinstance(steps[i + 1], int):
            n = int(steps[i + 1]) + 1  # people count from 1
            zh.append(f"第{n}个{words[0]}")
            en.append(f"{words[1]} {n}")
            i += 2
            continue
        if isinstance(step, int):
            zh.append(f"第{step + 1}项")
            en.append(f"item {step + 1}")
        else:
            zh.append(words[0] if len(steps) > 1 else str(step))
            en.append(words[1] if len(steps) > 1 else str(step))
        i += 1
    if not zh:
        return "整个文件", "(top level)"
    return "的".join(zh), ", ".join(en)


def missing_required(error: ValidationError) -> list[str]:
    """The keys a 'required' error is about: the one its message names, or every missing one."""
    named = re.match(r"^'(.+)' is a required property$", error.message)
    if named:
        return [named.group(1)]
    required: Any = error.validator_value
    instance: Any = error.instance
    return [str(k) for k in required if k not in instance]


def describe(error: ValidationError) -> Iterator[SchemaProblem]:
    """What one schema error means; 'required' and unknown keys name each key."""
    path = tuple(error.absolute_path)
    kind = str(error.validator)
    expected: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "required" and isinstance(instance, Mapping):
        # jsonschema reports each missing key as its own error; name the one this error is about.
        for name in missing_required(error):
            yield SchemaProblem((*path, name), "is required", "为必填项，未填写")
    elif kind == "additionalProperties" and isinstance(instance, Mapping):
        known = set(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        for name in instance:
            if name not in known and not any(re.search(p, name) for p in patterns):
                yield SchemaProblem(
                    (*path, name), "is not a known key (a typo?)", "不是可识别的键（是否拼写有误？）"
                )
    elif kind == "type" and instance is None:
        yield SchemaProblem(path, "is empty: fill it in", "未填写")
    elif kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        en = " or ".join(_TYPE_WORDS.get(t, (t, t))[0] for t in types)
        zh = "或".join(_TYPE_WORDS.get(t, (t, t))[1] for t in types)
        yield SchemaProblem(path, f"must be {en}", f"应为{zh}")
    elif kind == "enum":
        yield SchemaProblem(
            path,
            f"must be one of: {', '.join(map(str, expected))}",
            f"应为以下之一：{'、'.join(map(str, expected))}",
        )
    elif kind == "minLength":
        yield SchemaProblem(path, "must not be empty", "不能为空")
    elif kind == "minItems":
        yield SchemaProblem(path, f"needs at least {expected} item(s)", f"至少应有 {expected} 项")
    elif kind == "uniqueItems":
        yield SchemaProblem(path, "lists the same item twice", "有重复项")
    elif kind == "format" and expected == "date":
        yield SchemaProblem(path, "must be a date written YYYY-MM-DD", "应为 YYYY-MM-DD 格式的日期")
    elif kind == "format" and expected == "email":
        yield SchemaProblem(path, "must be an e-mail address", "应为电子邮件地址")
    elif kind in ("minimum", "exclusiveMinimum"):
        sign = "≥" if kind == "minimum" else ">"
        yield SchemaProblem(path, f"must be {sign} {expected}", f"应 {sign} {expected}")
    elif kind == "pattern" and schema.get("examples"):
        # The schema's examples say it better than the regular expression.
        shown = [str(e) for e in schema["examples"]]
        en = ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]
        zh = "、".join(shown[:-1]) + f" 或 {shown[-1]}" if len(shown) > 1 else shown[0]
        yield SchemaProblem(
            path, f"has an unexpected form (expected e.g. {en})", f"格式不符合要求（应如 {zh}）"
        )
    elif kind == "pattern":
        yield SchemaProblem(path, "has an unexpected form", "格式不符合要求")
    else:
        yield SchemaProblem(path, error.message, f"不符合格式要求：{error.message}")


def reason(validator: str, bound: object, message: str) -> tuple[str, str]:
    """Short words for a verdict on a value (en, zh): 'below the lower limit 18', 'cannot be read';
    a province extension's own checks keep the schema's words."""
    if validator in ("minimum", "exclusiveMinimum") and isinstance(bound, int | float):
        return f"below the lower limit {bound:g}", f"低于下限 {bound:g}"
    if validator in ("maximum", "exclusiveMaximum") and isinstance(bound, int | float):
        return f"above the upper limit {bound:g}", f"超过上限 {bound:g}"
    if validator in ("type", "enum", "minProperties", "additionalProperties"):
        return "cannot be read", "无法识别"
    if validator == "required":
        return "required by the province's schema", "本省规范要求填写"
    return message, message


def sentence(problem: SchemaProblem) -> tuple[str, str]:
    """The whole sentence (en, zh): "party 1, date: is empty: fill it in" / "第1个参与方的日期未填写"."""
    zh_place, en_place = place(problem.path)
    # A key as written in the file (edition, validity_years) keeps a colon after it.
    joint = "：" if zh_place[-1:].isascii() else ""
    return f"{en_place}: {problem.en}", f"{zh_place}{joint}{problem.zh}"
