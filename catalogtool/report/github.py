"""``--format github``: GitHub Actions workflow commands, plus the Markdown for the step summary.

GitHub shows at most 10 error and 10 warning annotations per step (and drops the rest silently), so
the first 10 of each become annotations, one notice says how many more there are, and every finding
not annotated is still printed as a plain log line. The full table goes to ``$GITHUB_STEP_SUMMARY``
through :func:`step_summary_markdown`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from catalogtool.model import Finding, Report, Severity, column_number
from catalogtool.report.common import (
    artifact_path,
    by_rule,
    counts,
    field_label,
    plural,
    quote,
    severity_label,
    sorted_findings,
    visible,
)

#: GitHub's per-step display limit for each annotation kind (errors, warnings, notices).
ANNOTATION_CAP = 10
#: The step summary is dropped whole above 1 MiB; stop the table well before that.
STEP_SUMMARY_BUDGET = 900_000

_COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(f: Finding, lang: str) -> str:
    # The line number means little inside a binary workbook, so say the cell too.
    # Each part through visible(): a value's ESC or CR must not act on the log; the one line break
    # before the hint is ours.
    text = f"{visible(f.location.describe(lang))}: {visible(f.message(lang))}"
    if f.value is not None:
        text += f"（值：{quote(f.value, lang)}）" if lang == "zh" else f" (value: {quote(f.value, lang)})"
    hint = visible(f.hint(lang))
    if hint:
        text += f"\n修改建议：{hint}" if lang == "zh" else f"\nFix: {hint}"
    return text


def annotation(f: Finding, lang: str) -> str:
    """One finding as a workflow command line."""
    loc = f.location
    props = [f"file={escape_property(visible(artifact_path(loc.file)))}"]
    if loc.row is not None:
        props.append(f"line={loc.row}")
        if loc.column:
            props.append(f"col={column_number(loc.column)}")
    props.append(f"title={escape_property(f'{f.rule} {f.slug}')}")
    return f"::{_COMMANDS[f.severity]} {','.join(props)}::{escape_data(_message(f, lang))}"


def plain_line(text: str) -> str:
    """A plain log line: line breaks shown as ``\\n`` so it stays one line, and a visible prefix when
    it would start with ``::`` (the runner trims leading blanks and then runs such a line as a command).
    Not %-escaped: that escaping only exists inside workflow commands."""
    text = visible(text)  # also shows \r and \n as such, so the line stays one line
    return f"› {text}" if text.lstrip().startswith("::") else text


def _plain(f: Finding, lang: str) -> str:
    loc = f.location
    return plain_line(
        f"{artifact_path(loc.file)} {loc.describe(lang)} {severity_label(f.severity, lang)} {f.rule}: "
        + f.message(lang)
    )


def _lines(report: Report, lang: str) -> Iterator[str]:
    findings = sorted_findings(report.findings)
    totals = Counter(f.severity for f in findings)
    # Notices are capped too: keep room for the one that reports the overflow.
    spill = any(n > ANNOTATION_CAP for n in totals.values())
    caps: dict[Severity, int] = {"error": ANNOTATION_CAP, "warning": ANNOTATION_CAP}
    caps["info"] = ANNOTATION_CAP - 1 if spill else ANNOTATION_CAP
    shown: dict[Severity, int] = {"error": 0, "warning": 0, "info": 0}
    overflow: list[Finding] = []
    over_by: dict[Severity, int] = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if shown[f.severity] < caps[f.severity]:
            shown[f.severity] += 1
            yield annotation(f, lang)
        else:
            over_by[f.severity] += 1
            overflow.append(f)
    if overflow:
        if lang == "zh":
            text = (
                f"另有 {len(overflow)} 个问题未作为注释显示（错误 {over_by['error']} 个，"
                f"警告 {over_by['warning']} 个，提示 {over_by['info']} 个；"
                f"GitHub 每步最多显示 {ANNOTATION_CAP} 个错误和 {ANNOTATION_CAP} 个警告）。"
                "完整列表见下方日志和步骤摘要。"
            )
        else:
            text = (
                f"{plural(len(overflow), 'more finding')} not shown as annotations "
                f"({plural(over_by['error'], 'error')}, {plural(over_by['warning'], 'warning')}, "
                f"{plural(over_by['info'], 'info')}; GitHub shows at most "
                f"{ANNOTATION_CAP} errors and {ANNOTATION_CAP} warnings per step). "
                "The full list is in the log below and in the step summary."
            )
        yield f"::notice title={escape_property('catalogtool')}::{escape_data(text)}"
        yield from (_plain(f, lang) for f in overflow)
    c = counts(report.files)
    verdict = (
        ("通过" if report.valid else "未通过") if lang == "zh" else ("valid" if report.valid else "NOT valid")
    )
    if report.partial:
        verdict += (
            "（部分结果：已达到问题数上限）" if lang == "zh" else " (partial: the findings limit was reached)"
        )
    if lang == "zh":
        yield (
            f"catalogtool：{len(report.files)} 个文件，{c['rows']} 行：错误 {c['errors']} 个，"
            f"警告 {c['warnings']} 个，提示 {c['infos']} 个 — {verdict}"
        )
    else:
        yield (
            f"catalogtool: {plural(len(report.files), 'file')}, {plural(c['rows'], 'row')}: "
            f"{plural(c['errors'], 'error')}, {plural(c['warnings'], 'warning')}, "
            f"{plural(c['infos'], 'info')} — {verdict}"
        )


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    if not text:
        return ""
    text = visible(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\\n", "\n")
    # Entities first, so the <br> we add stays markup and a value's own "<" does not.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def step_summary_markdown(report: Report, lang: str) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: totals, every finding, and counts by rule."""
    zh = lang == "zh"
    c = counts(report.files)
    verdict = (
        ("✅ 通过" if report.valid else "❌ 未通过")
        if zh
        else ("✅ valid" if report.valid else "❌ NOT valid")
    )
    out = ["## catalogtool " + ("校验结果" if zh else "validation"), ""]
    if zh:
        out.append(
            f"{verdict} — {len(report.files)} 个文件，{c['rows']} 行：错误 **{c['errors']}** 个，"
            f"警告 **{c['warnings']}** 个，提示 **{c['infos']}** 个"
        )
    else:
        out.append(
            f"{verdict} — {plural(len(report.files), 'file')}, {plural(c['rows'], 'row')}: "
            f"**{c['errors']}** errors, **{c['warnings']}** warnings, **{c['infos']}** infos"
        )
    if report.partial:
        out.append("")
        out.append("⚠️ 部分结果：已达到问题数上限。" if zh else "⚠️ Partial: the findings limit was reached.")
    findings = sorted_findings(report.findings)
    if findings:
        head = (
            ("文件", "级别", "规则", "位置", "字段", "值", "问题", "修改建议")
            if zh
            else ("File", "Severity", "Rule", "Cell", "Field", "Value", "Message", "Fix")
        )
        out += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        size = sum(len(line.encode("utf-8")) + 1 for line in out)
        for i, f in enumerate(findings):
            loc = f.location
            value = "" if f.value is None else _cell(f.value) or ("（空）" if zh else "(empty)")
            row = (
                f"| {_cell(artifact_path(loc.file))} | {severity_label(f.severity, lang)} | "
                f"{f.rule} {f.slug} | {_cell(loc.describe(lang))} | {_cell(field_label(loc.field, lang))} | "
                f"{value} | {_cell(f.message(lang))} | {_cell(f.hint(lang))} |"
            )
            size += len(row.encode("utf-8")) + 1
            if size > STEP_SUMMARY_BUDGET:
                rest = len(findings) - i
                out.append("")
                out.append(
                    f"…另有 {rest} 个问题未列出（步骤摘要大小上限 1 MiB）；"
                    "请用 `--format json` 查看完整报告。"
                    if zh
                    else f"…{rest} more findings not listed (the step summary is limited to 1 MiB); "
                    "use `--format json` for the full report."
                )
                break
            out.append(row)
        rules = by_rule(report.files)
        slugs = {f.rule: f.slug for f in findings}
        out += ["", "### " + ("按规则统计" if zh else "By rule"), ""]
        out += ["| " + (" | ".join(("规则", "数量")) if zh else "Rule | Count") + " |", "|---|---:|"]
        out += [f"| {rule} {slugs.get(rule, '')} | {n} |" for rule, n in rules.items()]
    return "\n".join(out) + "\n"


class GithubReporter:
    """Workflow commands for GitHub Actions logs and annotations."""

    name = "github"

    def render(self, report: Report, lang: str) -> str:
        return "\n".join(_lines(report, lang)) + "\n"
