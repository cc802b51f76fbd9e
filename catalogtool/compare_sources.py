"""Where ``catalogtool compare`` gets its catalogs: workspace provinces and filing packages.

A workspace province is validated as ``package`` validates it; its readable rows are compared, and its
error count is passed on so the command can say the draft is not clean. A filing package is first
verified with the checks of ``package --check``; a package that fails is refused (exit 2). Everything
read from a package is data: each value is type-checked before use.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogtool.compare import Criterion, Post, ProvinceCatalog
from catalogtool.errors import InputError
from catalogtool.model import CatalogRow, Salary
from catalogtool.provinces import find_province


@dataclass(frozen=True)
class Loaded:
    """A catalog ready to compare, and how many errors its validation found (0 for a verified package)."""

    catalog: ProvinceCatalog
    errors: int
    skipped_rows: int  # rows without a readable subcategory code, left out of the comparison


def post_of(row: CatalogRow) -> Post | None:
    """A validated catalog row as a :class:`Post`, or None when its subcategory code is unreadable."""
    if row.subcategory_code is None:
        return None
    salary = row.salary
    stated = salary is not None and (salary.multiple is not None or salary.annual_yuan is not None)
    return Post(
        seq=row.seq,
        subcategory_code=row.subcategory_code,
        subcategory_name=row.subcategory_name,
        position=row.position,
        education=row.education,
        experience_years=row.experience_years,
        salary=salary if stated else None,
        age_max=row.age_max,
        number=row.number,
        kind=row.kind,
        skills=row.skills,
        certificates=row.certificates,
    )


def from_workspace(root: Path, province: str, today: dt.date, options: Any = None) -> Loaded:
    """A workspace province, validated (``options``: ValidateOptions from catalogtool.yaml)."""
    from catalogtool.workspace import check_workspace

    checked = check_workspace(root, province, today, options)
    ws = checked.ws
    posts = [p for r in checked.catalog.rows if (p := post_of(r)) is not None]
    catalog = ProvinceCatalog(
        key=ws.province.abbr,
        name_zh=ws.province.name_zh,
        name_en=ws.province.name_en,
        title=ws.meta.title,
        edition=ws.meta.edition,
        authority=ws.meta.authority,
        effective=ws.meta.effective_date,
        expires=ws.meta.expiry_date,
        local_average_wage=ws.meta.local_average_wage,
        posts=tuple(posts),
        standards=tuple(Criterion(s.id, s.block, s.text) for s in ws.standards or ()),
        source=str(ws.dir),
    )
    errors = sum(fr.count("error") for fr in checked.report.files)
    return Loaded(catalog, errors, len(checked.catalog.rows) - len(posts))


def from_package(zip_path: Path) -> Loaded:
    """A filing package (the zip), verified as ``package --check`` verifies it, then read."""
    from catalogtool.package import CATALOG_JSON, STANDARDS_JSON
    from catalogtool.package_verify import package_at, verify_package

    if not zip_path.is_file():
        raise InputError(f"{zip_path}: no such package", f"{zip_path}：找不到该报备材料压缩包")
    folder, _ = package_at(zip_path)
    members = _members(zip_path)
    top = folder.name
    problems = verify_package(folder, zip_path)
    if problems:
        listed = "; ".join(p.message_en for p in problems[:3])
        listed_zh = "；".join(p.message_zh for p in problems[:3])
        more = len(problems) - 3
        raise InputError(
            f"{zip_path} fails the package check, refused: {listed}"
            + (f" (+{more} more)" if more > 0 else ""),
            f"{zip_path} 未通过报备材料校验，不予比较：{listed_zh}"
            + (f"（另有 {more} 处）" if more > 0 else ""),
        )
    data = _json(zip_path, members, f"{top}/{CATALOG_JSON.name}")
    standards_doc = members.get(f"{top}/{STANDARDS_JSON.name}")
    standards = _json(zip_path, members, f"{top}/{STANDARDS_JSON.name}") if standards_doc else {}
    return Loaded(_catalog_from_json(data, standards, str(zip_path)), errors=0, skipped_rows=0)


def _members(zip_path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(zip_path) as archive:
            # Sizes were checked by verify_package before anything is used; here only names are listed.
            return {i.filename: b"" for i in archive.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"{zip_path} is not a readable zip: {exc}", f"{zip_path} 不是可读的压缩包：{exc}"
        ) from exc


def _json(zip_path: Path, members: Mapping[str, bytes], name: str) -> Any:
    if name not in members:
        raise InputError(f"{zip_path} has no {name}", f"{zip_path} 中缺少 {name}")
    with zipfile.ZipFile(zip_path) as archive:
        raw = archive.read(name)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(
            f"{zip_path}: {name} is not JSON: {exc}", f"{zip_path}：{name} 不是 JSON：{exc}"
        ) from exc


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


def _int(value: Any) -> int | None:
    number = _num(value)
    return int(number) if number is not None and number.is_integer() else None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list) else []


def _post(row: Mapping[str, Any]) -> Post | None:
    code = _str(row.get("subcategory_code"))
    if not code:
        return None
    multiple, amount = _num(row.get("salary_multiple")), _num(row.get("salary_annual_yuan"))
    education = _str(row.get("education")) or None
    return Post(
        seq=_int(row.get("seq")),
        subcategory_code=code,
        subcategory_name=_str(row.get("subcategory_name")),
        position=_str(row.get("position")),
        education=education,
        experience_years=_num(row.get("experience_years")),
        salary=Salary(multiple, amount) if multiple is not None or amount is not None else None,
        age_max=_int(row.get("age_max")),
        skills=_str(row.get("skills")),
        certificates=_str(row.get("certificates")),
    )


def _catalog_from_json(data: Any, standards: Any, source: str) -> ProvinceCatalog:
    doc = _map(data)
    meta, prov, validity = _map(doc.get("catalog")), _map(doc.get("province")), _map(doc.get("validity"))
    abbr = _str(prov.get("abbr"))
    try:
        province = find_province(abbr)
        name_zh, name_en = province.name_zh, province.name_en
    except ValueError:
        name_zh, name_en = _str(prov.get("name_zh")) or abbr, _str(prov.get("name_en")) or abbr
    posts = [p for r in _list(doc.get("rows")) if (p := _post(_map(r))) is not None]
    criteria = [
        Criterion(_str(s.get("id")), _str(s.get("block")), _str(s.get("text")))
        for s in map(_map, _list(_map(standards).get("standards")))
    ]
    return ProvinceCatalog(
        key=abbr or "?",
        name_zh=name_zh,
        name_en=name_en,
        title=_str(meta.get("title")),
        edition=_str(meta.get("edition")),
        authority=_str(meta.get("authority")),
        effective=_date(validity.get("effective_date")),
        expires=_date(validity.get("expiry_date")),
        local_average_wage=_num(meta.get("local_average_wage")),
        posts=tuple(posts),
        standards=tuple(criteria),
        source=source,
    )
