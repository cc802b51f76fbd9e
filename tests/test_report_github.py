"""GitHub Actions output: workflow commands parsed back, the 10-annotation cap, the step summary."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from hypothesis import given
from hypothesis import strategies as st

from catalogtool.model import FileReport, Finding, Location, Report, Severity
from catalogtool.report import render, step_summary_markdown
from catalogtool.report.github import escape_data, escape_property

COMMAND = re.compile(r"^::(?P<cmd>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


@dataclass
class Command:
    cmd: str
    props: dict[str, str]
    data: str


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> Command | None:
    """Parse one line the way the Actions runner does (None for plain log lines)."""
    m = COMMAND.match(line)
    if m is None:
        return None
    props: dict[str, str] = {}
    for pair in filter(None, (m["props"] or "").split(",")):
        key, _, value = pair.partition("=")
        props[key] = unescape_property(value)
    return Command(m["cmd"], props, unescape_data(m["data"]))


def finding(i: int, severity: Severity, value: str = "2-02-45", row: int | None = None) -> Finding:
    return Finding(
        rule=f"CT2{i:02d}",
        slug="unknown-subcategory",
        severity=severity,
        location=Location(
            "provinces/JS/catalog.xlsx", "指导目录", row if row is not None else 5 + i, "B", "code"
        ),
        message_en=f"{value} is not a subcategory",
        message_zh=f"{value} 不是小类",
        hint_en="Use 2-02-10, 3-01-01",
        hint_zh="请使用 2-02-10",
        value=value,
    )


def report_of(*findings: Finding) -> Report:
    return Report(
        files=(FileReport("provinces/JS/catalog.xlsx", "指导目录", 40, findings),), code_list="NOC 2022"
    )


def test_one_annotation_per_finding_with_file_line_column_and_title() -> None:
    out = render("github", report_of(finding(1, "error", "50%: a,b\nc")), "en").splitlines()
    command = parse(out[0])
    assert command == Command(
        "error",
        {"file": "provinces/JS/catalog.xlsx", "line": "6", "col": "2", "title": "CT201 unknown-subcategory"},
        # a line break inside a value is shown as \n (issue #19); the one before the hint is ours
        '指导目录!B6: 50%: a,b\\nc is not a subcategory (value: "50%: a,b\\nc")\nFix: Use 2-02-10, 3-01-01',
    )
    assert "\n" not in out[0] and "%0A" in out[0]
    assert out[1] == "catalogtool: 1 file, 40 rows: 1 error, 0 warnings, 0 infos — NOT valid"
    partial = replace(report_of(), files=(replace(report_of().files[0], partial=True),))
    assert render("github", partial, "en").endswith("— valid (partial: the findings limit was reached)\n")


def test_severity_maps_to_error_warning_notice_and_file_level_has_no_line() -> None:
    file_level = Finding("CT501", "catalog-note", "info", Location("a b,c.xlsx"), "note", "提示")
    out = render("github", report_of(finding(1, "warning"), file_level), "zh").splitlines()
    commands = [parse(line) for line in out]
    assert [c.cmd for c in commands if c] == ["notice", "warning"]
    notice = commands[0]
    assert notice is not None and notice.props == {"file": "a b,c.xlsx", "title": "CT501 catalog-note"}
    assert notice.data == "a b,c.xlsx: 提示"
    assert out[-1] == "catalogtool：1 个文件，40 行：错误 0 个，警告 1 个，提示 1 个 — 通过"


def test_only_ten_errors_and_ten_warnings_are_annotated_then_one_notice_counts_the_rest() -> None:
    findings = [finding(i, "error", row=i + 2) for i in range(12)] + [
        finding(i + 50, "warning", row=i + 2) for i in range(12)
    ]
    out = render("github", report_of(*findings), "en").splitlines()
    commands = [c for c in map(parse, out) if c]
    assert sum(c.cmd == "error" for c in commands) == 10
    assert sum(c.cmd == "warning" for c in commands) == 10
    [overflow] = [c for c in commands if c.cmd == "notice"]
    assert overflow.data.startswith(
        "4 more findings not shown as annotations (2 errors, 2 warnings, 0 infos;"
    )
    plain = [line for line in out if not line.startswith("::")]
    assert len(plain) == 4 + 1  # the four not annotated, then the summary
    assert plain[0].startswith("provinces/JS/catalog.xlsx 指导目录!B12 error CT210:")
    assert "另有 4 个问题未作为注释显示" in render("github", report_of(*findings), "zh")


def test_notices_leave_room_for_the_overflow_notice() -> None:
    findings = [finding(i, "error", row=i + 2) for i in range(11)] + [
        finding(i + 50, "info", row=i + 2) for i in range(10)
    ]
    commands = [c for c in map(parse, render("github", report_of(*findings), "en").splitlines()) if c]
    assert sum(c.cmd == "error" for c in commands) == 10
    notices = [c for c in commands if c.cmd == "notice"]
    assert len(notices) == 10
    assert notices[-1].data.startswith(
        "2 more findings not shown as annotations (1 error, 0 warnings, 1 info;"
    )
    only_infos = [finding(i, "info", row=i + 2) for i in range(10)]
    out = render("github", report_of(*only_infos), "en").splitlines()
    assert sum(line.startswith("::notice ") for line in out) == 10 and "more findings" not in "".join(out)


@given(st.text(max_size=40))
def test_escaping_round_trips_any_text(text: str) -> None:
    assert unescape_data(escape_data(text)) == text
    assert unescape_property(escape_property(text)) == text
    assert not set(escape_property(text)) & {":", ",", "\n", "\r"}
    assert not set(escape_data(text)) & {"\n", "\r"}


def test_step_summary_is_a_markdown_table_of_every_finding_and_a_count_by_rule() -> None:
    findings = [finding(i, "error", row=i + 2) for i in range(12)] + [
        finding(1, "warning", "a|b\n<c>", row=30)
    ]
    md = step_summary_markdown(report_of(*findings), "en")
    lines = md.splitlines()
    assert lines[0] == "## catalogtool validation"
    assert lines[2] == "❌ NOT valid — 1 file, 40 rows: **12** errors, **1** warnings, **0** infos"
    table = [line for line in lines if line.startswith("| provinces/")]
    assert len(table) == 13
    assert table[0] == (
        "| provinces/JS/catalog.xlsx | error | CT200 unknown-subcategory | 指导目录!B2 | code | 2-02-45 | "
        "2-02-45 is not a subcategory | Use 2-02-10, 3-01-01 |"
    )
    assert "| a\\|b<br>&lt;c> | a\\|b<br>&lt;c> is not a subcategory |" in md
    by_rule = lines[lines.index("### By rule") :]
    assert "| CT201 unknown-subcategory | 2 |" in by_rule
    assert all(line.count("|") - line.count("\\|") == 9 for line in table)
    zh = step_summary_markdown(report_of(*findings), "zh")
    assert "## catalogtool 校验结果" in zh and "### 按规则统计" in zh and "| 错误 |" in zh


def test_plain_overflow_lines_are_not_escaped_and_never_read_as_commands() -> None:
    tricky = "50%: a,b\n::error::injected\r\nc"
    odd_file = Finding(
        "CT101",
        "no-header",
        "error",
        Location("  ::set-output name=x::1.xlsx", None, 3),
        "no header",
        "无表头",
    )
    # The odd file sorts first and takes an annotation; the last two errors are left as plain lines.
    findings = [finding(i, "error", row=i + 2) for i in range(9)] + [finding(60, "error", tricky, row=40)]
    out = render("github", report_of(odd_file, *findings), "en").splitlines()
    plain = [line for line in out if parse(line) is None]
    assert len(plain) == 2  # one not annotated, then the summary
    # Not %-escaped: only workflow commands are; line breaks shown as \n so the line stays one line.
    assert plain[0] == (
        "provinces/JS/catalog.xlsx 指导目录!B40 error CT260: 50%: a,b\\n::error::injected\\r\\nc is not a subcategory"
    )
    assert "%" in plain[0] and "%25" not in plain[0]
    # A line the runner would parse as a command (it trims leading blanks) gets a visible prefix.
    odd = [replace(odd_file, location=replace(odd_file.location, row=3 + i)) for i in range(11)]
    out = render("github", report_of(*odd), "en").splitlines()
    plain = [line for line in out if parse(line) is None]
    assert plain[0] == "›   ::set-output name=x::1.xlsx row 13 error CT101: no header"
    assert not any(line.lstrip().startswith("::") for line in plain)


@given(st.text(max_size=30), st.text(max_size=30))
def test_no_plain_line_can_be_read_as_a_command(path: str, value: str) -> None:
    findings = [finding(i, "error", row=i + 2) for i in range(10)]
    findings.append(replace(finding(70, "error", value), location=Location(path, None, 7)))
    for line in render("github", report_of(*findings), "en").split("\n")[:-1]:
        assert line.lstrip().startswith("::") == (parse(line) is not None)
        assert "\r" not in line
