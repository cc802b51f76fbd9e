"""The filing package: everything a provincial department sends the ministry, built reproducibly.

:func:`catalogtool.workspace.check_workspace` validates a province's catalog and workspace files into
one report; :func:`build_package` (only for a report without errors) writes ``<out>/<XX>-<edition>/`` and
``<out>/<XX>-<edition>.zip``: the catalog (print-ready xlsx, CSV, JSON), the Category A standards,
the consultation record, the filing report and drafting explanation, the validation report,
``datapackage.json`` (Frictionless Data Package v2) and ``SHA256SUMS``. The same inputs give the
same bytes: every timestamp is derived from the effective date and every archive is normalised
(:mod:`catalogtool.deterministic`). The package is built in a temporary folder beside the target and
moved into place only when complete. :mod:`catalogtool.package_verify` checks an existing package.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from catalogtool import filing_docs as docs
from catalogtool.atomic import atomic_dir
from catalogtool.codes import CodeList
from catalogtool.deterministic import normalise_ooxml, write_zip
from catalogtool.errors import InputError
from catalogtool.fields import BY_KEY, FIELD_LABELS, FIELDS, REQUIRED_FIELDS, TABLE, Field, TableColumn
from catalogtool.filing_stats import compute_stats
from catalogtool.model import CatalogRow, Report
from catalogtool.normalize import EDUCATION_LEVELS, parse_field
from catalogtool.provinces import Province
from catalogtool.report import render
from catalogtool.safe_cells import csv_field
from catalogtool.workspace import CheckedWorkspace as CheckedWorkspace  # where it lived before
from catalogtool.workspace import Opinion, Workspace, validity_line
from catalogtool.workspace import check_workspace as check_workspace  # where it lived before

DATAPACKAGE = "datapackage.json"
SHA256SUMS = "SHA256SUMS"
#: The detached Ed25519 signature over SHA256SUMS (``package --sign``), the one file SHA256SUMS and
#: datapackage.json do not list.
SIGNATURE = "SHA256SUMS.sig"
DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLESCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DEFAULT_OUT = "dist"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class PackageFile:
    """One file of the package: its name, what it is, and its media type."""

    name: str
    title_zh: str
    title_en: str
    mediatype: str

    @property
    def format(self) -> str:
        return self.name.rsplit(".", 1)[-1]


CATALOG_XLSX = PackageFile("catalog.xlsx", "指导目录", "Guidance Catalog (print-ready)", XLSX)
CATALOG_CSV = PackageFile("catalog.csv", "指导目录数据（CSV）", "Catalog rows (CSV)", "text/csv")
# Not "catalog.json" nor "…report.json": Frictionless reads files of those names as its own Catalog and
# Report descriptors, and `frictionless validate datapackage.json` would then fail on them.
CATALOG_JSON = PackageFile(
    "catalog-data.json", "指导目录数据（JSON）", "Catalog rows and metadata (JSON)", "application/json"
)
STANDARDS_XLSX = PackageFile(
    "high-end-standards.xlsx", "外国高端人才（A类）认定标准", "Local Category A standards", XLSX
)
STANDARDS_JSON = PackageFile(
    "high-end-standards.json",
    "外国高端人才认定标准数据（JSON）",
    "Local Category A standards (JSON)",
    "application/json",
)
CONSULTATION_XLSX = PackageFile("consultation.xlsx", "征求意见情况汇总表", "Consultation record", XLSX)
ADOPTION_XLSX = PackageFile("opinion-adoption.xlsx", "意见采纳情况表", "Adoption of opinions", XLSX)
CONSULTATION_JSON = PackageFile(
    "consultation.json", "征求意见记录数据（JSON）", "Consultation record (JSON)", "application/json"
)
EXPLANATION_DOCX = PackageFile("drafting-explanation.docx", "起草说明", "Drafting explanation", DOCX)
FILING_REPORT_DOCX = PackageFile("filing-report.docx", "备案报告", "Filing report", DOCX)
REPORT_TXT = PackageFile("validation-report.txt", "校验报告", "Validation report", "text/plain")
REPORT_JSON = PackageFile(
    "validation-data.json", "校验报告（JSON）", "Validation report (JSON)", "application/json"
)

FILES: tuple[PackageFile, ...] = (
    CATALOG_XLSX,
    CATALOG_CSV,
    CATALOG_JSON,
    STANDARDS_XLSX,
    STANDARDS_JSON,
    CONSULTATION_XLSX,
    ADOPTION_XLSX,
    CONSULTATION_JSON,
    EXPLANATION_DOCX,
    FILING_REPORT_DOCX,
    REPORT_TXT,
    REPORT_JSON,
)
FILES_BY_NAME: Mapping[str, PackageFile] = {f.name: f for f in FILES}
# The human-readable documents the filing report lists as attachments, in the order it lists them.
_ATTACHMENT_ORDER = (
    CATALOG_XLSX.name,
    STANDARDS_XLSX.name,
    EXPLANATION_DOCX.name,
    CONSULTATION_XLSX.name,
    ADOPTION_XLSX.name,
    REPORT_TXT.name,
)


#: The data files and the JSON Schema each must satisfy (checked by verify_package).
JSON_SCHEMAS: Mapping[str, str] = {
    STANDARDS_JSON.name: "standards.schema.json",
    CONSULTATION_JSON.name: "consultation.schema.json",
}


@dataclass(frozen=True)
class TableField:
    """A column of the catalog table (CSV and JSON rows), described once for both and the Table Schema."""

    name: str
    type: str  # Table Schema type: string, integer, number
    title: str
    description: str
    required: bool = False
    pattern: str | None = None
    categories: tuple[str, ...] = ()
    value: Callable[[CatalogRow], object] = lambda row: None


def _column_value(f: Field, column: TableColumn) -> Callable[[CatalogRow], object]:
    """How a package column reads its value from a normalised row (see fields.TableColumn.value)."""
    if column.value is not None:
        return column.value
    key = f.key
    if key in CatalogRow._fields:
        if f.kind == "codes":
            return lambda row: list(getattr(row, key))
        return attrgetter(key)
    return lambda row: parse_field(key, row.raw.get(key, ""))


def _table_field(f: Field, column: TableColumn) -> TableField:
    description = column.description
    categories: tuple[str, ...] = ()
    if f.kind == "education":
        levels = ", ".join(f"{k} = {v[0]}" for k, v in EDUCATION_LEVELS.items())
        description, categories = f"{description}: {levels}.", tuple(EDUCATION_LEVELS)
    return TableField(
        name=column.name,
        type=column.type,
        title=column.title,
        description=description,
        required=f.required,
        pattern=column.pattern,
        categories=categories,
        value=_column_value(f, column),
    )


#: The catalog table, from the field table. Codes and texts are as normalised by validation;
#: education is a level key.
TABLE_FIELDS: tuple[TableField, ...] = tuple(_table_field(f, c) for f in TABLE for c in f.table_columns)


# --- names and places -----------------------------------------------------------------------------


def safe_name(text: str, fallback: str) -> str:
    """``text`` as a harmless file-name part: ASCII letters, digits, '.', '_' and '-' only, no leading
    or trailing dots or dashes, at most 40 characters. '../x' → 'x', '2026年版' → '2026'."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip(".-_")[:40].strip(".-_")
    return cleaned or fallback


def package_name(province: Province, edition: str) -> str:
    """The package's folder and zip name, e.g. JS-2026."""
    return f"{safe_name(province.abbr, 'XX')}-{safe_name(edition, 'edition')}"


def default_out(root: Path) -> Path:
    """Where packages go unless --out says otherwise."""
    return Path(root) / DEFAULT_OUT


def package_timestamp(ws: Workspace) -> dt.datetime:
    """The one timestamp of every file in the package: midnight of the effective date.

    Derived from the inputs, so building again later gives the same bytes.
    """
    day = ws.meta.effective_date or dt.date(1980, 1, 1)
    return dt.datetime.combine(day, dt.time())


@dataclass(frozen=True)
class PackageResult:
    """Where the package was written and what it holds."""

    folder: Path
    zip: Path
    files: tuple[str, ...]
    zip_sha256: str


# --- building -------------------------------------------------------------------------------------


def build_package(checked: CheckedWorkspace, out: Path, sign_key: Path | None = None) -> PackageResult:
    """Write the package for a validated workspace into ``out`` (replacing an older one atomically).

    Raises ValueError when the report has errors: the caller must not ask for a package then.
    On any failure (or Ctrl-C) nothing is left behind: no partial package, no temporary files, and
    no ``out`` folder if this call created it.
    """
    if not checked.report.valid:
        raise ValueError("build_package needs a report without errors")
    ws = checked.ws
    out = Path(out)
    name = package_name(ws.province, ws.meta.edition)
    folder, zip_path = out / name, out / f"{name}.zip"
    for target in (folder, zip_path):  # belt and braces: safe_name already keeps them inside
        if target.resolve().parent != out.resolve():
            raise InputError(
                f"refusing to write outside {out}: {target}", f"拒绝写入 {out} 之外的位置：{target}"
            )
    provinces = (Path(ws.root) / "provinces").resolve()
    if out.resolve() == provinces or provinces in out.resolve().parents:
        raise InputError(
            f"--out {out} is inside the workspace's provinces/ folder: the package would be read as a "
            "province by the next validation; choose another folder (the default is dist/)",
            f"--out {out} 位于工作区的 provinces/ 文件夹内：下次校验会把报备材料当作省份读取；"
            "请另选文件夹（默认为 dist/）",
        )
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a folder", f"--out {out} 是文件而不是文件夹")
    when = package_timestamp(ws)
    signer = None
    if sign_key is not None:  # a bad key is refused before anything is written
        from catalogtool.package_trust import load_signing_key

        signer = load_signing_key(sign_key)
    created = _missing_dirs(out)
    try:
        with atomic_dir(folder, mode=0o755) as staging:  # a folder to hand on, whatever the umask
            contents = package_contents(checked, when)
            if signer is not None:
                contents[SIGNATURE] = signer.sign(contents[SHA256SUMS])
            for file_name, data in contents.items():
                (staging / file_name).write_bytes(data)
            write_zip(zip_path, ((f"{name}/{n}", d) for n, d in contents.items()), when)
    except OSError as exc:  # writing inside the staging folder: a clear message, not a traceback
        _remove_empty(created)
        reason = exc.strerror or str(exc)
        raise InputError(
            f"cannot write the package in {out}: {reason}", f"无法在 {out} 中写入报备材料：{reason}"
        ) from exc
    except BaseException:
        _remove_empty(created)
        raise
    return PackageResult(
        folder=folder,
        zip=zip_path,
        files=tuple(sorted(contents)),
        zip_sha256=hashlib.sha256(zip_path.read_bytes()).hexdigest(),
    )


def package_contents(checked: CheckedWorkspace, when: dt.datetime) -> dict[str, bytes]:
    """Every file of the package by name, as bytes."""
    ws, rows, codes = checked.ws, checked.catalog.rows, checked.codes
    report = _relative_report(checked.report, ws.root)
    files: dict[str, bytes] = {}
    files[CATALOG_XLSX.name] = catalog_xlsx(ws, rows, codes, when)
    files[CATALOG_CSV.name] = catalog_csv(rows)
    files[CATALOG_JSON.name] = _json_bytes(catalog_json(ws, rows, codes))
    if ws.standards is not None:
        files[STANDARDS_XLSX.name] = normalise_ooxml(docs.standards_xlsx(ws, when), when)
        files[STANDARDS_JSON.name] = _json_bytes(standards_json(ws))
    stats = compute_stats(ws, rows, codes)
    if ws.consultation is not None:
        files[CONSULTATION_XLSX.name] = normalise_ooxml(docs.consultation_xlsx(ws, when), when)
        if ws.consultation.opinions:
            files[ADOPTION_XLSX.name] = normalise_ooxml(docs.adoption_xlsx(ws, stats, when), when)
        files[CONSULTATION_JSON.name] = _json_bytes(consultation_json(ws))
    files[EXPLANATION_DOCX.name] = normalise_ooxml(
        docs.drafting_explanation_docx(ws, stats, codes, when), when
    )
    files[REPORT_TXT.name] = _text_bytes(render("text", report, "zh"))
    files[REPORT_JSON.name] = _text_bytes(render("json", report, "zh"))
    summary = docs.ValidationSummary(
        rows=sum(fr.rows for fr in report.files),
        warnings=sum(fr.count("warning") for fr in report.files),
        infos=sum(fr.count("info") for fr in report.files),
        code_list=codes.label_zh,  # the filing is in Chinese: the classification by its Chinese name
    )
    attachments = [_attachment(ws, FILES_BY_NAME[n]) for n in _ATTACHMENT_ORDER if n in files]
    attachments.append(docs.Attachment(f"{DATAPACKAGE}、{SHA256SUMS}", "数据文件清单及SHA-256校验值"))
    files[FILING_REPORT_DOCX.name] = normalise_ooxml(
        docs.filing_report_docx(ws, stats, summary, attachments, when), when
    )
    files[DATAPACKAGE] = _json_bytes(datapackage(ws, files))
    files[SHA256SUMS] = sha256sums(files).encode("utf-8")
    return files


def _attachment(ws: Workspace, spec: PackageFile) -> docs.Attachment:
    title = f"《{ws.meta.title}》" if spec is CATALOG_XLSX else spec.title_zh
    return docs.Attachment(spec.name, title)


def catalog_xlsx(ws: Workspace, rows: Sequence[CatalogRow], codes: CodeList, when: dt.datetime) -> bytes:
    """The catalog as the print-ready workbook: title, validity line, two-level header, A4 landscape."""
    from catalogtool.workbook import catalog_xlsx_bytes

    return catalog_xlsx_bytes(
        [_printable(r) for r in rows],
        title=ws.meta.title,
        validity_line=validity_line(ws.meta),
        codes=codes,
        instructions=False,
        example=False,
        timestamp=when,
    )


def _printable(row: CatalogRow) -> dict[str, object]:
    """A row for the print-ready workbook: the drafters' wording, with the normalised codes."""
    values: dict[str, object] = dict(row.raw)
    values["subcategory_code"] = row.subcategory_code or row.raw.get("subcategory_code", "")
    values["occupation_codes"] = list(row.occupation_codes)
    return values


def catalog_csv(rows: Sequence[CatalogRow]) -> bytes:
    """The catalog table as UTF-8 CSV (RFC 4180) with a byte-order mark, so Excel on Chinese Windows
    opens it as UTF-8 (as ``convert`` writes CSV); columns as in :data:`TABLE_FIELDS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in TABLE_FIELDS])
    for row in rows:
        writer.writerow([csv_cell(f.value(row), f.type) for f in TABLE_FIELDS])
    return buffer.getvalue().encode("utf-8-sig")


def csv_cell(value: object, kind: str) -> str:
    """A CSV field: numbers as numbers; text through the one CSV guard (safe_cells.csv_field)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return csv_field(str(value)) if kind == "string" else str(value)


def _json_value(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def catalog_json(ws: Workspace, rows: Sequence[CatalogRow], codes: CodeList) -> dict[str, Any]:
    """Canonical rows with the catalog's metadata (province.yaml as JSON, validity, code list)."""
    meta = ws.meta
    return {
        "catalog": province_json(ws),
        "province": {
            "abbr": ws.province.abbr,
            "iso_3166_2": ws.province.iso_3166_2,
            "gb2260": ws.province.gb2260,
            "name_zh": ws.province.name_zh,
            "name_en": ws.province.name_en,
        },
        "validity": {
            "effective_date": meta.effective_date.isoformat() if meta.effective_date else None,
            "validity_years": meta.validity_years,
            "expiry_date": meta.expiry_date.isoformat() if meta.expiry_date else None,
            "text": validity_line(meta),
        },
        "code_list": codes.label,
        # "columns", not "fields": Frictionless takes a JSON file with a top-level "fields" for a Table Schema.
        "columns": [f.name for f in TABLE_FIELDS],
        "rows": [{f.name: _json_value(f.value(r)) for f in TABLE_FIELDS} for r in rows],
    }


def province_json(ws: Workspace) -> dict[str, Any]:
    """province.yaml as JSON, in the shape of province.schema.json (empty optional values left out)."""
    meta = ws.meta
    contact = {k: v for k, v in vars(meta.contact).items() if v}
    data: dict[str, Any] = {
        "province": meta.province,
        "title": meta.title,
        "edition": meta.edition,
        "authority": meta.authority,
        "contact": contact or None,
        "effective_date": meta.effective_date.isoformat() if meta.effective_date else None,
        "validity_years": meta.validity_years,
        "key_industries": list(meta.key_industries) or None,
        "code_list": meta.code_list or None,
        "local_average_wage": _json_value(meta.local_average_wage),
    }
    return {k: v for k, v in data.items() if v is not None}


def standards_json(ws: Workspace) -> dict[str, Any]:
    """high-end-standards.yaml as JSON (standards.schema.json)."""
    out = []
    for s in ws.standards or ():
        item: dict[str, Any] = {"id": s.id, "block": s.block, "text": s.text, "evidence": list(s.evidence)}
        if s.notes:
            item["notes"] = s.notes
        out.append(item)
    return {"standards": out}


def consultation_json(ws: Workspace) -> dict[str, Any]:
    """consultation.yaml as JSON (consultation.schema.json)."""
    c = ws.consultation
    if c is None:
        return {"parties": []}
    data: dict[str, Any] = {}
    if c.period_start is not None and c.period_end is not None:
        data["period"] = {"start": c.period_start.isoformat(), "end": c.period_end.isoformat()}
    data["parties"] = [
        {"name": p.name, "type": p.type, **({"date": p.date.isoformat()} if p.date else {})}
        for p in c.parties
    ]
    data["opinions"] = [_opinion_json(o) for o in c.opinions]
    return data


def _opinion_json(o: Opinion) -> dict[str, Any]:
    """One opinion in the shape of consultation.schema.json, the keys consultation.yaml gave it."""
    item: dict[str, Any] = {"id": o.id} if o.id else {}
    item["party"] = o.party
    if o.new_row:
        item["row"] = "new"
    elif o.row is not None:
        item["row"] = {"seq": o.row.seq, "code": o.row.code, "position": o.row.position}
    if o.kind:
        item["kind"] = o.kind
    item["summary"] = o.summary
    if o.reason:
        item["reason"] = o.reason
    if o.proposal:
        item["proposal"] = dict(o.proposal)
    if o.received is not None:
        item["received"] = o.received.isoformat()
    if o.source_file:
        source: dict[str, Any] = {"file": o.source_file}
        if o.source_cell:
            source["cell"] = o.source_cell
        if o.source_part is not None:
            source["part"] = o.source_part
        item["source"] = source
    item["adopted"] = o.adopted
    if o.response:
        item["response"] = o.response
    return item


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema (v2) of catalog.csv, from :data:`TABLE_FIELDS`."""
    fields = []
    for f in TABLE_FIELDS:
        field: dict[str, Any] = {
            "name": f.name,
            "type": f.type,
            "title": f.title,
            "description": f.description,
        }
        constraints: dict[str, Any] = {}
        if f.required:
            constraints["required"] = True
        if f.pattern:
            constraints["pattern"] = f.pattern
        if f.categories:
            constraints["enum"] = list(f.categories)
        if f.type in ("number", "integer") and f.name != "seq":
            constraints["minimum"] = 0
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"$schema": TABLESCHEMA_PROFILE, "fields": fields, "missingValues": [""]}


def sheet_table(spec: PackageFile) -> dict[str, Any]:
    """How to read a print-ready workbook as a table: its sheet, the title and header rows above the
    data (a Table Dialect) and its columns (a Table Schema), so a Data Package reader neither takes the
    title row for the header nor guesses column types from a handful of cells."""
    if spec is CATALOG_XLSX:
        from catalogtool.template import template_spec

        layout = template_spec()
        # The header is two rows with merged cells, which no reader joins into clean labels: the rows
        # above the data are skipped and the columns named by the schema, in the workbook's order.
        dialect: dict[str, Any] = {
            "sheetName": layout.data_sheet,
            "header": False,
            "commentRows": list(range(1, layout.first_data_row)),
        }
        fields = []
        for key in FIELDS:
            zh, en, group = FIELD_LABELS[key]
            # "any": the print-ready workbook keeps the drafters' wording ("3年以上") or a number (3).
            field: dict[str, Any] = {
                "name": key,
                "type": "any",
                "title": f"{group} › {zh}" if group else zh,
                "description": en,
            }
            if key in REQUIRED_FIELDS:
                field["constraints"] = {"required": True}
            fields.append(field)
    else:
        table = {
            STANDARDS_XLSX.name: docs.STANDARDS_TABLE,
            CONSULTATION_XLSX.name: docs.CONSULTATION_TABLE,
            ADOPTION_XLSX.name: docs.ADOPTION_TABLE,
        }[spec.name]
        dialect = {"sheetName": table.sheet, "headerRows": [docs.TABLE_HEADER_ROW]}
        fields = [{"name": label, "type": "string"} for label in table.header]  # every cell is text
    schema = {"$schema": TABLESCHEMA_PROFILE, "fields": fields, "missingValues": [""]}
    return {"type": "table", "dialect": dialect, "schema": schema}


def datapackage(
    ws: Workspace,
    files: Mapping[str, bytes],
    *,
    specs: Sequence[PackageFile] = FILES,
    name: str = "guidance-catalog",
    about: str = "with its filing documents",
    homepage: str | None = None,
) -> dict[str, Any]:
    """The Data Package descriptor: one resource per file of ``specs`` present in ``files``, with media
    type, size and SHA-256. ``name`` and ``about`` tell what the package is (the filing package, or
    the published catalog); ``homepage`` is where it is published."""
    resources = []
    for spec in specs:
        if spec.name not in files:
            continue
        data = files[spec.name]
        resource: dict[str, Any] = {
            "name": spec.name.replace(".", "-"),
            "path": spec.name,
            "title": spec.title_en,
            "description": spec.title_zh,
            "format": spec.format,
            "mediatype": spec.mediatype,
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        }
        if spec.mediatype.startswith(("text/", "application/json", "application/schema+json")):
            resource["encoding"] = "utf-8"
        if spec is CATALOG_CSV:
            resource["type"] = "table"
            resource["schema"] = table_schema()
        elif spec.mediatype == XLSX:
            resource.update(sheet_table(spec))
        resources.append(resource)
    meta = ws.meta
    descriptor: dict[str, Any] = {
        "$schema": DATAPACKAGE_PROFILE,
        "name": f"{package_name(ws.province, meta.edition).lower()}-{name}",
        "title": meta.title,
        "description": (
            f"{meta.title}：{validity_line(meta)}。Guidance Catalog for Foreigners Working in China, "
            f"{ws.province.short_en}, edition {meta.edition}, {about}."
        ),
        "keywords": [
            "外国人来华工作指导目录",
            "Guidance Catalog for Foreigners Working in China",
            ws.province.abbr,
        ],
        "contributors": [{"title": meta.authority, "roles": ["publisher"]}],
    }
    if homepage:
        descriptor["homepage"] = homepage
    descriptor["resources"] = resources
    return descriptor


def sha256sums(files: Mapping[str, bytes]) -> str:
    """``sha256sum`` output for the files (except SHA256SUMS itself), sorted by name."""
    return "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n"
        for name, data in sorted(files.items())
        if name != SHA256SUMS
    )


def _relative_report(report: Report, root: Path) -> Report:
    """The report with file paths relative to the workspace, so the package does not depend on where
    the workspace sits."""

    def rel(path: str) -> str:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            return Path(path).name

    files = tuple(
        replace(
            fr,
            file=rel(fr.file),
            findings=tuple(
                replace(f, location=replace(f.location, file=rel(f.location.file))) for f in fr.findings
            ),
        )
        for fr in report.files
    )
    return replace(report, files=files)


def _json_bytes(data: object) -> bytes:
    # allow_nan=False: NaN and Infinity are not JSON; the workspace check refuses them before this.
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _text_bytes(text: str) -> bytes:
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def _missing_dirs(path: Path) -> list[Path]:
    """``path`` and those of its parents that do not exist yet, deepest first."""
    missing = []
    for p in (path, *path.parents):
        if p.exists():
            break
        missing.append(p)
    return missing


def _remove_empty(dirs: Sequence[Path]) -> None:
    """Remove the folders this run created, deepest first, if nothing else was put in them."""
    for d in dirs:
        try:
            d.rmdir()
        except OSError:
            return


def catalog_json_schema(province_schema: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON Schema for catalog-data.json, from the province schema and :data:`TABLE_FIELDS`."""
    json_types = {"string": "string", "integer": "integer", "number": "number"}
    properties: dict[str, Any] = {}
    for f in TABLE_FIELDS:
        if f.name in BY_KEY and BY_KEY[f.name].kind == "codes":
            properties[f.name] = {
                "type": "array",
                "items": {"type": "string", "pattern": r"^[1-8]-\d{2}-\d{2}-\d{2}$"},
            }
            continue
        prop: dict[str, Any] = {
            "type": [json_types[f.type], "null"] if not f.required else json_types[f.type]
        }
        if f.pattern:
            prop["pattern"] = f.pattern
        if f.categories:
            prop["enum"] = list(f.categories)
        properties[f.name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["catalog", "validity", "code_list", "rows"],
        "properties": {
            "catalog": province_schema,
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [f.name for f in TABLE_FIELDS],
                    "properties": properties,
                    "additionalProperties": False,
                },
            },
        },
    }
