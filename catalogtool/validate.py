"""Validation: read an input, normalise each row, run the rules, and collect a report.

The library entry points behind ``catalogtool validate``, ``convert``, ``diff`` and ``package``.
Rows are streamed: ``validate_file`` keeps only findings and small cross-row keys in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.fields import CODE_KINDS, TABLE
from catalogtool.model import SEVERITIES, CatalogRow, FileReport, Finding, RawRow
from catalogtool.normalize import PARSERS
from catalogtool.rules import cross_row_checks, row_checks
from catalogtool.rules.checks import RowCheck, active, run_row_checks
from catalogtool.rules.code import read_occupation_codes, resolve_subcategory
from catalogtool.rules.competency import REQUIREMENTS_CHECK, CompetencyChecker, default_checker
from catalogtool.rules.context import RowContext
from catalogtool.rules.registry import with_severity

if TYPE_CHECKING:
    from catalogtool.codes import CodeList
    from catalogtool.model import Sheet

#: A rule's configured severity, or "off" to silence it (catalogtool.yaml ``severity:``).
SeverityOverride = str


@dataclass(frozen=True)
class ValidateOptions:
    """How to validate: which sheet, how strict, how many findings at most, which code list."""

    sheet: str | None = None
    strict: bool = False
    max_findings: int | None = None
    codes_extra: tuple[Path, ...] = ()
    severity_overrides: Mapping[str, SeverityOverride] = field(default_factory=dict)
    competency_schema: Path | None = None


@dataclass(frozen=True)
class LoadedCatalog:
    """A catalog read and checked: its normalised rows and the report on them."""

    rows: tuple[CatalogRow, ...]
    report: FileReport
    sheet: str | None
    header_rows: tuple[int, ...]
    format: str
    encoding: str | None
    heading: tuple[str, ...]  # see Sheet.heading


ProgressCallback = Callable[[int], None]


#: (key, parser) of the fields a CatalogRow holds as typed attributes, codes aside (the code rules
#: resolve those); the parser is None for text kept as written. From the field table: a field that is
#: not a CatalogRow attribute is still read, kept in ``CatalogRow.raw`` (normalize.parse_field reads it).
_TYPED: tuple[tuple[str, Callable[[str], object] | None], ...] = tuple(
    (f.key, PARSERS.get(f.kind)) for f in TABLE if f.key in CatalogRow._fields and f.kind not in CODE_KINDS
)


def normalize_row(raw: RawRow, ctx: RowContext) -> tuple[CatalogRow, list[Finding]]:
    """Read one raw row into a :class:`CatalogRow`, with the code findings reading caused."""
    text = {key: cell.text for key, cell in raw.cells.items()}
    occupations, items, occ_issues = read_occupation_codes(text.get("occupation_codes", ""), ctx)
    code, code_issues = resolve_subcategory(
        raw.cells.get("subcategory_code"), text.get("subcategory_name", ""), occupations, ctx
    )
    if code is not None:
        text["subcategory_code"] = code
    if items:
        text["occupation_codes"] = ";".join(items)
    values: dict[str, Any] = {
        key: text.get(key, "") if parse is None else parse(text.get(key, "")) for key, parse in _TYPED
    }
    row = CatalogRow(
        number=raw.number,
        subcategory_code=code,
        occupation_codes=occupations,
        columns=ctx.columns,
        raw=text,
        **values,
    )
    return row, ctx.place(code_issues + occ_issues, raw.number)


def check_row(row: CatalogRow, ctx: RowContext, checks: Sequence[RowCheck] | None = None) -> list[Finding]:
    """The per-row checks (all of them unless ``checks`` is given): required fields, codes, requirements."""
    return run_row_checks(row_checks() if checks is None else checks, row, ctx)


def _competency_checker(options: ValidateOptions) -> CompetencyChecker:
    if options.competency_schema is None:
        return default_checker()
    return CompetencyChecker.from_path(options.competency_schema)


def apply_overrides(findings: Sequence[Finding], overrides: Mapping[str, SeverityOverride]) -> list[Finding]:
    """The findings with configured severities; rules set to "off" are dropped."""
    if not overrides:
        return list(findings)
    out = []
    for f in findings:
        wanted = overrides.get(f.rule) or overrides.get(f.slug)
        if wanted == "off":
            continue
        if wanted in SEVERITIES and wanted != f.severity:
            f = with_severity(f, wanted)
        out.append(f)
    return out


@dataclass
class _Run:
    """One pass over a sheet: rows out, findings collected, the cap honoured."""

    sheet: Sheet
    ctx: RowContext
    options: ValidateOptions
    checks: tuple[RowCheck, ...]
    findings: list[Finding] = field(default_factory=list)
    rows_seen: int = 0
    partial: bool = False

    def rows(self, on_row: ProgressCallback | None = None) -> Iterator[CatalogRow]:
        cross = [c.start(self.ctx) for c in active(cross_row_checks(), self.options.severity_overrides)]
        self._add(self.sheet.findings)
        cap = self.options.max_findings
        for raw in self.sheet.rows:
            row, findings = normalize_row(raw, self.ctx)
            findings += run_row_checks(self.checks, row, self.ctx)
            for feed in cross:
                findings += feed(row)
            self.rows_seen += 1
            self._add(findings)
            if on_row is not None:
                on_row(self.rows_seen)
            yield row
            if cap is not None and len(self.findings) >= cap:
                self.partial = True
                break

    def _add(self, findings: Sequence[Finding]) -> None:
        self.findings.extend(apply_overrides(findings, self.options.severity_overrides))

    def report(self) -> FileReport:
        cap = self.options.max_findings
        findings = self.findings
        if cap is not None and len(findings) > cap:
            findings, self.partial = findings[:cap], True
        ordered = sorted(findings, key=Finding.sort_key)
        return FileReport(
            file=self.sheet.file,
            sheet=self.sheet.sheet,
            rows=self.rows_seen,
            findings=tuple(ordered),
            partial=self.partial,
            encoding=self.sheet.encoding,
        )


def _start(path: Path, options: ValidateOptions, codes: CodeList | None) -> _Run:
    from catalogtool.codes import load_code_list
    from catalogtool.read import read_sheet

    codes = codes or load_code_list(options.codes_extra)
    sheet = read_sheet(path, options.sheet)
    checks = active(row_checks(), options.severity_overrides)
    # The schema is loaded only for a run that checks requirements (all of CT302–CT308 off: not at all).
    competency = _competency_checker(options) if REQUIREMENTS_CHECK in checks else None
    ctx = RowContext(
        file=sheet.file, sheet=sheet.sheet, columns=dict(sheet.columns), codes=codes, competency=competency
    )
    return _Run(sheet=sheet, ctx=ctx, options=options, checks=checks)


def load_catalog(
    path: Path, options: ValidateOptions | None = None, codes: CodeList | None = None
) -> LoadedCatalog:
    """Read and check a catalog, keeping its normalised rows (for convert, diff and package)."""
    run = _start(Path(path), options or ValidateOptions(), codes)
    rows = tuple(run.rows())
    return LoadedCatalog(
        rows=rows,
        report=run.report(),
        sheet=run.sheet.sheet,
        header_rows=run.sheet.header_rows,
        format=run.sheet.format,
        encoding=run.sheet.encoding,
        heading=run.sheet.heading,
    )


def validate_file(
    path: Path,
    options: ValidateOptions | None = None,
    codes: CodeList | None = None,
    on_row: ProgressCallback | None = None,
) -> FileReport:
    """Check a catalog file, streaming its rows; only findings are kept."""
    run = _start(Path(path), options or ValidateOptions(), codes)
    for _ in run.rows(on_row):
        pass
    return run.report()
