"""``--format text``: the report a person reads, in Chinese or English.

The report is first laid out as lines of (text, style) segments; :meth:`TextReporter.render` joins
the text (for files and pipes) and :func:`render_rich` prints the same lines in colour to a terminal,
so the two can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from catalogtool.lang import join
from catalogtool.model import FileReport, Finding, Report, Severity
from catalogtool.report.common import (
    counts,
    field_label,
    plural,
    quote,
    severity_label,
    sorted_findings,
    visible,
)

if TYPE_CHECKING:
    from rich.console import Console

Segment = tuple[str, str]  # (text, rich style; "" for none)
Line = tuple[Segment, ...]

_SEVERITY_STYLES: dict[Severity, str] = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
_INDENT = "    "


def _where(fr: FileReport, lang: str) -> str:
    if fr.sheet is None:
        return fr.file
    return f"{fr.file}（工作表：{fr.sheet}）" if lang == "zh" else f"{fr.file} (sheet {fr.sheet})"


def _verdict(valid: bool, strict: bool, lang: str) -> Segment:
    if valid:
        return ("通过" if lang == "zh" else "valid", "bold green")
    if strict:
        return (
            "未通过（严格模式：警告也计入）" if lang == "zh" else "NOT valid (--strict: warnings count)"
        ), "bold red"
    return ("未通过" if lang == "zh" else "NOT valid", "bold red")


def _tally(c: dict[str, int], lang: str, table: bool = True) -> str:
    """Counts for a summary line; a file without a table (workspace YAML) has no row count."""
    if lang == "zh":
        rows = f"{c['rows']:,} 行：" if table else ""
        return f"{rows}错误 {c['errors']} 个，警告 {c['warnings']} 个，提示 {c['infos']} 个"
    parts = [plural(c["errors"], "error"), plural(c["warnings"], "warning"), plural(c["infos"], "info")]
    if table:
        parts.insert(0, plural(c["rows"], "row"))
    return ", ".join(parts)


def _summary(fr: FileReport, report: Report, lang: str) -> Iterator[Line]:
    sep = "：" if lang == "zh" else ": "
    yield (
        (_where(fr, lang), "bold"),
        (sep + _tally(counts([fr]), lang, table=fr.sheet is not None or fr.rows > 0) + " — ", ""),
        _verdict(fr.valid(report.strict), report.strict, lang),
    )
    if fr.partial:
        text = (
            "部分结果：已达到问题数上限，文件未检查完毕，修正后请再次校验。"
            if lang == "zh"
            else "partial: the findings limit was reached before the end of the file; "
            "fix these and run again."
        )
        yield ((text, "bold yellow"),)


def _group_title(f: Finding, lang: str) -> str:
    """``第 7 行`` / ``Row 7``, ``第 39 行`` / ``Line 39`` (YAML/JSON), or the whole file."""
    words = f.location.row_words(lang, title=True)
    if words is None:
        return "整个文件" if lang == "zh" else "Whole file"
    return words


def _finding_lines(f: Finding, lang: str) -> Iterator[Line]:
    loc = f.location
    where = loc.describe(lang)
    label = field_label(loc.field, lang)
    if label:
        where += f"（{label}）" if lang == "zh" else f" ({label})"
    yield (
        ("  ", ""),
        (severity_label(f.severity, lang).ljust(4 if lang == "zh" else 8), _SEVERITY_STYLES[f.severity]),
        (" ", ""),
        (f.rule, "bold"),
        (" ", ""),
        (f.slug, "dim"),
        ("  ", ""),
        (where, "cyan"),
    )
    yield ((_INDENT, ""), (f.message(lang), ""))
    if f.value is not None:
        yield (
            (_INDENT, ""),
            ("值：" if lang == "zh" else "value: ", "dim"),
            (quote(f.value, lang), "magenta"),
        )
    hint = f.hint(lang)
    if hint:
        yield ((_INDENT, ""), ("修改建议：" if lang == "zh" else "fix: ", "dim"), (hint, "green"))
    if f.fix is not None:
        command = "catalogtool fix" + ("" if f.fix.safe else " --unsafe-fixes")
        new = "；".join(quote(e.value, lang) for e in f.fix.edits)
        yield (
            (_INDENT, ""),
            ("可自动修复：" if lang == "zh" else "autofix: ", "dim"),
            (f"{command} → {new}", "green"),
        )


def _file_lines(fr: FileReport, report: Report, lang: str) -> Iterator[Line]:
    yield from _summary(fr, report, lang)
    if not fr.findings:
        yield (("  " + ("未发现问题。" if lang == "zh" else "No findings."), "green"),)
        return
    for _, group in groupby(sorted_findings(fr.findings), key=lambda f: f.location.row):
        findings = list(group)
        yield ()
        yield ((_group_title(findings[0], lang), "bold underline"),)
        for f in findings:
            yield from _finding_lines(f, lang)


def lines(report: Report, lang: str) -> list[Line]:
    """The text report as styled lines (the one layout both renderers use); every segment's text is
    passed through :func:`visible`, so no value (nor file or sheet name) can act on the terminal."""
    return [tuple((visible(text), style) for text, style in line) for line in _layout(report, lang)]


def _rule_tally(report: Report, lang: str) -> Line:
    """``By rule: CT201 ×3, CT301 ×1`` over every file, most frequent first."""
    totals: dict[str, int] = {}
    for fr in report.files:
        for rule, n in fr.by_rule().items():
            totals[rule] = totals.get(rule, 0) + n
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    head = "按规则统计：" if lang == "zh" else "By rule: "
    return ((head, "bold"), (join((f"{rule} ×{n}" for rule, n in ordered), lang, "clauses"), ""))


def _layout(report: Report, lang: str) -> list[Line]:
    out: list[Line] = []
    for i, fr in enumerate(sorted(report.files, key=lambda fr: fr.file)):
        if i:
            out.append(())
        out.extend(_file_lines(fr, report, lang))
    # The last screen of a long report says what happened: the tally by rule, then the verdict.
    if report.findings:
        out.append(())
        out.append(_rule_tally(report, lang))
    if len(report.files) == 1:
        (fr,) = report.files
        head = "结论：" if lang == "zh" else "Result: "
        tally = _tally(counts([fr]), lang, table=fr.sheet is not None or fr.rows > 0)
        if report.findings:
            out.append(((head + tally + " — ", "bold"), _verdict(report.valid, report.strict, lang)))
    else:
        c = counts(report.files)
        n = len(report.files)
        head = f"合计 {n} 个文件，" if lang == "zh" else f"Total: {plural(n, 'file')}, "
        out.append(())
        out.append(((head + _tally(c, lang) + " — ", "bold"), _verdict(report.valid, report.strict, lang)))
        if report.partial:
            out.append(
                (
                    (
                        "部分结果（已达到问题数上限）"
                        if lang == "zh"
                        else "partial (findings limit reached)",
                        "bold yellow",
                    ),
                )
            )
    return out


def render_rich(report: Report, lang: str, console: Console) -> None:
    """Print the text report to a terminal in colour (values are never read as rich markup)."""
    from rich.text import Text

    for line in lines(report, lang):
        console.print(Text.assemble(*line), soft_wrap=True)


class TextReporter:
    """The human report as plain text."""

    name = "text"

    def render(self, report: Report, lang: str) -> str:
        return "\n".join("".join(text for text, _ in line) for line in lines(report, lang)) + "\n"
