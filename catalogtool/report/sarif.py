"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

``tool.driver.rules`` comes from the rule registry (the same one ``rules`` and ``explain`` show).
Every result has a physical location: the workbook's Excel row as ``startLine`` (1 for file-level
findings) and the column number as ``startColumn``; the sheet and cell go in a logical location and
the message, because a line number alone means little inside a workbook. A YAML/JSON draft is text:
its region is the line of the key (``startLine`` only, no column), and its repairs carry no
``fixes`` (a region of whole lines would replace more than the value). ``artifactLocation.uri``
is the path relative to the working directory, percent-encoded (run from the repository root, e.g.
``catalogtool validate --workspace .``, so code scanning can match it to a file); a file outside the
working directory gets an absolute ``file://`` URI.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from catalogtool.model import Finding, Report, Severity, column_number
from catalogtool.report.common import (
    TOOL_NAME,
    TOOL_VERSION,
    artifact_uri,
    fingerprints,
    sorted_findings,
)

if TYPE_CHECKING:
    from catalogtool.rules.registry import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: Key of our fingerprint in ``partialFingerprints``; bump the suffix if the recipe ever changes.
FINGERPRINT_KEY = "catalogtoolFinding/v1"

_LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


def information_uri() -> str | None:
    """The project's home page from the installed package metadata (pyproject ``[project.urls]``)."""
    from importlib import metadata  # 10 ms to import: only when a SARIF log is written

    try:
        meta = metadata.metadata("catalogtool")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in {"homepage", "home", "repository", "source"} and url.strip():
            return url.strip()
    home = meta.get_all("Home-page") or ()
    return str(home[0]) if home else None


def rule_descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    """A ``reportingDescriptor`` for one registry rule."""
    from catalogtool.report.rulebook import readable

    zh = lang == "zh"
    # The texts are templates filled per finding; here they describe the rule, as `explain` does.
    title = readable(rule.title_zh if zh else rule.title_en, lang)
    explanation = readable(rule.explanation_zh if zh else rule.explanation_en, lang)
    hint = readable(rule.hint_zh if zh else rule.hint_en, lang)
    fix_label = "修改建议" if zh else "Fix"
    example_label = "示例" if zh else "Example"
    text = explanation
    markdown = f"**{rule.id} {rule.slug}**: {title}\n\n{explanation}"
    if hint:
        text += f"\n\n{fix_label}: {hint}"
        markdown += f"\n\n**{fix_label}**: {hint}"
    example = rule.example(lang)
    if example:
        text += f"\n\n{example_label}: {example}"
        markdown += f"\n\n**{example_label}**:\n\n```\n{example}\n```"
    return {
        "id": rule.id,
        "name": rule.slug,
        "shortDescription": {"text": title},
        "fullDescription": {"text": explanation or title},
        "help": {"text": text or title, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [rule.family], "family": rule.family},
    }


def _stand_in(f: Finding) -> dict[str, Any]:
    # A finding whose rule is not registered (a bug elsewhere) still needs a rules[] entry,
    # or code scanning rejects the whole upload.
    return {
        "id": f.rule,
        "name": f.slug,
        "shortDescription": {"text": f.slug},
        "defaultConfiguration": {"level": _LEVELS[f.severity]},
    }


def _result(f: Finding, index: int, fingerprint: str, uri: str, lang: str) -> dict[str, Any]:
    loc = f.location
    region: dict[str, int] = {"startLine": loc.row if loc.row is not None else 1}
    if loc.row is not None and loc.column:
        region["startColumn"] = column_number(loc.column)
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
    if loc.sheet or loc.cell:
        name = loc.cell or (str(loc.row) if loc.row is not None else loc.sheet or "")
        location["logicalLocations"] = [
            {"name": name, "fullyQualifiedName": loc.describe(lang), "kind": "element"}
        ]
    message = f"{loc.describe(lang)}: {f.message(lang)}"
    hint = f.hint(lang)
    if hint:
        message += f"（{hint}）" if lang == "zh" else f" ({hint})"
    properties: dict[str, Any] = {"severity": f.severity}
    for key, value in (("sheet", loc.sheet), ("cell", loc.cell), ("field", loc.field), ("value", f.value)):
        if value is not None:
            properties[key] = value
    properties["message_en"] = f.message_en
    properties["message_zh"] = f.message_zh
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": _LEVELS[f.severity],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }
    if f.fix is not None and loc.row is not None and any(e.column is not None for e in f.fix.edits):
        result["fixes"] = [_fix(f, uri, loc.row, lang)]
    return result


def _fix(f: Finding, uri: str, row: int, lang: str) -> dict[str, Any]:
    """SARIF ``fix``: each edit replaces its whole cell (region: the row as line, the column as column)."""
    assert f.fix is not None
    safety = (
        ("安全修复" if f.fix.safe else "需人工确认的修复")
        if lang == "zh"
        else ("safe fix" if f.fix.safe else "unsafe fix")
    )
    replacements = [
        {
            "deletedRegion": {
                "startLine": row,
                "startColumn": column_number(e.column),
                "endColumn": column_number(e.column) + 1,
            },
            "insertedContent": {"text": e.value},
        }
        for e in f.fix.edits
        if e.column is not None
    ]
    return {
        "description": {"text": f"{safety}: catalogtool fix" + ("" if f.fix.safe else " --unsafe-fixes")},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
    }


def sarif_log(report: Report, lang: str, rules: Sequence[Rule]) -> dict[str, Any]:
    """The SARIF log as a dict, with ``rules`` as ``tool.driver.rules``."""
    descriptors = [rule_descriptor(rule, lang) for rule in rules]
    index = {rule.id: i for i, rule in enumerate(rules)}
    findings = sorted_findings(report.findings)
    for f in findings:
        if f.rule not in index:
            index[f.rule] = len(descriptors)
            descriptors.append(_stand_in(f))
    driver: dict[str, Any] = {"name": TOOL_NAME, "version": TOOL_VERSION, "semanticVersion": TOOL_VERSION}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = descriptors
    uri_of = functools.cache(artifact_uri)
    results = [
        _result(f, index[f.rule], fp, uri_of(f.location.file), lang)
        for f, fp in zip(findings, fingerprints(findings), strict=True)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "code_list": report.code_list,
                    "valid": report.valid,
                    "partial": report.partial,
                },
            }
        ],
    }


class SarifReporter:
    """SARIF 2.1.0 JSON."""

    name = "sarif"

    def render(self, report: Report, lang: str) -> str:
        from catalogtool.rules import all_rules  # the registry may pull in rule modules; load on use

        # Compact: a machine format, and the C encoder is several times faster than indent=.
        return json.dumps(sarif_log(report, lang, all_rules()), ensure_ascii=False) + "\n"
