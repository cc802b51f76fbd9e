"""Output formats: one module per format, chosen by name from :data:`FORMATS`.

Adding a format is one module with a class that has ``name`` and ``render(report, lang) -> str``,
plus one entry below. Importing this package stays light (stdlib only): the annotated workbook,
which needs openpyxl, lives in :mod:`catalogtool.report.annotate` and is imported on use.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

from catalogtool.errors import UsageError
from catalogtool.model import Report
from catalogtool.report.codequality import CodeQualityReporter
from catalogtool.report.github import GithubReporter, step_summary_markdown
from catalogtool.report.json_report import JsonReporter
from catalogtool.report.junit import JunitReporter
from catalogtool.report.sarif import SarifReporter
from catalogtool.report.text import TextReporter, render_rich

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


_REPORTERS: tuple[Reporter, ...] = (
    TextReporter(),
    JsonReporter(),
    GithubReporter(),
    SarifReporter(),
    JunitReporter(),
    CodeQualityReporter(),
)
#: Every output format by name; the CLI's ``--format`` choices are exactly these keys.
FORMATS: Mapping[str, Reporter] = MappingProxyType({r.name: r for r in _REPORTERS})
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
