"""``--format json``: the machine-readable report, exactly the contract of design.md §6.

One input gives the single-file object; several give ``{"tool", "code_list", "valid", "partial",
"summary", "files": [<single-file object>, ...]}`` with totals in ``summary``.
"""

from __future__ import annotations

from typing import Any

from catalogtool.model import FileReport, Finding, Report
from catalogtool.report.common import TOOL_NAME, TOOL_VERSION, by_rule, counts, sorted_findings
from catalogtool.report.jsontext import indented


def finding_object(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as the JSON contract spells it: ``message`` and ``hint`` in ``lang``, and both
    languages always under ``message_zh``/``message_en`` and ``hint_zh``/``hint_en``."""
    loc = finding.location
    return {
        "rule": finding.rule,
        "slug": finding.slug,
        "severity": finding.severity,
        "sheet": loc.sheet,
        "row": loc.row,
        "column": loc.column,
        "cell": loc.cell,
        "field": loc.field,
        "value": finding.value,
        "message": finding.message(lang),
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
        "hint": finding.hint(lang),
        "hint_zh": finding.hint_zh,
        "hint_en": finding.hint_en,
        **({"fix": fix_object(finding)} if finding.fix is not None else {}),
    }


def fix_object(finding: Finding) -> dict[str, Any]:
    """A finding's repair for editors and CI: ``value`` is the new text of the finding's own cell (or the
    first edit's), ``edits`` every cell the repair writes, with its place in the input: the row and
    cell in a table; in a YAML/JSON draft the line of the key (column and cell null)."""
    assert finding.fix is not None
    loc = finding.location
    edits = finding.fix.edits
    own = next((e for e in edits if e.field == loc.field), edits[0])
    return {
        "safe": finding.fix.safe,
        "value": own.value,
        "edits": [
            {
                "field": e.field,
                "row": e.line if e.line is not None else loc.row,
                "column": e.column,
                "cell": f"{e.column}{loc.row}" if e.column and loc.row is not None else None,
                "value": e.value,
            }
            for e in edits
        ],
    }


def _tool() -> dict[str, str]:
    return {"name": TOOL_NAME, "version": TOOL_VERSION}


def file_object(fr: FileReport, report: Report, lang: str) -> dict[str, Any]:
    """The single-file report object."""
    obj: dict[str, Any] = {
        "tool": _tool(),
        "code_list": report.code_list,
        "file": fr.file,
        "sheet": fr.sheet,
    }
    if fr.encoding:
        obj["encoding"] = fr.encoding
    obj["valid"] = fr.valid(report.strict)
    obj["partial"] = fr.partial
    obj["summary"] = {**counts([fr]), "by_rule": fr.by_rule()}
    obj["findings"] = [finding_object(f, lang) for f in sorted_findings(fr.findings)]
    return obj


def report_object(report: Report, lang: str) -> dict[str, Any]:
    """The whole report as a JSON-ready dict (single-file shape when there is exactly one file)."""
    if len(report.files) == 1:
        return file_object(report.files[0], report, lang)
    return {
        "tool": _tool(),
        "code_list": report.code_list,
        "valid": report.valid,
        "partial": report.partial,
        "summary": {**counts(report.files), "files": len(report.files), "by_rule": by_rule(report.files)},
        "files": [file_object(fr, report, lang) for fr in sorted(report.files, key=lambda fr: fr.file)],
    }


class JsonReporter:
    """The JSON contract, pretty-printed, UTF-8 (Chinese kept readable, not \\u-escaped)."""

    name = "json"

    def render(self, report: Report, lang: str) -> str:
        return indented(report_object(report, lang)) + "\n"
