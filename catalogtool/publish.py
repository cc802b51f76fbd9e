"""Publication: the approved catalog as one self-contained web page plus open data (notice §4).

After the ministry approves a catalog, the province publishes it on its website, stating the
validity period; when the period ends without an adjustment the catalog lapses by itself.
:func:`build_site` writes ``<out>/`` (by default ``<workspace>/dist/<XX>-<edition>-site/``), atomically:

- ``index.html``: the page (rendered by :mod:`catalogtool.report.site` from the :class:`Site` built
  here), with no external resources at all, whose banner works out in the reader's browser whether
  the catalog is in force, not yet in force or lapsed;
- ``catalog.json`` (rows and metadata) and ``catalog.schema.json`` (the JSON Schema it satisfies),
  ``catalog.csv`` (UTF-8 with a BOM, so Excel and WPS open the Chinese text as it is),
  ``catalog.xlsx`` (the filing package's print-ready workbook), ``standards.json`` (local Category A
  standards) and ``datapackage.json`` (every file with its size and SHA-256).

Only a catalog without errors that has not lapsed on ``today`` is published (:func:`refusal`). The
same inputs give the same bytes: no clock is read; the one timestamp (inside the workbook) is the
effective date, as in the filing package whose writers this module reuses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogtool import package as pkg
from catalogtool.atomic import atomic_dir
from catalogtool.codes import BASE_EDITION, CodeList
from catalogtool.data import schema_path
from catalogtool.errors import InputError, UsageError
from catalogtool.model import CatalogRow
from catalogtool.normalize import EDUCATION_LEVELS, baseline_gaps
from catalogtool.package import PackageFile
from catalogtool.workspace import STANDARD_BLOCKS, CheckedWorkspace, Workspace, date_zh

SITE_SUFFIX = "-site"

INDEX_HTML = PackageFile("index.html", "指导目录（网页）", "Guidance Catalog (web page)", "text/html")
CATALOG_JSON = PackageFile(
    "catalog.json", "指导目录数据（JSON）", "Catalog rows and metadata (JSON)", "application/json"
)
CATALOG_SCHEMA = PackageFile(
    "catalog.schema.json",
    "指导目录数据的 JSON Schema",
    "JSON Schema of catalog.json",
    "application/schema+json",
)
STANDARDS_JSON = PackageFile(
    "standards.json",
    "外国高端人才（A类）认定标准数据（JSON）",
    "Local Category A standards (JSON)",
    "application/json",
)
#: The published files in the order the page lists them (datapackage.json describes them all).
SITE_FILES: tuple[PackageFile, ...] = (
    pkg.CATALOG_XLSX,
    pkg.CATALOG_CSV,
    CATALOG_JSON,
    CATALOG_SCHEMA,
    STANDARDS_JSON,
    INDEX_HTML,
)
DATAPACKAGE = pkg.DATAPACKAGE
#: Every name a published folder may hold: an existing folder of only these may be replaced.
SITE_NAMES: frozenset[str] = frozenset({*(f.name for f in SITE_FILES), DATAPACKAGE})

#: English names of the eight major categories of the classification (the code list has Chinese only).
MAJOR_NAMES_EN: Mapping[str, str] = {
    "1": "Heads of Party and state organs, mass organisations, enterprises and institutions",
    "2": "Professional and technical personnel",
    "3": "Clerical and related personnel",
    "4": "Social production and life service personnel",
    "5": "Agriculture, forestry, animal husbandry and fishery production and auxiliary personnel",
    "6": "Production, manufacturing and related personnel",
    "7": "Military personnel",
    "8": "Other practitioners not easily classified",
}


# --- plain words ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A phrase in Chinese and in English."""

    zh: str
    en: str


def _years(value: float) -> str:
    return f"{value:g}"


def _yuan(amount: float) -> Words:
    if amount >= 10_000 and (amount / 10_000).is_integer():
        zh = f"{amount / 10_000:g}万元"
    else:
        zh = f"{amount:,.0f}元"
    return Words(zh, f"CNY {amount:,.0f}")


def education_words(level: str) -> Words:
    """The minimum education of a level key in plain words: 'master' → 硕士及以上学位."""
    zh, en, rank = EDUCATION_LEVELS[level]
    if rank == 0:
        return Words("学历不限", "no minimum education")
    article = "an" if en[:1] in "aeiou" else "a"
    if rank == max(r for _, _, r in EDUCATION_LEVELS.values()):
        return Words(f"{zh}学位", f"{article} {en}")
    noun = "学历" if level == "associate" else "学位"
    return Words(f"{zh}及以上{noun}", f"{article} {en} or higher")


def requirement_words(row: CatalogRow) -> tuple[Words, ...]:
    """A row's competency requirements as short sentences a reader understands without the column
    headings: education, experience, age, salary and certificates, those the row states."""
    out: list[Words] = []
    if row.education is not None and row.education in EDUCATION_LEVELS:
        out.append(education_words(row.education))
    if row.experience_years is not None:
        y = row.experience_years
        if y <= 0:
            out.append(Words("工作经历不限", "no work experience required"))
        else:
            unit = "year" if y == 1 else "years"
            out.append(
                Words(
                    f"{_years(y)}年以上相关工作经历",
                    f"at least {_years(y)} {unit} of related work experience",
                )
            )
    if row.age_max is not None:
        out.append(Words(f"年龄不超过{row.age_max}周岁", f"aged {row.age_max} or under"))
    if row.salary is not None:
        s = row.salary
        if s.multiple is not None:
            out.append(
                Words(
                    f"薪酬不低于当地上年度社会平均工资的{s.multiple:g}倍",
                    f"pay at least {s.multiple:g} times the local average wage of the previous year",
                )
            )
        elif s.annual_yuan is not None:
            amount = _yuan(s.annual_yuan)
            out.append(Words(f"年薪不低于{amount.zh}", f"annual pay at least {amount.en}"))
        elif s.text:
            out.append(Words(f"薪酬：{s.text}", f"pay: {s.text}"))
    if row.certificates:
        out.append(Words(f"职业资格：{row.certificates}", f"certificates: {row.certificates}"))
    return tuple(out)


def relaxation_words(row: CatalogRow) -> Words | None:
    """What the row relaxes against the national Category B baseline (bachelor's, 2 years, age 60),
    pointing to the justification in its notes; None when it meets the baseline."""
    gaps = baseline_gaps(row.education, row.experience_years, row.age_max)
    if not gaps:
        return None
    return Words(
        "宽于国家B类基准（" + "、".join(g.zh for g in gaps) + "），理由见备注",
        "looser than the national Category B baseline (" + ", ".join(g.en for g in gaps) + "); see the notes",
    )


# --- what the page shows --------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteRow:
    """One catalog row as the page shows it."""

    seq: str
    code: str
    name: str
    occupations: tuple[str, ...]
    position: str
    industry: str
    education: str  # a level key, or "" when not stated
    major: str  # the major category's digit
    requirements: tuple[Words, ...]
    relaxed: Words | None
    skills: str
    notes: str


@dataclass(frozen=True)
class SiteStandard:
    """A local Category A recognition standard as the page shows it."""

    id: str
    block: Words
    text: str
    evidence: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class Download:
    """A published file: what it is, where it is, its size and SHA-256."""

    name: str
    title: Words
    href: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Choice:
    """An option of a filter: the value rows carry and its label."""

    value: str
    label: Words


@dataclass(frozen=True)
class Site:
    """Everything the page says, in both languages, already decided: the renderer only lays it out."""

    title: Words
    authority: Words
    edition: str
    effective: dt.date
    expiry: dt.date
    validity_years: int
    province: Words
    code_list: Words
    rows: tuple[SiteRow, ...]
    standards: tuple[SiteStandard, ...]
    downloads: tuple[Download, ...]
    industries: tuple[str, ...]
    majors: tuple[Choice, ...]
    education_levels: tuple[Choice, ...]
    base_url: str | None
    generator: str

    def href(self, name: str) -> str:
        """A link to a published file: absolute under --base-url, else relative to the page."""
        return (self.base_url or "") + name


def dates(day: dt.date) -> Words:
    """A date in both languages: 2026-07-01 → 2026年7月1日, 1 July 2026."""
    return Words(date_zh(day), f"{day.day} {_MONTHS[day.month - 1]} {day.year}")


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _authority_en(ws: Workspace) -> str:
    """The authority in English when it is the province's usual HRSS department, else as written."""
    p = ws.province
    if ws.meta.authority != p.hrss_department_zh:
        return ws.meta.authority
    kind = "Bureau" if p.type == "Municipality" else "Department"
    return f"{p.short_en} {kind} of Human Resources and Social Security"


def site_view(
    checked: CheckedWorkspace, files: Mapping[str, bytes], base_url: str | None, generator: str
) -> Site:
    """The page's content for a checked workspace whose data files are ``files``."""
    ws, codes = checked.ws, checked.codes
    meta = ws.meta
    if meta.effective_date is None or meta.expiry_date is None or meta.validity_years is None:
        raise ValueError("site_view needs a catalog with a validity period (refusal() says so)")
    rows = tuple(_site_row(r) for r in checked.catalog.rows)
    industries = tuple(dict.fromkeys(r.industry for r in rows if r.industry))
    majors = tuple(
        Choice(m, Words(f"{m} {_name(codes, m)}", f"{m} {MAJOR_NAMES_EN.get(m, _name(codes, m))}"))
        for m in sorted({r.major for r in rows if r.major})
    )
    present = {r.education for r in rows if r.education}
    levels = tuple(
        Choice(k, education_words(k))
        for k, (_, _, _) in sorted(EDUCATION_LEVELS.items(), key=lambda kv: -kv[1][2])
        if k in present
    )
    site = Site(
        title=Words(
            meta.title,
            f"Guidance Catalog for Foreigners Working in China: {ws.province.short_en} "
            f"({meta.edition} edition)",
        ),
        authority=Words(meta.authority, _authority_en(ws)),
        edition=meta.edition,
        effective=meta.effective_date,
        expiry=meta.expiry_date,
        validity_years=meta.validity_years,
        province=Words(ws.province.name_zh, ws.province.short_en),
        code_list=Words(codes.label_zh, codes.label),
        rows=rows,
        standards=tuple(
            SiteStandard(
                id=s.id,
                block=Words(*STANDARD_BLOCKS.get(s.block, (s.block, s.block))),
                text=s.text,
                evidence=s.evidence,
                notes=s.notes,
            )
            for s in ws.standards or ()
        ),
        downloads=(),
        industries=industries,
        majors=majors,
        education_levels=levels,
        base_url=base_url,
        generator=generator,
    )
    downloads = tuple(
        Download(
            name=spec.name,
            title=Words(spec.title_zh, spec.title_en),
            href=site.href(spec.name),
            bytes=len(files[spec.name]),
            sha256=hashlib.sha256(files[spec.name]).hexdigest(),
        )
        for spec in SITE_FILES
        if spec.name in files
    )
    return replace(site, downloads=downloads)


def _name(codes: CodeList, code: str) -> str:
    found = codes.get(code)
    return found.name if found is not None else ""


def _site_row(row: CatalogRow) -> SiteRow:
    code = row.subcategory_code or ""
    return SiteRow(
        seq="" if row.seq is None else str(row.seq),
        code=code,
        name=row.subcategory_name,
        occupations=row.occupation_codes,
        position=row.position,
        industry=row.industry,
        education=row.education or "",
        major=code.split("-", 1)[0] if code else "",
        requirements=requirement_words(row),
        relaxed=relaxation_words(row),
        skills=row.skills,
        notes=row.notes,
    )


# --- open data ------------------------------------------------------------------------------------


def amendments_used(rows: Sequence[CatalogRow], codes: CodeList) -> list[dict[str, Any]]:
    """The amendment batches whose codes the catalog uses, each with those codes, in batch order."""
    used: dict[str, set[str]] = {}
    for row in rows:
        for code in (row.subcategory_code, *row.occupation_codes):
            found = codes.get(code) if code else None
            if found is not None and found.edition != BASE_EDITION:
                used.setdefault(found.edition, set()).add(found.code)
    return [{"edition": e, "codes": sorted(c)} for e, c in sorted(used.items())]


def catalog_document(ws: Workspace, rows: Sequence[CatalogRow], codes: CodeList) -> dict[str, Any]:
    """catalog.json: the filing package's catalog data (province.yaml, province, validity, code list,
    rows) without the filing contact, who is the ministry's contact and not the public's, plus the
    code list's base edition and the amendment batches the rows use."""
    doc = pkg.catalog_json(ws, rows, codes)
    doc["catalog"] = {k: v for k, v in doc["catalog"].items() if k != "contact"}
    doc["code_list_editions"] = {
        "base": BASE_EDITION,
        "amendments": list(codes.editions),
        "amendments_used": amendments_used(rows, codes),
    }
    return doc


def catalog_schema(base_url: str | None) -> dict[str, Any]:
    """catalog.schema.json: the filing package's catalog schema, with the validity period, the
    province and the code list editions required, as a publication must state them."""
    province_schema = json.loads(schema_path("province.schema.json").read_text("utf-8"))
    province_schema = {
        **province_schema,
        "properties": {k: v for k, v in province_schema["properties"].items() if k != "contact"},
    }
    province_schema.pop("$schema", None)
    schema = pkg.catalog_json_schema(province_schema)
    date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
    text = {"type": "string", "minLength": 1}
    code_re = r"^[1-8]-\d{2}-\d{2}(-\d{2})?$"
    properties = {
        **schema["properties"],
        "province": {
            "type": "object",
            "required": ["abbr", "iso_3166_2", "gb2260", "name_zh", "name_en"],
            "properties": {
                "abbr": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "iso_3166_2": {"type": "string", "pattern": "^CN-[A-Z]{2}$"},
                "gb2260": {"type": "string", "pattern": r"^\d{6}$"},
                "name_zh": text,
                "name_en": text,
            },
            "additionalProperties": False,
        },
        "validity": {
            "type": "object",
            "required": ["effective_date", "validity_years", "expiry_date", "text"],
            "properties": {
                "effective_date": date,
                "validity_years": {"type": "integer", "minimum": 1},
                "expiry_date": date,
                "text": text,
            },
            "additionalProperties": False,
        },
        "code_list": text,
        "columns": {"type": "array", "items": {"type": "string"}},
        "code_list_editions": {
            "type": "object",
            "required": ["base", "amendments", "amendments_used"],
            "properties": {
                "base": text,
                "amendments": {"type": "array", "items": text},
                "amendments_used": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["edition", "codes"],
                        "properties": {
                            "edition": text,
                            "codes": {"type": "array", "items": {"type": "string", "pattern": code_re}},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    }
    head: dict[str, Any] = {"$schema": schema["$schema"]}
    if base_url:
        head["$id"] = base_url + CATALOG_SCHEMA.name
    return {
        **head,
        "title": "Guidance Catalog for Foreigners Working in China (外国人来华工作指导目录): published data",
        **{k: v for k, v in schema.items() if k not in ("$schema", "properties", "required")},
        "required": ["catalog", "province", "validity", "code_list", "code_list_editions", "columns", "rows"],
        "properties": properties,
        "additionalProperties": False,
    }


# --- refusing and building ------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a catalog is not published, in both languages."""

    en: str
    zh: str

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def refusal(checked: CheckedWorkspace, today: dt.date) -> Refusal | None:
    """Why ``checked`` must not be published on ``today``, or None when it may be.

    The lapse is checked here as well as by CT506 (and said first, being the plainer reason), so a
    severity override cannot publish a void catalog.
    """
    meta = checked.ws.meta
    expiry = meta.expiry_date
    if meta.effective_date is None or expiry is None:
        return Refusal(
            "nothing published: province.yaml must give effective_date and validity_years "
            "(notice §4: the publication states the validity period).",
            "未发布：province.yaml 须填写 effective_date 和 validity_years（通知第四条：公布时应注明有效期）。",
        )
    if expiry < today:
        return Refusal(
            f"nothing published: the catalog lapsed on {expiry.isoformat()} "
            f"(effective {meta.effective_date.isoformat()} for {meta.validity_years} years; today is "
            f"{today.isoformat()}). Publish a new edition instead.",
            f"未发布：目录有效期已于{date_zh(expiry)}届满，自动失效（今天是{date_zh(today)}）。请发布新版目录。",
        )
    if not checked.report.valid:
        return Refusal("nothing published: fix the errors above first.", "未发布：请先修正上述错误。")
    return None


def site_name(ws: Workspace) -> str:
    """The published folder's default name, e.g. JS-2026-site."""
    return pkg.package_name(ws.province, ws.meta.edition) + SITE_SUFFIX


def default_site_dir(ws: Workspace) -> Path:
    """Where the site goes unless --out says otherwise: <workspace>/dist/<XX>-<edition>-site."""
    return pkg.default_out(ws.root) / site_name(ws)


def normalise_base_url(url: str) -> str:
    """An http(s) URL of the folder the site is served from, ending in '/'.

    Raises UsageError for anything else (a relative path, another scheme, a query or fragment).
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(
            f"--base-url must be the http(s) address of the folder the site is served from, got {url!r}",
            f"--base-url 须为网站所在文件夹的 http(s) 地址，收到的是 {url!r}",
        )
    text = parts.geturl()
    return text if text.endswith("/") else text + "/"


def site_contents(checked: CheckedWorkspace, base_url: str | None, generator: str) -> dict[str, bytes]:
    """Every published file by name, as bytes (the caller has checked :func:`refusal`)."""
    from catalogtool.report.site import render_site

    ws, rows, codes = checked.ws, checked.catalog.rows, checked.codes
    when = pkg.package_timestamp(ws)
    files: dict[str, bytes] = {
        pkg.CATALOG_XLSX.name: pkg.catalog_xlsx(ws, rows, codes, when),
        pkg.CATALOG_CSV.name: pkg.catalog_csv(rows),  # with its BOM (package.catalog_csv)
        CATALOG_JSON.name: _json(catalog_document(ws, rows, codes)),
        CATALOG_SCHEMA.name: _json(catalog_schema(base_url)),
        STANDARDS_JSON.name: _json(pkg.standards_json(ws)),
    }
    site = site_view(checked, files, base_url, generator)
    files[INDEX_HTML.name] = render_site(site).encode("utf-8")
    files[DATAPACKAGE] = _json(
        pkg.datapackage(
            ws,
            files,
            specs=SITE_FILES,
            name="guidance-catalog-site",
            about="as published, with its validity period",
            homepage=base_url,
        )
    )
    return files


@dataclass(frozen=True)
class SiteResult:
    """Where the site was written and what it holds."""

    folder: Path
    files: tuple[str, ...]


def build_site(
    checked: CheckedWorkspace, out: Path, *, base_url: str | None = None, generator: str = "catalogtool"
) -> SiteResult:
    """Write the published site into ``out``, replacing an earlier publication there in one step.

    ``out`` must be new, empty, or hold only published files: any other folder is refused rather
    than replaced. On any failure nothing is left behind.
    """
    out = Path(out)
    _check_target(out)
    contents = site_contents(checked, base_url, generator)
    with atomic_dir(out, mode=0o755) as staging:
        for name, data in contents.items():
            (staging / name).write_bytes(data)
            os.chmod(staging / name, 0o644)
    return SiteResult(folder=out, files=tuple(sorted(contents)))


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a folder", f"--out {out} 是文件而不是文件夹")
    if out.is_dir():
        strangers = sorted(p.name for p in out.iterdir() if p.name not in SITE_NAMES)
        if strangers:
            raise InputError(
                f"--out {out} holds other files ({', '.join(strangers[:3])}): publishing replaces the whole "
                "folder, so give a new or empty folder, or an earlier publication",
                f"--out {out} 中有其他文件（{'、'.join(strangers[:3])}）：发布会替换整个文件夹，"
                "请指定新的或空的文件夹，或之前发布的文件夹",
            )


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
