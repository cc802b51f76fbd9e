"""The rule registry as people and programs read it: ``catalogtool rules`` and ``explain``.

Plain functions over :class:`~catalogtool.rules.registry.Rule` values; the command only picks the
rules and prints what these return, so the texts here are the same ones SARIF ``rules[]`` carries.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from catalogtool.report.common import severity_label
from catalogtool.rules.registry import FAMILIES, Rule

# A field's language suffix is an implementation detail: {code_list_zh} reads as ‹code_list›.
_PLACEHOLDER = re.compile(r"\{(\w+?)(?:_zh|_en)?(?:![rsa])?(?::[^{}]*)?\}")


def family_label(rule: Rule, lang: str) -> str:
    """``code`` / ``职业分类代码``."""
    en, zh = FAMILIES[rule.id[2]]
    return zh if lang == "zh" else en


#: What each template field stands for, as a reader of the rule reference says it (zh, en). A field
#: ending in ``_zh`` / ``_en`` is the same thing in that language. The code list's name is its own.
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "abbr": ("省份简称", "the province's abbreviation"),
    "actual": ("代码表中的名称", "the code list's name"),
    "batch": ("增补批次", "the amendment batch"),
    "blocks": ("七类标准", "the seven blocks"),
    "candidates": ("可能的代码", "the possible codes"),
    "cell": ("单元格", "the cell"),
    "changes": ("所作改动", "the changes made"),
    "code": ("代码", "the code"),
    "column": ("列", "the column"),
    "columns": ("缺少的列", "the missing columns"),
    "date": ("日期", "the date"),
    "days": ("天数", "the number of days"),
    "declared": ("文件中写明的省份", "the province the file names"),
    "delimiter": ("分隔符", "the delimiter"),
    "effective": ("施行日期", "the effective date"),
    "encoding": ("编码", "the encoding"),
    "example": ("示例", "an example"),
    "examples": ("表头示例", "header examples"),
    "expiry": ("有效期截止日期", "the expiry date"),
    "field": ("字段", "the field"),
    "file": ("文件", "the file"),
    "first": ("首次出现处", "the first occurrence"),
    "first_line": ("首次出现的行", "the line of the first occurrence"),
    "folder": ("文件夹", "the folder"),
    "formula": ("公式", "the formula"),
    "gaps": ("低于基准的项目", "the requirements below the baseline"),
    "given": ("填写的内容", "what was written"),
    "header_row": ("表头所在行", "the header row"),
    "id": ("标准编号", "the criterion id"),
    "legacy": ("", ""),  # an optional lead-in (a 2015 code's fate), nothing when there is none
    "industries": ("本省重点产业", "the province's key industries"),
    "label": ("表头", "the header"),
    "length": ("字符数", "the length"),
    "level": ("层级", "the level"),
    "limit": ("上限", "the limit"),
    "name": ("名称", "the name"),
    "nearest": ("最接近的小类", "the nearest subcategories"),
    "new_code": ("新代码", "the new code"),
    "notes_row": ("注释所在行", "the notes row"),
    "official": ("正式名称", "the official name"),
    "other": ("另一行", "the other row"),
    "party": ("征求意见单位", "the party consulted"),
    "position": ("岗位名称", "the position"),
    "previous": ("上一行的序号", "the previous number"),
    "problem": ("问题", "the problem"),
    "range": ("单元格区域", "the cell range"),
    "reason": ("原因", "the reason"),
    "result": ("保存的计算结果", "the saved result"),
    "row": ("行", "the row"),
    "schema": ("结构定义文件", "the schema"),
    "seq": ("序号", "the number"),
    "subcategory": ("小类", "the subcategory"),
    "suggestion": ("建议", "the suggestion"),
    "summary": ("意见摘要", "the opinion's summary"),
    "type": ("类型", "the type"),
    "value": ("填写的值", "the value"),
    "what": ("缺少的内容", "what is missing"),
    "years": ("年数", "the number of years"),
}


def _code_list_name(lang: str) -> str:
    from catalogtool.codes import make_label, make_label_zh

    return make_label_zh(()) if lang == "zh" else make_label(())


def field_words(name: str, lang: str) -> str:
    """A template field as words in ``lang``: ``{nearest}`` → 最接近的小类 / the nearest subcategories."""
    base = name.removesuffix("_zh").removesuffix("_en")
    if base == "code_list":
        return _code_list_name(lang)
    zh, en = FIELD_WORDS.get(base, (base.replace("_", " "), base.replace("_", " ")))
    if not zh:
        return ""
    return f"〔{zh}〕" if lang == "zh" else f"[{en}]"


def readable(template: str, lang: str = "en") -> str:
    """A rule text template as a person reads it: each field in words of ``lang``, never its name."""
    return _PLACEHOLDER.sub(lambda m: field_words(m.group(1), lang), template)


def rule_object(rule: Rule) -> dict[str, Any]:
    """One rule as ``catalogtool rules --format json`` lists it (templates kept as written)."""
    return {
        "id": rule.id,
        "slug": rule.slug,
        "severity": rule.severity,
        "family": rule.family,
        "title": rule.title_en,
        "title_zh": rule.title_zh,
        "message": rule.message_en,
        "message_zh": rule.message_zh,
        "explanation": rule.explanation_en,
        "explanation_zh": rule.explanation_zh,
        "hint": rule.hint_en,
        "hint_zh": rule.hint_zh,
        "example": rule.example_en,
        "example_zh": rule.example_zh,
        "fix": None
        if rule.fix is None
        else {"safety": rule.fix.safety, "how": rule.fix.title_en, "how_zh": rule.fix.title_zh},
    }


def fix_label(rule: Rule, lang: str) -> str:
    """Whether ``catalogtool fix`` repairs the rule's findings: 安全 / 需确认 / —, safe / unsafe / —."""
    if rule.fix is None:
        return "—"
    if lang == "zh":
        return "安全" if rule.fix.safety == "safe" else "需确认"
    return rule.fix.safety


def rules_json(rules: Sequence[Rule]) -> str:
    """The registry as a JSON array."""
    return json.dumps([rule_object(r) for r in rules], ensure_ascii=False, indent=2) + "\n"


def rules_text(rules: Sequence[Rule], lang: str) -> str:
    """One aligned line per rule: id, slug, severity, family, title."""
    zh = lang == "zh"
    head = (
        ("规则", "名称", "级别", "类别", "修复", "标题")
        if zh
        else ("ID", "SLUG", "SEVERITY", "FAMILY", "FIX", "TITLE")
    )
    rows = [head] + [
        (
            r.id,
            r.slug,
            severity_label(r.severity, lang),
            family_label(r, lang),
            fix_label(r, lang),
            r.title_zh if zh else r.title_en,
        )
        for r in rules
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5] for row in rows
    ]
    footer = (
        f"共 {len(rules)} 条规则。查看说明：catalogtool explain <规则或名称>"
        if zh
        else f"{len(rules)} rules. Details: catalogtool explain <ID or slug>"
    )
    return "\n".join(line.rstrip() for line in lines) + "\n\n" + footer + "\n"


def _width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def explain_text(rule: Rule, lang: str) -> str:
    """Everything about one rule: title, severity, family, the message, why it matters, the fix, an example."""
    zh = lang == "zh"
    title = rule.title_zh if zh else rule.title_en
    lines = [f"{rule.id} {rule.slug} — {title}", ""]
    if zh:
        lines.append(f"级别：{severity_label(rule.severity, lang)}　类别：{family_label(rule, lang)}")
        lines.append(f"提示信息：{readable(rule.message_zh, 'zh')}")
    else:
        lines.append(f"Severity: {rule.severity}    Family: {family_label(rule, lang)}")
        lines.append(f"Message: {readable(rule.message_en)}")
    explanation = rule.explanation_zh if zh else rule.explanation_en
    if explanation:
        lines += ["", explanation]
    hint = rule.hint_zh if zh else rule.hint_en
    if hint:
        lines += ["", ("修改建议：" if zh else "Fix: ") + readable(hint, lang)]
    if rule.fix is not None:
        lines += [
            "",
            ("自动修复（catalogtool fix）：" if zh else "Autofix (catalogtool fix): ")
            + _fix_sentence(rule, lang),
        ]
    example = rule.example(lang)
    if example:
        lines += ["", "示例：" if zh else "Example:"]
        lines += ["  " + line for line in example.splitlines()]
    return "\n".join(lines) + "\n"


#: How to regenerate docs/rules.md; the file says so at its top and tests/test_docs.py repeats it.
RULES_MARKDOWN_COMMAND = "catalogtool rules --format markdown > docs/rules.md"

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# Characters that start Markdown emphasis, links, entities, HTML or table cells; ``_`` only matters at
# a word's edge (``validity_years`` is safe), so leaving it alone inside words keeps the source readable.
_MD_SPECIAL = re.compile(r"[\\*<>\[\]|`&~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def rules_markdown(rules: Sequence[Rule]) -> str:
    """The registry as a bilingual Markdown reference (``docs/rules.md``), grouped by family.

    Deterministic (no version or date), so a test can compare the committed file with this output.
    """
    lines = [
        "# 校验规则 · Rules",
        "",
        f"> 本文件由命令生成，请勿手工编辑 · Generated, do not edit: `{RULES_MARKDOWN_COMMAND}`",
        "> (规则定义在 · the rules live in `catalogtool/rules/`)",
        "",
        f"共 {len(rules)} 条规则；`catalogtool explain <规则>` 在终端显示同样的说明。",
        f"{len(rules)} rules; `catalogtool explain <ID or slug>` shows the same text in a terminal.",
    ]
    for digit, (family_en, family_zh) in FAMILIES.items():
        members = [r for r in rules if r.id[2] == digit]
        if not members:
            continue
        lines += ["", f"## CT{digit}xx {family_zh} · {family_en}", ""]
        lines += ["| 规则 ID | 名称 Slug | 级别 Severity | 标题 | Title |", "|---|---|---|---|---|"]
        lines += [
            f"| [{r.id}](#{_anchor(r)}) | `{r.slug}` | {severity_label(r.severity, 'zh')} {r.severity} "
            f"| {_md(r.title_zh)} | {_md(r.title_en)} |"
            for r in members
        ]
        for rule in members:
            lines += ["", *_rule_markdown(rule)]
    return "\n".join(lines) + "\n"


def _rule_markdown(rule: Rule) -> list[str]:
    lines = [
        f"### {rule.id} {rule.slug}",
        "",
        f"**{_md(rule.title_zh)}** · **{_md(rule.title_en)}** — "
        f"{severity_label(rule.severity, 'zh')} {rule.severity}",
        "",
        f"- 提示信息：{_md(readable(rule.message_zh, 'zh'))}",
        f"- Message: {_md(readable(rule.message_en))}",
    ]
    if rule.explanation_zh or rule.explanation_en:
        lines += ["", f"**说明**：{_md(rule.explanation_zh)}", "", f"**Why**: {_md(rule.explanation_en)}"]
    if rule.hint_zh or rule.hint_en:
        lines += [
            "",
            f"**修改建议**：{_md(readable(rule.hint_zh, 'zh'))}",
            "",
            f"**Fix**: {_md(readable(rule.hint_en))}",
        ]
    if rule.fix is not None:
        lines += [
            "",
            f"**自动修复**：{_md(_fix_sentence(rule, 'zh'))}",
            "",
            f"**Autofix**: {_md(_fix_sentence(rule, 'en'))}",
        ]
    examples = dict.fromkeys(e for e in (rule.example_zh, rule.example_en) if e)  # one when they agree
    if examples:
        # The fence must be longer than any run of backticks inside the example.
        ticks = (len(m) for e in examples for m in re.findall(r"`+", e))
        fence = "`" * max(3, 1 + max(ticks, default=0))
        body = [line for e in examples for line in e.splitlines()]
        lines += ["", "**示例 · Example**:", "", fence, *body, fence]
    return lines


def _fix_sentence(rule: Rule, lang: str) -> str:
    """How ``catalogtool fix`` repairs the rule's findings, and whether it needs --unsafe-fixes."""
    assert rule.fix is not None
    if lang == "zh":
        when = (
            "属安全修复，默认执行。"
            if rule.fix.safety == "safe"
            else "需人工确认，加 --unsafe-fixes 时执行。"
        )
        return f"{rule.fix.title_zh}。{when}"
    when = (
        "Safe: applied by default." if rule.fix.safety == "safe" else "Unsafe: applied with --unsafe-fixes."
    )
    return f"{rule.fix.title_en}. {when}"


def _anchor(rule: Rule) -> str:
    """The id GitHub gives the heading ``### CT201 unknown-subcategory``."""
    return f"{rule.id} {rule.slug}".lower().replace(" ", "-")


def _md(text: str) -> str:
    """Prose as Markdown: `code spans` the texts already use are kept; everything else is literal."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape(text[last:]))
    return " ".join("".join(out).split("\n"))


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
