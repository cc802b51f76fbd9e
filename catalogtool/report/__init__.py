"""Output formats: one module per format, chosen by name from :data:`FORMATS`.

Adding a format is one module with a class that has ``name`` and ``render(report, lang) -> str``,
plus one entry below. Importing this package stays light (stdlib only): the annotated workbook,
which needs openpyxl, lives in :mod:`catalogtool.report.annotate` and is imported on use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Protocol

from catalogtool.errors import UsageError
from catalogtool.model import Report

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "FORMAT_ENV",
    "Reporter",
    "default_format",
    "render",
    "render_rich",
    "step_summary_markdown",
]


class Reporter(Protocol):
    """Turns a validation :class:`~catalogtool.model.Report` into the text of one output format."""

    @property
    def name(self) -> str: ...

    def render(self, report: Report, lang: str) -> str: ...


#: Every output format: its module and reporter class, imported when the format is used (so
#: ``--help`` and ``--format json`` do not load the other five).
_REPORTERS: tuple[tuple[str, str, str], ...] = (
    ("text", "catalogtool.report.text", "TextReporter"),
    ("json", "catalogtool.report.json_report", "JsonReporter"),
    ("github", "catalogtool.report.github", "GithubReporter"),
    ("sarif", "catalogtool.report.sarif", "SarifReporter"),
    ("junit", "catalogtool.report.junit", "JunitReporter"),
    ("codequality", "catalogtool.report.codequality", "CodeQualityReporter"),
)


class _Formats(Mapping[str, Reporter]):
    """Reporters by format name, each made on first use."""

    def __init__(self) -> None:
        self._where = {name: (module, cls) for name, module, cls in _REPORTERS}
        self._made: dict[str, Reporter] = {}

    def __getitem__(self, name: str) -> Reporter:
        if name not in self._made:
            module, cls = self._where[name]  # KeyError for an unknown format, as a dict gives
            self._made[name] = getattr(importlib.import_module(module), cls)()
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


#: Every output format by name; the CLI's ``--format`` choices are exactly these keys.
FORMATS: Mapping[str, Reporter] = _Formats()
DEFAULT_FORMAT = "text"
#: The environment variable CI sets to choose the format without editing the command.
FORMAT_ENV = "CATALOGTOOL_FORMAT"


def _unknown(fmt: str, source: str) -> UsageError:
    choices = ", ".join(FORMATS)
    return UsageError(
        f"unknown output format {fmt!r}{source}; choose one of: {choices}",
        f"未知的输出格式「{fmt}」{source}；可选：{choices}",
    )


def render(fmt: str, report: Report, lang: str) -> str:
    """Render ``report`` in format ``fmt`` and language ``lang`` ("zh" or "en")."""
    reporter = FORMATS.get(fmt.strip().lower())
    if reporter is None:
        raise _unknown(fmt, "")
    return reporter.render(report, lang)


def default_format(environ: Mapping[str, str]) -> str:
    """The format to use when ``--format`` is not given: ``$CATALOGTOOL_FORMAT``, else ``text``.

    A set but unknown value is a usage error rather than a silent fallback, so a typo in a CI
    file is noticed.
    """
    value = environ.get(FORMAT_ENV, "").strip().lower()
    if not value:
        return DEFAULT_FORMAT
    if value not in FORMATS:
        raise _unknown(value, f" (from {FORMAT_ENV})")
    return value


def render_rich(report: Report, lang: str, console: Console) -> None:
    """The text report drawn with rich on ``console`` (see :mod:`catalogtool.report.text`)."""
    from catalogtool.report.text import render_rich as draw

    draw(report, lang, console)


def step_summary_markdown(report: Report, lang: str) -> str:
    """The GitHub step summary (see :mod:`catalogtool.report.github`)."""
    from catalogtool.report.github import step_summary_markdown as summary

    return summary(report, lang)
