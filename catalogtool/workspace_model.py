"""The workspace around a catalog, as typed values: province.yaml, consultation.yaml, the Category A
standards and where the catalog is. Plain data: :mod:`catalogtool.workspace` loads it from the files,
the catalog rules (:mod:`catalogtool.rules.catalog`) check it; neither depends on the other."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalogtool.model import Finding
    from catalogtool.provinces import Province


@dataclass(frozen=True)
class Contact:
    """The contact person for the filing."""

    department: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class BasisDocument:
    """A document the catalog is drafted on (province.yaml ``basis:``): when and by whom it was issued
    and what it provides. ``title`` and ``number`` are cited only as given (never guessed); without a
    title the document is cited by its ``kind`` (通知, 标准…). ``line`` is its line in province.yaml."""

    date: dt.date | None
    issuer: str
    description: str
    title: str = ""
    number: str = ""
    kind: str = ""
    line: int | None = None

    @property
    def cited_as(self) -> str:
        """《外国人来华工作分类标准（试行）》（外专发〔2017〕40号）, or 通知 when no title is given."""
        what = f"《{self.title}》" if self.title else (self.kind or "文件")
        return what + (f"（{self.number}）" if self.number else "")


@dataclass(frozen=True)
class ProvinceMeta:
    """province.yaml, typed. Values that are missing or of the wrong type are empty/None here;
    the schema check or a CT5xx rule reports them."""

    path: Path
    province: str
    title: str
    edition: str
    authority: str
    contact: Contact
    effective_date: dt.date | None
    validity_years: int | None
    key_industries: tuple[str, ...]
    code_list: str
    local_average_wage: float | None
    catalog: str | None
    lines: Mapping[str, int]  # top-level key → 1-based line
    effective_date_text: str = ""
    local_bonus_max: int | None = None  # the most points the province's local bonus standard gives
    basis: tuple[BasisDocument, ...] | None = None  # None: province.yaml has no basis: (the default is cited)

    @property
    def expiry_date(self) -> dt.date | None:
        """The last day of validity, or None when the dates are not known."""
        if self.effective_date is None or self.validity_years is None or self.validity_years < 1:
            return None
        return expiry_date(self.effective_date, self.validity_years)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


@dataclass(frozen=True)
class Party:
    """A consulted party: an association, agency, department, employer or the public."""

    name: str
    type: str
    date: dt.date | None
    line: int | None


@dataclass(frozen=True)
class OpinionRow:
    """The catalog row an opinion answers, as the feedback form showed it."""

    seq: int | None
    code: str
    position: str


@dataclass(frozen=True)
class Opinion:
    """An opinion received during consultation and how it was handled.

    ``adopted`` is True, False, "partly" or None (undecided); any other value is kept as written for the
    schema check to report. The fields after ``line`` are those ``consult collect`` records.
    """

    party: str
    summary: str
    adopted: bool | str | None
    response: str
    line: int | None
    id: str = ""
    row: OpinionRow | None = None
    new_row: bool = False  # row: new, a proposed row
    kind: str = ""
    reason: str = ""
    received: dt.date | None = None
    source_file: str = ""
    source_cell: str = ""
    source_part: int | None = None
    proposal: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}))

    @property
    def outcome(self) -> str:
        """adopted, partly, not_adopted or undecided (a key of OUTCOMES); invalid for a value the
        schema check reports."""
        if self.adopted is True:
            return "adopted"
        if self.adopted is False:
            return "not_adopted"
        if self.adopted is None:
            return "undecided"
        return "partly" if self.adopted == "partly" else "invalid"


@dataclass(frozen=True)
class Consultation:
    """consultation.yaml, typed."""

    path: Path
    period_start: dt.date | None
    period_end: dt.date | None
    parties: tuple[Party, ...]
    opinions: tuple[Opinion, ...]
    period_line: int | None = None
    parties_line: int | None = None


@dataclass(frozen=True)
class Standard:
    """One local Category A recognition criterion."""

    id: str
    block: str
    text: str
    evidence: tuple[str, ...]
    notes: str
    line: int | None
    evidence_wrong_type: bool = False  # evidence given, but not as a list (a schema finding)


@dataclass(frozen=True)
class Workspace:
    """Everything about one province's catalog except the catalog rows themselves."""

    root: Path
    province: Province
    dir: Path
    meta: ProvinceMeta
    catalog_path: Path
    standards: tuple[Standard, ...] | None
    consultation: Consultation | None
    standards_path: Path
    consultation_path: Path
    load_findings: tuple[Finding, ...] = ()  # schema violations noticed while loading


# --- dates --------------------------------------------------------------------------------------


def expiry_date(effective: dt.date, years: int) -> dt.date | None:
    """The last day of a validity period: the day before the ``years``-th anniversary.

    2026-07-01 for 4 years → 2030-06-30. A 29 February start has its anniversary on 1 March in a
    common year, so the period ends on 28 February. None when it would fall after 9999-12-31 (no
    calendar date; the validity is out of range anyway, which is a finding of its own).
    """
    year = effective.year + years
    if year > dt.MAXYEAR:
        return None
    try:
        anniversary = effective.replace(year=year)
    except ValueError:
        anniversary = dt.date(year, 3, 1)
    return anniversary - dt.timedelta(days=1)
