"""The rule registry: every check's stable id, slug, severity, texts in both languages and docs.

Each family module (``rules/file.py``, ``rules/code.py`` …) declares its :class:`Rule` values next to
the checks that use them; :func:`all_rules` collects them, and ``catalogtool rules``, ``explain`` and
SARIF ``tool.driver.rules`` all read that one collection.

Ids: ``CT`` + family digit + two digits. Families: 1 file/sheet, 2 code, 3 competency,
4 cross-row, 5 catalog/workspace.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from catalogtool.lang import Listing, join
from catalogtool.model import Edit, Finding, Location, Repair, Severity

FAMILIES: Mapping[str, tuple[str, str]] = {
    "1": ("file", "文件与工作表"),
    "2": ("code", "职业分类代码"),
    "3": ("competency", "能力要求"),
    "4": ("cross-row", "跨行检查"),
    "5": ("catalog", "目录与工作区"),
}


#: How far a repair can be trusted: ``safe`` changes only the form (codes normalised, an Excel date
#: turned back into its code), ``unsafe`` changes what a cell says and wants a person's review.
FixSafety = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class Fix:
    """A rule's repair, as ``catalogtool fix`` offers it (the repair itself lives with the fixer)."""

    safety: FixSafety
    title_en: str
    title_zh: str


@dataclass(frozen=True)
class Rule:
    """One rule. Message and hint templates use ``{name}`` fields filled from the finding.

    The code that reports it is a check (rules/checks.py) declaring this rule; ``fix`` says whether
    and how a finding of it can be repaired.
    """

    id: str
    slug: str
    severity: Severity
    title_en: str
    title_zh: str
    message_en: str
    message_zh: str
    explanation_en: str
    explanation_zh: str
    hint_en: str = ""
    hint_zh: str = ""
    example_en: str = ""
    example_zh: str = ""
    fix: Fix | None = None

    def example(self, lang: str) -> str:
        """The example, in ``lang`` (zh or en)."""
        return self.example_zh if lang == "zh" else self.example_en

    @property
    def family(self) -> str:
        return FAMILIES[self.id[2]][0]

    def fields(self) -> set[str]:
        """The template field names the messages and hints use."""
        names: set[str] = set()
        for template in (self.message_en, self.message_zh, self.hint_en, self.hint_zh):
            names.update(name for _, name, _, _ in string.Formatter().parse(template) if name)
        return names

    def finding(
        self,
        location: Location,
        value: str | None = None,
        severity: Severity | None = None,
        **params: object,
    ) -> Finding:
        """Render this rule's texts for one occurrence."""
        return self.render(location, value, params, severity)

    def render(
        self,
        location: Location,
        value: str | None,
        params: Mapping[str, object],
        severity: Severity | None = None,
        edits: tuple[Edit, ...] = (),
    ) -> Finding:
        """Like :meth:`finding`, with the template parameters as a mapping; ``edits`` are the cells this
        rule's repair writes (ignored for a rule that declares no fix)."""
        en = {"value": _show(value, "en")} | {k: _show(v, "en") for k, v in params.items()}
        zh = {"value": _show(value, "zh")} | {k: _show(v, "zh") for k, v in params.items()}
        repair = Repair(self.fix.safety == "safe", edits) if self.fix is not None and edits else None
        return Finding(
            rule=self.id,
            slug=self.slug,
            severity=severity or self.severity,
            location=location,
            message_en=self.message_en.format_map(en),
            message_zh=self.message_zh.format_map(zh),
            hint_en=self.hint_en.format_map(en),
            hint_zh=self.hint_zh.format_map(zh),
            value=value,
            fix=repair,
        )


def _show(value: object, lang: str) -> str:
    """Render a template parameter in ``lang``; never print ``None`` to a person. A list is joined as
    the language joins one (``、`` in Chinese, ``, `` in English; :func:`catalogtool.lang.join`)."""
    if value is None:
        return "—"
    if isinstance(value, Listing):
        return value.show(lang)
    if isinstance(value, list | tuple | set | frozenset):
        return join((_show(v, lang) for v in value), lang)
    return str(value)


def with_severity(finding: Finding, severity: Severity) -> Finding:
    """The finding with a configured severity (``catalogtool.yaml`` overrides)."""
    return replace(finding, severity=severity)


def configured(rule: Rule, overrides: Mapping[str, str]) -> str | None:
    """The severity (or ``off``) catalogtool.yaml sets for ``rule``, by id or slug; None when unset."""
    return overrides.get(rule.id) or overrides.get(rule.slug)


def rule_off(rule: Rule, overrides: Mapping[str, str]) -> bool:
    """Whether catalogtool.yaml silences ``rule``."""
    return configured(rule, overrides) == "off"
