"""``--format junit``: JUnit XML for GitLab test reports, Jenkins and other CI dashboards.

One ``<testsuite>`` per input file, one ``<testcase>`` per finding. A finding that fails the run
(an error, or a warning under ``--strict``) is a ``<failure>``; the others pass and carry their text
in ``<system-out>``, so dashboards count exactly what the exit code counts. A file without findings
gets one passing testcase, so it still shows up as checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from catalogtool.model import FileReport, Finding, Report
from catalogtool.report.common import (
    TOOL_NAME,
    artifact_path,
    counts,
    fails,
    field_label,
    quote,
    severity_label,
    sorted_findings,
)

# Characters XML 1.0 cannot carry at all, even escaped; spreadsheets do contain them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 forbids shown as ``\\xNN``."""
    return _ILLEGAL_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _seconds(seconds: float | None) -> str:
    """A ``time`` attribute: seconds with three decimals (the XSD's SUREFIRE_TIME), 0 when unmeasured."""
    return f"{seconds or 0.0:.3f}"


def _case_name(f: Finding) -> str:
    loc = f.location
    parts = [loc.describe("en")]
    if loc.field:
        parts.append(f"[{loc.field}]")
    parts.append(f"{f.rule} {f.slug}")
    return " ".join(parts)


def _details(f: Finding, lang: str) -> str:
    zh = lang == "zh"
    loc = f.location
    lines = [f"{severity_label(f.severity, lang)} {f.rule} {f.slug}: {loc.describe(lang)}", f.message(lang)]
    if loc.field:
        lines.append(("字段：" if zh else "Field: ") + f"{field_label(loc.field, lang)} ({loc.field})")
    if f.value is not None:
        lines.append(("值：" if zh else "Value: ") + quote(f.value, lang))
    hint = f.hint(lang)
    if hint:
        lines.append(("修改建议：" if zh else "Fix: ") + hint)
    return "\n".join(lines)


def _suite(fr: FileReport, report: Report, lang: str) -> ET.Element:
    path = artifact_path(fr.file)
    findings = sorted_findings(fr.findings)
    failures = sum(1 for f in findings if fails(f, report))
    suite = ET.Element(
        "testsuite",
        {
            "name": xml_safe(path),
            "tests": str(max(len(findings), 1)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": _seconds(fr.seconds),
            "file": xml_safe(path),
        },
    )
    props = ET.SubElement(suite, "properties")
    c = counts([fr])
    for name, value in (
        ("file", fr.file),
        ("sheet", fr.sheet),
        ("encoding", fr.encoding),
        ("code_list", report.code_list),
        ("rows", str(c["rows"])),
        ("errors", str(c["errors"])),
        ("warnings", str(c["warnings"])),
        ("infos", str(c["infos"])),
        ("valid", str(fr.valid(report.strict)).lower()),
        ("partial", str(fr.partial).lower()),
    ):
        if value is not None:
            ET.SubElement(props, "property", {"name": name, "value": xml_safe(value)})
    if not findings:
        where = fr.sheet or path
        name = f"{where}: 未发现问题" if lang == "zh" else f"{where}: no findings"
        ET.SubElement(suite, "testcase", {"classname": xml_safe(path), "name": xml_safe(name), "time": "0"})
        return suite
    used: dict[str, int] = {}
    for f in findings:
        name = _case_name(f)
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} #{used[name]}"
        # testcase takes only name, classname, time (and group) in the Jenkins xunit JUnit XSD: the
        # file is the suite's ``file``, the row is in the name (docs/ci.md, "JUnit").
        attrs = {"classname": xml_safe(path), "name": xml_safe(name), "time": "0"}
        case = ET.SubElement(suite, "testcase", attrs)
        details = xml_safe(_details(f, lang))
        if fails(f, report):
            failure = ET.SubElement(
                case, "failure", {"type": f"{f.rule} {f.slug}", "message": xml_safe(f.message(lang))}
            )
            failure.text = details
        else:
            ET.SubElement(case, "system-out").text = details
    return suite


class JunitReporter:
    """JUnit XML, UTF-8."""

    name = "junit"

    def render(self, report: Report, lang: str) -> str:
        root = ET.Element("testsuites", {"name": TOOL_NAME})
        for fr in sorted(report.files, key=lambda fr: fr.file):
            root.append(_suite(fr, report, lang))
        root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
        root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
        root.set("errors", "0")
        root.set("time", _seconds(sum(fr.seconds or 0.0 for fr in report.files)))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
