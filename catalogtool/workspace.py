"""A province's workspace: its metadata, consultation record and Category A standards, and their checks.

Layout (design.md §7)::

    <root>/provinces/JS/province.yaml             title, authority, dates, key industries
    <root>/provinces/JS/catalog.xlsx              the draft (or catalog.csv / catalog.yaml)
    <root>/provinces/JS/consultation.yaml         who was consulted, when, what they said
    <root>/provinces/JS/high-end-standards.yaml   local Category A standards (optional)

:func:`load_workspace` reads the YAML files (ruamel, keeping line numbers), checks them against the
JSON Schemas in ``catalogtool/schemas/`` and returns typed, frozen values; an unreadable file is an
:class:`~catalogtool.errors.InputError`, a schema violation a finding. :func:`workspace_findings` runs
the catalog-level rules (``CT5xx``, texts in :mod:`catalogtool.rules.catalog`), among them the
template's example row, recognised by the marker in the template spec (:mod:`catalogtool.workbook`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
from ruamel.yaml.comments import CommentedBase

from catalogtool.config import ValidateOptions
from catalogtool.data import schema_path
from catalogtool.errors import InputError
from catalogtool.lang import join
from catalogtool.model import CatalogRow, FileReport, Finding, Location, Report
from catalogtool.provinces import Province, UnknownProvinceError, find_province, require_province
from catalogtool.rules import catalog as R

# The workspace vocabulary, defined with the rules that check it and re-exported here.
from catalogtool.rules.catalog import PARTY_TYPES as PARTY_TYPES
from catalogtool.rules.catalog import STANDARD_BLOCKS as STANDARD_BLOCKS
from catalogtool.rules.catalog import name_key as name_key
from catalogtool.rules.catalog import split_industries as split_industries
from catalogtool.schema_errors import describe, sentence
from catalogtool.template import template_spec
from catalogtool.workspace_model import (
    BasisDocument as BasisDocument,
)
from catalogtool.workspace_model import (
    Consultation as Consultation,
)
from catalogtool.workspace_model import (
    Contact as Contact,
)
from catalogtool.workspace_model import (
    Opinion as Opinion,
)
from catalogtool.workspace_model import (
    OpinionRow as OpinionRow,
)
from catalogtool.workspace_model import (
    Party as Party,
)
from catalogtool.workspace_model import (
    ProvinceMeta as ProvinceMeta,
)
from catalogtool.workspace_model import (
    Standard as Standard,
)
from catalogtool.workspace_model import (
    Workspace as Workspace,
)
from catalogtool.workspace_model import (
    expiry_date as expiry_date,
)
from catalogtool.yamlfile import load_yaml_mapping

if TYPE_CHECKING:
    from catalogtool.codes import CodeList
    from catalogtool.rules.context import Memo
    from catalogtool.validate import LoadedCatalog

PROVINCE_FILE = "province.yaml"
CONSULTATION_FILE = "consultation.yaml"
STANDARDS_FILE = "high-end-standards.yaml"
#: Where the catalog is looked for when province.yaml does not name it, in this order.
CATALOG_CANDIDATES: tuple[str, ...] = ("catalog.xlsx", "catalog.csv", "catalog.yaml")

# A workspace file is a few kilobytes; these bounds stop a hostile or broken file (e.g. an alias
# bomb, which expands when converted to plain data) from exhausting memory.
_MAX_YAML_BYTES = 2_000_000
_MAX_YAML_NODES = 200_000

JsonValue = Any  # what json.loads could return; jsonschema validates it


def date_zh(day: dt.date) -> str:
    """2026-07-01 → 2026年7月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def validity_line(meta: ProvinceMeta) -> str:
    """The validity line printed under the catalog title, e.g. 有效期：自2026年7月1日起至2030年6月30日止.

    Empty when the effective date or the validity is unknown.
    """
    expiry = meta.expiry_date
    if meta.effective_date is None or expiry is None:
        return ""
    return f"有效期：自{date_zh(meta.effective_date)}起至{date_zh(expiry)}止"


# --- finding and loading a workspace ------------------------------------------------------------


def find_workspace_provinces(root: Path) -> list[str]:
    """The province folders of a workspace, sorted: ``provinces/<XX>/`` holding a province.yaml or a
    catalog. A folder with a catalog but no province.yaml is listed, so loading it says what is missing
    instead of the folder being passed over in silence. A filing package put there (it holds
    SHA256SUMS and datapackage.json) is output, not a province, and is left out."""
    base = Path(root) / "provinces"
    if not base.is_dir():
        return []
    wanted = (PROVINCE_FILE, *CATALOG_CANDIDATES)
    return sorted(
        p.name
        for p in base.iterdir()
        if p.is_dir() and any((p / n).is_file() for n in wanted) and not is_package_output(p)
    )


def is_package_output(folder: Path) -> bool:
    """True for a folder ``catalogtool package`` wrote (it holds SHA256SUMS and datapackage.json)."""
    return (folder / "SHA256SUMS").is_file() and (folder / "datapackage.json").is_file()


def inside_workspace(root: Path, path: Path) -> Path:
    """``path`` when it really lies inside the workspace ``root`` once links are followed; InputError
    otherwise. A workspace file that is a link to a file elsewhere (another user's home, /etc) would put
    that file's text into the filing package, so it is refused rather than read."""
    try:
        real, base = Path(path).resolve(), Path(root).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop
        raise InputError(f"cannot resolve {path}: {exc}", f"无法解析路径 {path}：{exc}") from None
    if real != base and base not in real.parents:
        raise InputError(
            f"{path} leads outside the workspace {root} (to {real}); workspace files must be inside it: "
            "copy the file into the workspace instead of linking to it",
            f"{path} 指向工作区 {root} 之外（{real}）；工作区文件必须位于工作区内：请复制文件而不是链接",
        )
    return path


def province_dir(root: Path, province: str) -> tuple[Province, Path]:
    """Resolve a province given in any form to its folder in the workspace.

    Raises UsageError for an unknown province and InputError when the workspace has no folder for it.
    """
    prov = require_province(province)
    root = Path(root)
    base = root / "provinces"
    if not base.is_dir():
        raise InputError(
            f"{root} is not a catalogtool workspace: it has no provinces/ folder "
            "(create one with `catalogtool new`)",
            f"{root} 不是 catalogtool 工作区：缺少 provinces/ 文件夹（可用 `catalogtool new` 创建）",
        )
    others = sorted(p for p in base.iterdir() if p.is_dir() and p.name != prov.abbr)
    candidates = [base / prov.abbr, *others]
    for folder in candidates:
        if folder.is_dir() and _same_province(folder.name, prov):
            return prov, inside_workspace(root, folder)
    found = find_workspace_provinces(root)
    raise InputError(
        f"the workspace {root} has no folder provinces/{prov.abbr}/ "
        f"(provinces found: {join(found, 'en') or 'none'})",
        f"工作区 {root} 中没有 provinces/{prov.abbr}/ 文件夹（已有省份：{join(found, 'zh') or '无'}）",
    )


def _same_province(name: str, prov: Province) -> bool:
    try:
        return find_province(name) == prov
    except UnknownProvinceError:
        return False


def load_workspace(root: Path, province: str) -> Workspace:
    """Load one province's workspace files. Raises InputError when they are unusable
    (missing province.yaml or catalog, malformed YAML); schema violations become ``load_findings``."""
    root = Path(root)
    prov, folder = province_dir(root, province)
    findings: list[Finding] = []

    meta_path = folder / PROVINCE_FILE
    meta_doc = _load_if_present(root, meta_path, "province.schema.json", findings)
    if meta_doc is None:
        raise InputError(
            f"{meta_path} is missing: every province folder needs a province.yaml",
            f"缺少 {meta_path}：每个省份文件夹都需要 province.yaml",
        )
    meta = _province_meta(meta_path, meta_doc)

    consultation_path = folder / CONSULTATION_FILE
    consultation_doc = _load_if_present(root, consultation_path, "consultation.schema.json", findings)
    consultation = None if consultation_doc is None else _consultation(consultation_path, consultation_doc)

    standards_path = folder / STANDARDS_FILE
    standards_doc = _load_if_present(root, standards_path, "standards.schema.json", findings)
    standards = None if standards_doc is None else _standards(standards_doc)

    return Workspace(
        root=root,
        province=prov,
        dir=folder,
        meta=meta,
        catalog_path=inside_workspace(root, _catalog_path(folder, meta.catalog)),
        standards=standards,
        consultation=consultation,
        standards_path=standards_path,
        consultation_path=consultation_path,
        load_findings=tuple(findings),
    )


def read_province_meta(path: Path) -> ProvinceMeta:
    """Read one province.yaml without the rest of the workspace (no schema check); InputError if unusable."""
    return _province_meta(path, load_yaml_mapping(path, _MAX_YAML_BYTES))


def _catalog_path(folder: Path, named: str | None) -> Path:
    if named:
        # Only a plain file name in the province folder: the workspace must not reach outside itself.
        if Path(named).name != named or named.startswith(".") or "\\" in named:
            raise InputError(
                f"catalog: {named!r} in {folder / PROVINCE_FILE} must be a file name in {folder}",
                f"{folder / PROVINCE_FILE} 中的 catalog: {named!r} 必须是 {folder} 中的文件名",
            )
        path = folder / named
        if not path.is_file():
            raise InputError(
                f"the catalog {path} named in {PROVINCE_FILE} does not exist",
                f"{PROVINCE_FILE} 中指定的目录文件 {path} 不存在",
            )
        return path
    for name in CATALOG_CANDIDATES:
        if (folder / name).is_file():
            return folder / name
    names = " / ".join(CATALOG_CANDIDATES)
    raise InputError(
        f"no catalog in {folder}: expected one of {names}",
        f"{folder} 中没有目录文件：应为 {names} 之一",
    )


# --- YAML -------------------------------------------------------------------------------------------


def _load_if_present(root: Path, path: Path, schema: str, findings: list[Finding]) -> Any:
    """The workspace YAML file at ``path``, its schema findings added to ``findings``; None if absent.
    A link leading outside the workspace ``root`` is refused (:func:`inside_workspace`)."""
    if not path.is_file():
        if path.is_symlink():  # a dangling link is not "absent": say where it leads
            inside_workspace(root, path)
        return None
    inside_workspace(root, path)
    doc = load_yaml_mapping(path, _MAX_YAML_BYTES)
    findings += _schema_findings(path, doc, schema)
    return doc


def to_json_compatible(value: Any) -> JsonValue:
    """ruamel data as plain JSON types: dates become ISO text, keys text, numbers plain.

    Raises InputError when the data is implausibly large once aliases are expanded.
    """
    budget = [_MAX_YAML_NODES]

    def convert(v: Any) -> JsonValue:
        budget[0] -= 1
        if budget[0] < 0:
            raise InputError(
                "a workspace file expands to too much data (YAML aliases?)",
                "工作区文件展开后数据量过大（是否滥用了 YAML 别名？）",
            )
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, Mapping):
            return {str(k): convert(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [convert(x) for x in v]
        if isinstance(v, dt.datetime):
            return v.isoformat(sep=" ") if v.time() != dt.time() else v.date().isoformat()
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            return float(v)
        return str(v)

    return convert(value)


def _line(node: Any, path: Sequence[str | int]) -> int | None:
    """1-based line of the deepest node on ``path`` that ruamel recorded a position for."""
    line = node.lc.line + 1 if isinstance(node, CommentedBase) else None
    for step in path:
        if isinstance(node, Mapping) and step in node:
            if isinstance(node, CommentedBase):
                line = node.lc.key(step)[0] + 1
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            if isinstance(node, CommentedBase):
                line = node.lc.item(step)[0] + 1
            node = node[step]
        else:
            break
    return line


def _key_lines(doc: Any) -> dict[str, int]:
    if not isinstance(doc, CommentedBase) or not isinstance(doc, Mapping):
        return {}
    return {str(k): doc.lc.key(k)[0] + 1 for k in doc}


# --- schema check -------------------------------------------------------------------------------

# Fields a dedicated CT5xx rule reports with a clearer message; the schema finding would repeat it.
# (path pattern, validators) per schema; "*" matches a list index; None means every validator.
_CLAIMED: Mapping[str, tuple[tuple[tuple[str, ...], frozenset[str] | None], ...]] = {
    "province.schema.json": (
        (("province",), None),
        (("authority",), None),
        (("effective_date",), None),
    ),
    # A missing decision is CT520 (undecided), like an explicit null.
    "consultation.schema.json": ((("opinions", "*", "adopted"), frozenset({"required"})),),
    "standards.schema.json": (
        (("standards", "*", "block"), None),
        (("standards", "*", "text"), None),
        (("standards", "*", "evidence"), frozenset({"required", "minItems"})),
        (("standards", "*", "evidence", "*"), frozenset({"minLength"})),
    ),
}


def _load_schema(name: str) -> dict[str, Any]:
    with schema_path(name).open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


@functools.cache
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    """The validator of a bundled workspace schema, built once per process (31 provinces share it)."""
    schema = _load_schema(schema_name)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _schema_findings(path: Path, doc: Any, schema_name: str) -> list[Finding]:
    """Each schema violation as a CT516 finding at the YAML line, except those a dedicated rule reports."""
    validator = _validator(schema_name)
    data = to_json_compatible(doc)
    findings = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        for problem in describe(error):
            field_path = problem.path
            if _claimed(schema_name, field_path, str(error.validator)):
                continue
            en, zh = sentence(problem)
            findings.append(
                R.WORKSPACE_SCHEMA.finding(
                    Location(
                        file=str(path), row=_line(doc, field_path), field=_field_name(field_path), kind="line"
                    ),
                    value=_value_text(data, field_path),
                    name=path.name,
                    problem_en=en,
                    problem_zh=zh,
                )
            )
    return findings


def _claimed(schema_name: str, path: Sequence[str | int], validator: str) -> bool:
    for pattern, validators in _CLAIMED.get(schema_name, ()):
        if len(path) != len(pattern):
            continue
        if all((p == "*" and isinstance(s, int)) or p == s for p, s in zip(pattern, path, strict=True)) and (
            validators is None or validator in validators
        ):
            return True
    return False


def _field_name(path: Sequence[str | int]) -> str:
    """('standards', 1, 'block') → 'standards[1].block'; the document itself → '(top level)'."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(top level)"


def _value_text(data: JsonValue, path: Sequence[str | int]) -> str | None:
    node = data
    for step in path:
        in_dict = isinstance(node, dict) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if not (in_dict or in_list):
            return None
        node = node[step]
    if isinstance(node, dict | list):
        return None
    return None if node is None else str(node)


# --- typed values (lenient: the schema check reports what is wrong) -----------------------------


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool | Mapping | list):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (_text(v) for v in value) if t)


def _province_meta(path: Path, doc: Mapping[str, Any]) -> ProvinceMeta:
    contact = doc.get("contact")
    contact = contact if isinstance(contact, Mapping) else {}
    raw_date = doc.get("effective_date")
    return ProvinceMeta(
        path=path,
        province=_text(doc.get("province")),
        title=_text(doc.get("title")),
        edition=_text(doc.get("edition")),
        authority=_text(doc.get("authority")),
        contact=Contact(
            department=_text(contact.get("department")),
            name=_text(contact.get("name")),
            phone=_text(contact.get("phone")),
            email=_text(contact.get("email")),
        ),
        effective_date=_date(raw_date),
        effective_date_text=str(to_json_compatible(raw_date)) if raw_date is not None else "",
        validity_years=_int(doc.get("validity_years")),
        key_industries=_texts(doc.get("key_industries")),
        code_list=_text(doc.get("code_list")),
        local_average_wage=_number(doc.get("local_average_wage")),
        catalog=_text(doc.get("catalog")) or None,
        lines=_key_lines(doc),
        local_bonus_max=_int(doc.get("local_bonus_max")),
        basis=_basis(doc) if "basis" in doc else None,
    )


def _basis(doc: Mapping[str, Any]) -> tuple[BasisDocument, ...]:
    """The ``basis:`` list of province.yaml (entries that are not mappings are the schema check's)."""
    return tuple(
        BasisDocument(
            date=_date(b.get("date")),
            issuer=_text(b.get("issuer")),
            description=_text(b.get("description")),
            title=_text(b.get("title")).strip("《》"),
            number=_text(b.get("number")),
            kind=_text(b.get("kind")),
            line=line,
        )
        for line, b in _items(doc, "basis")
    )


@functools.cache
def default_basis() -> tuple[BasisDocument, ...]:
    """What a province.yaml without ``basis:`` cites: the list ``catalogtool new`` writes there (read
    from the same template, so the two never differ)."""
    from catalogtool.data import data_dir

    template = data_dir("templates") / "workspace" / PROVINCE_FILE
    return tuple(replace(b, line=None) for b in _basis(load_yaml_mapping(template, _MAX_YAML_BYTES)))


def basis_reference(b: BasisDocument) -> str:
    """人力资源社会保障部办公厅2025年9月30日印发的通知: the document by issuer, date and what it is."""
    when = date_zh(b.date) if b.date is not None else ""
    return f"{b.issuer}{when}印发的{b.cited_as}"


def cited_basis(meta: ProvinceMeta) -> tuple[BasisDocument, ...]:
    """The documents a province's filing cites: its own ``basis:``, else :func:`default_basis`."""
    return meta.basis if meta.basis else default_basis()


def _items(doc: Mapping[str, Any], key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(line, item) for each mapping in the list ``doc[key]``."""
    items = doc.get(key)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            yield _line(doc, (key, index)) or 0, item


def _consultation(path: Path, doc: Mapping[str, Any]) -> Consultation:
    period = doc.get("period")
    period = period if isinstance(period, Mapping) else {}
    return Consultation(
        path=path,
        period_start=_date(period.get("start")),
        period_end=_date(period.get("end")),
        parties=tuple(
            Party(name=_text(p.get("name")), type=_text(p.get("type")), date=_date(p.get("date")), line=line)
            for line, p in _items(doc, "parties")
        ),
        opinions=tuple(_opinion(line, o) for line, o in _items(doc, "opinions")),
        period_line=_line(doc, ("period",)) if "period" in doc else None,
        parties_line=_line(doc, ("parties",)) if "parties" in doc else None,
    )


def _opinion(line: int, item: Mapping[str, Any]) -> Opinion:
    adopted = item.get("adopted")
    row = item.get("row")
    source = item.get("source")
    source = source if isinstance(source, Mapping) else {}
    proposal = item.get("proposal")
    return Opinion(
        party=_text(item.get("party")),
        summary=_text(item.get("summary")),
        adopted=adopted if adopted is None or isinstance(adopted, bool) else _text(adopted) or str(adopted),
        response=_text(item.get("response")),
        line=line,
        id=_text(item.get("id")),
        row=(
            OpinionRow(_int(row.get("seq")), _text(row.get("code")), _text(row.get("position")))
            if isinstance(row, Mapping)
            else None
        ),
        new_row=_text(row) == "new",
        kind=_text(item.get("kind")),
        reason=_text(item.get("reason")),
        received=_date(item.get("received")),
        source_file=_text(source.get("file")),
        source_cell=_text(source.get("cell")),
        source_part=_int(source.get("part")),
        proposal=(
            {str(k): _text(v) for k, v in proposal.items() if _text(v)}
            if isinstance(proposal, Mapping)
            else {}
        ),
    )


def _standards(doc: Mapping[str, Any]) -> tuple[Standard, ...]:
    return tuple(
        Standard(
            id=_text(s.get("id")),
            block=_text(s.get("block")),
            text=_text(s.get("text")),
            evidence=_texts(s.get("evidence")),
            notes=_text(s.get("notes")),
            line=line,
            evidence_wrong_type=s.get("evidence") is not None and not isinstance(s.get("evidence"), list),
        )
        for line, s in _items(doc, "standards")
    )


def workspace_findings(
    ws: Workspace,
    rows: Sequence[CatalogRow],
    today: dt.date,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The catalog-level findings (CT5xx) for a workspace and its catalog rows, sorted by place.

    ``today`` decides expiry; ``sheet`` is the catalog sheet, for the row locations of CT515.
    Includes the schema findings noticed while loading. Checks whose rules ``overrides`` (catalogtool.yaml
    ``severity:``) all set to ``off`` do not run; the caller applies the other overrides.
    """
    marker = template_spec().example_marker
    return sorted(
        [
            *ws.load_findings,
            *R.catalog_findings(ws, rows, today, example_marker=marker, sheet=sheet, overrides=overrides),
        ],
        key=Finding.sort_key,
    )


# --- validation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedWorkspace:
    """A workspace, its catalog and the combined validation report."""

    ws: Workspace
    catalog: LoadedCatalog
    report: Report
    codes: CodeList


def check_workspace(
    root: Path,
    province: str,
    today: dt.date,
    options: ValidateOptions | None = None,
    codes: CodeList | None = None,
    *,
    memo: Memo | None = None,
) -> CheckedWorkspace:
    """Validate a province's catalog and workspace files into one report.

    The catalog's own report also carries the workspace findings that point into it (CT515); each
    workspace YAML file gets its own report, with or without findings. Severity overrides apply to all.
    """
    from catalogtool.codes import load_code_list
    from catalogtool.validate import apply_overrides, load_catalog

    options = options or ValidateOptions()
    codes = codes or load_code_list(options.codes_extra)
    ws = load_workspace(root, province)
    loaded = load_catalog(ws.catalog_path, options, codes, memo)
    extra = apply_overrides(
        workspace_findings(ws, loaded.rows, today, sheet=loaded.sheet, overrides=options.severity_overrides),
        options.severity_overrides,
    )
    by_file: dict[str, list[Finding]] = {}
    for f in extra:
        by_file.setdefault(f.location.file, []).append(f)
    catalog_report = loaded.report
    own = by_file.pop(catalog_report.file, [])
    if own:
        catalog_report = replace(
            catalog_report, findings=tuple(sorted((*catalog_report.findings, *own), key=Finding.sort_key))
        )
    files = [catalog_report]
    for path in (ws.meta.path, ws.consultation_path, ws.standards_path):
        found = by_file.pop(str(path), [])
        if path.is_file() or found:
            files.append(FileReport(file=str(path), sheet=None, rows=0, findings=tuple(found)))
    files += [FileReport(file=f, sheet=None, rows=0, findings=tuple(g)) for f, g in sorted(by_file.items())]
    report = Report(files=tuple(files), code_list=codes.label, strict=options.strict)
    return CheckedWorkspace(ws=ws, catalog=loaded, report=report, codes=codes)
