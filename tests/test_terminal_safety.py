"""People-facing text outputs show control characters and never interpret markup (issue #19).

A cell value with ESC sequences (clear the screen, set the window title), a bell, a bidi override
or rich markup is reported as visible escapes in ``--format text`` (piped and through rich on a
terminal) and ``--format github``; the raw characters never reach the reader's terminal or log.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from cli_inproc import cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from catalogtool.model import FIELD_LABELS, FIELDS, FileReport, Finding, Location, Report
from catalogtool.report import render
from catalogtool.report.common import visible
from catalogtool.report.text import render_rich
from catalogtool.validate import ValidateOptions, load_catalog

CLEAR, TITLE, BIDI = "\x1b[2J", "\x1b]0;pwned\x07", "\u202e"
HOSTILE_CODE = f"{CLEAR}{TITLE}[red]2-02-10[/red]"
HOSTILE_POSITION = f"[red]工程师[/red]{BIDI}txe.exe\x9b"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    row = {k: "" for k in FIELDS} | {
        "seq": "1",
        "subcategory_code": HOSTILE_CODE,
        "subcategory_name": "信息和通信工程技术人员",
        "position": HOSTILE_POSITION,
        "industry": "软件和信息服务",
        "education": "学士",
        "experience_years": "5",
        "skills": "熟悉工业软件架构\r覆盖",
        "age_max": "60周岁以下",
    }
    path = tmp_path / f"draft{CLEAR}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([FIELD_LABELS[k][0] for k in FIELDS])
        writer.writerow([row[k] for k in FIELDS])
    return path


def assert_inert(text: str) -> None:
    for raw in ("\x1b", "\x07", "\x9b", BIDI, "\r"):
        assert raw not in text, repr(raw)


def test_visible_names_every_control_character() -> None:
    assert visible(f"a{CLEAR}b\u2028c\x7f\x85{BIDI}\n\t") == "a\\x1b[2Jb\\u2028c\\x7f\\x85\\u202e\\n\\t"
    assert visible("江苏 [red]x[/red]") == "江苏 [red]x[/red]"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_reports_show_escapes_instead_of_running_them(draft: Path, fmt: str) -> None:
    outcome = cli("validate", draft, "--format", fmt)
    assert outcome.code == 1, outcome.stdout + outcome.stderr
    assert_inert(outcome.stdout)
    assert "\\x1b[2J\\x1b]0;pwned\\x07[red]2-02-10[/red]" in outcome.stdout
    assert "draft\\x1b[2J.csv" in outcome.stdout


def test_a_terminal_gets_escapes_and_literal_markup(draft: Path) -> None:
    loaded = load_catalog(draft, ValidateOptions())
    report = Report(files=(loaded.report,), code_list="NOC 2022")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=300, color_system="truecolor")
    render_rich(report, "en", console)
    out = buffer.getvalue()
    # rich's own colour codes are ESC [ … m; no other escape may reach the terminal
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0
    assert "\x07" not in out and BIDI not in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\\x1b[2J\\x1b]0;pwned\\x07[red]2-02-10[/red]" in plain  # markup printed, not applied


# --- fuzzing: any value, any file or sheet name --------------------------------------------------------

_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


@settings(max_examples=150, deadline=None)
@given(value=st.text(max_size=40), name=st.text(max_size=12), sheet=st.text(max_size=12))
def test_no_output_format_for_people_passes_a_raw_control_character(
    value: str, name: str, sheet: str
) -> None:
    finding = Finding(
        rule="CT201",
        slug="unknown-subcategory",
        severity="error",
        location=Location(f"{name}.xlsx", sheet or None, 5, "B", "subcategory_code"),
        message_en=f"{value} is not a subcategory",
        message_zh=f"{value} 不是小类",
        hint_en=f"Use {value}",
        hint_zh=f"请使用 {value}",
        value=value,
    )
    report = Report(files=(FileReport(f"{name}.xlsx", sheet or None, 1, (finding,)),), code_list="NOC 2022")
    for fmt in ("text", "github"):
        out = render(fmt, report, "en")
        # the only line breaks are the report's own; no other control character gets through
        assert _RAW.search(out.replace("\n", "")) is None, (fmt, out)
        if fmt == "github":
            assert all(line.startswith(("::", "catalogtool", "› ")) or line for line in out.splitlines())
    buffer = io.StringIO()
    render_rich(report, "en", Console(file=buffer, force_terminal=True, width=120, color_system="truecolor"))
    plain = re.sub("\x1b\\[[0-9;]*m", "", buffer.getvalue())
    assert _RAW.search(plain.replace("\n", "")) is None
