"""Where a validation report goes: a file (atomically), the terminal (rich text), or standard output;
in GitHub Actions the step summary too. The one way every command that prints a report emits it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalogtool.model import Report


def emit(report: Report, fmt: str, lang: str, output: Path | None = None) -> None:
    """Write ``report`` in format ``fmt`` to ``output``, or to standard output (rich on a terminal)."""
    from catalogtool.report import render

    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from catalogtool.report import step_summary_markdown

        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(step_summary_markdown(report, lang))
    if output is not None:
        from catalogtool.atomic import write_text

        write_text(output, render(fmt, report, lang))
        return
    if fmt == "text" and sys.stdout.isatty():
        from rich.console import Console

        from catalogtool.report.text import render_rich

        render_rich(report, lang, Console())
        return
    text = render(fmt, report, lang)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
