"""`catalogtool validate` shows progress on a terminal, and nowhere else.

The CLI runs under a real pseudo-terminal (``os.openpty``): stdout and/or stderr on the pty's slave
end, as when a person types the command; everything the terminal receives is read from the master.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest

from tests.conftest import RunCli

if TYPE_CHECKING:
    from catalogtool.validate import FileProgress

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

HEADER = [
    "序号",
    "小类代码",
    "小类名称",
    "岗位名称",
    "产业领域",
    "学历要求",
    "工作经历",
    "专业技能",
    "年龄上限",
]
SUBCATEGORIES = [
    ("2-02-10", "信息和通信工程技术人员"),
    ("2-02-09", "电子工程技术人员"),
    ("2-05-01", "临床和口腔医师"),
]
ROWS = 3_000
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def big_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid 3,000-row catalog: real subcategories, a distinct position on every row."""
    path = tmp_path_factory.mktemp("progress") / "catalog.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("指导目录")
    ws.append(HEADER)
    for seq in range(1, ROWS + 1):
        code, name = SUBCATEGORIES[seq % len(SUBCATEGORIES)]
        ws.append(
            [seq, code, name, f"高级工程师（{seq}号岗位）", "软件和信息服务", "学士", "3年以上",
             "熟悉相关领域前沿技术，具有独立承担研发项目的经验", "60周岁以下"]
        )  # fmt: skip
    wb.save(path)
    return path


@dataclass(frozen=True)
class TerminalRun:
    returncode: int
    terminal: str  # what the pty received, escape sequences and carriage returns removed
    stdout: str  # the pipe, when stdout was not the terminal


def run_on_terminal(*args: str | Path, stdout_on_terminal: bool = True) -> TerminalRun:
    """Run the CLI with stderr (and stdout, unless told otherwise) on a pseudo-terminal."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CATALOGTOOL_", "GITHUB_"))
        and k
        not in {"CI", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"}
    }
    # A terminal rich animates on (TERM=dumb would not), wide enough not to wrap the report.
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "TERM": "xterm-256color", "COLUMNS": "160"})
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "catalogtool", *map(str, args)],
            stdin=subprocess.DEVNULL,
            stdout=slave if stdout_on_terminal else subprocess.PIPE,
            stderr=slave,
            env=env,
        )
    finally:
        os.close(slave)
    received: list[bytes] = []

    def drain() -> None:
        # Reading the master ends with EIO (Linux) or b"" (macOS) once the child has closed the slave.
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        out, _ = proc.communicate(timeout=120)
        reader.join(timeout=10)
    finally:
        os.close(master)
    raw = b"".join(received).decode("utf-8", errors="replace")
    return TerminalRun(
        returncode=proc.returncode,
        terminal=ANSI.sub("", raw).replace("\r", ""),
        stdout=(out or b"").decode("utf-8"),
    )


def test_on_a_terminal_validate_shows_progress_then_the_report(big_catalog: Path) -> None:
    run = run_on_terminal("validate", "--lang", "en", big_catalog)
    assert run.returncode == 0, run.terminal
    assert "catalog.xlsx" in run.terminal and "opening…" in run.terminal  # drawn before the file is open
    # Then the total (the sheet's rows below its header), the percentage and the time left.
    assert re.search(rf"catalog\.xlsx [━ ]+ +0% 0/{ROWS:,} rows", run.terminal), run.terminal
    assert re.search(rf"catalog\.xlsx [━ ]+ 100% {ROWS:,}/{ROWS:,} rows left \d:\d\d:\d\d", run.terminal)
    report = f"{big_catalog} (sheet 指导目录): {ROWS:,} rows, 0 errors, 0 warnings, 0 infos — valid"
    assert report in run.terminal
    assert run.terminal.rindex(report) > run.terminal.rindex(f"{ROWS:,}/{ROWS:,} rows")
    assert "No findings." in run.terminal


def test_no_progress_turns_the_display_off_on_a_terminal(big_catalog: Path) -> None:
    run = run_on_terminal("validate", "--lang", "en", "--no-progress", big_catalog)
    assert run.returncode == 0, run.terminal
    assert "━" not in run.terminal and "opening" not in run.terminal
    assert f"{ROWS:,} rows, 0 errors" in run.terminal


def test_json_to_a_pipe_stays_pure_while_stderr_is_a_terminal(big_catalog: Path) -> None:
    run = run_on_terminal("validate", "--format", "json", big_catalog, stdout_on_terminal=False)
    assert run.returncode == 0, run.terminal
    assert run.terminal == ""  # no progress for machine-readable output
    report = json.loads(run.stdout)
    assert (report["valid"], report["summary"]["rows"]) == (True, ROWS)


def test_text_report_to_a_pipe_keeps_the_progress_on_the_terminal(big_catalog: Path) -> None:
    run = run_on_terminal("validate", "--lang", "en", big_catalog, stdout_on_terminal=False)
    assert run.returncode == 0
    assert f"0/{ROWS:,} rows" in run.terminal
    assert run.stdout.startswith(f"{big_catalog} (sheet 指导目录): {ROWS:,} rows")


def test_without_a_terminal_json_is_all_there_is(big_catalog: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", "--format", "json", big_catalog)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["summary"]["rows"] == ROWS


def test_without_a_terminal_text_has_no_progress(big_catalog: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", big_catalog)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"{big_catalog} (sheet 指导目录): {ROWS:,} rows, 0 errors, 0 warnings, 0 infos — valid\n  No findings.\n"
    )


def _drawn(lang: str, ticks: list[tuple[int, int | None]]) -> str:
    """What the bar draws on a (forced) terminal for one file told ``ticks``, escape sequences removed."""
    from io import StringIO

    from rich.console import Console

    from catalogtool.report.progress import with_progress

    screen = StringIO()

    def work(tick: FileProgress) -> str:
        for rows, total in ticks:
            tick(Path("江苏目录.xlsx"), rows, total)
        return "report"

    console = Console(force_terminal=True, file=screen, width=120)
    assert with_progress(work, lang, console) == "report"
    return ANSI.sub("", screen.getvalue()).replace("\r", "\n")


def test_the_bar_speaks_chinese_with_the_total_the_percentage_and_the_time_left() -> None:
    drawn = _drawn("zh", [(0, None), (0, 2_000), *((n, 2_000) for n in range(1, 2_001))])
    assert "江苏目录.xlsx" in drawn and "正在打开…" in drawn  # before the file is open
    assert re.search(r"江苏目录\.xlsx [━ ]+ +0% 0/2,000 行", drawn), drawn
    assert re.search(r"江苏目录\.xlsx [━ ]+ 100% 2,000/2,000 行 剩余时间 \d:\d\d:\d\d", drawn), drawn
    assert "rows" not in drawn and "left" not in drawn


def test_without_a_known_total_the_bar_counts_rows_alone() -> None:
    drawn = _drawn("en", [(0, None), (0, None), *((n, None) for n in range(1, 513))])
    assert "512 rows" in drawn
    assert "%" not in drawn and "/" not in drawn and "left" not in drawn


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_total_is_the_rows_below_the_header_known_once_the_file_is_open(
    tmp_path: Path, kind: str
) -> None:
    from catalogtool.validate import Request, run

    rows = [
        HEADER,
        *(
            [n, "2-02-10", "信息和通信工程技术人员", f"岗位{n}", "软件", "学士", "3", "技能", "60"]
            for n in range(1, 41)
        ),
    ]
    if kind == "xlsx":
        path = tmp_path / "c.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["江苏省外国人来华工作指导目录"])  # a title row above the header
        for row in rows:
            ws.append(row)
        wb.save(path)
    else:
        path = tmp_path / "c.csv"
        path.write_text("\n".join(",".join(map(str, row)) for row in rows) + "\n", encoding="gb18030")
    told: list[tuple[Path, int, int | None]] = []
    run(Request.of([path]), progress=lambda p, n, total: told.append((p, n, total)))
    assert told[:2] == [(path, 0, None), (path, 0, 40)]  # named before it opens, then the total
    assert told[-1] == (path, 40, 40)


def test_the_bar_is_for_people_at_a_terminal_only() -> None:
    from catalogtool.report.progress import wanted

    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    assert wanted("text", Stream(True), {})
    assert not wanted("text", Stream(False), {})  # a pipe or a log file
    assert not wanted("text", Stream(True), {"CI": "true"})  # CI logs keep every frame
    assert not wanted("json", Stream(True), {})  # machine formats never
