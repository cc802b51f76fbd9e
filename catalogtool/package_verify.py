"""Verify a filing package (``catalogtool package --check``): every file against SHA256SUMS and
datapackage.json, the catalog CSV against its Table Schema, the JSON files against their schemas,
and the zip against the folder, or the zip on its own when there is no folder. Each problem is
named, in both languages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.errors import InputError
from catalogtool.package import (
    CATALOG_CSV,
    CATALOG_JSON,
    DATAPACKAGE,
    DATAPACKAGE_PROFILE,
    FILES_BY_NAME,
    JSON_SCHEMAS,
    SHA256SUMS,
    SIGNATURE,
    catalog_json_schema,
    default_out,
    package_name,
    table_schema,
)
from catalogtool.package_trust import strict_json
from catalogtool.untrusted import load_json
from catalogtool.workspace import PROVINCE_FILE, province_dir, read_province_meta

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an existing package."""

    file: str
    message_en: str
    message_zh: str

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en


def locate_package(root: Path, province: str, out: Path | None = None) -> tuple[Path, Path]:
    """The folder and zip an existing package of a workspace province should be at."""
    prov, folder = province_dir(root, province)
    meta = read_province_meta(folder / PROVINCE_FILE)
    name = package_name(prov, meta.edition)
    base = out if out is not None else default_out(root)
    return base / name, base / f"{name}.zip"


def package_at(path: Path) -> tuple[Path, Path]:
    """The folder and zip of a package given by its own path, as a receiver holds it: a folder (its zip
    beside it, named after it) or a zip, whatever it was renamed to (the folder its members sit in,
    beside it; the zip is checked alone when that folder is not there)."""
    if path.is_dir():
        return path, path.parent / f"{path.name}.zip"
    if not path.is_file():
        raise InputError(f"{path}: no such package", f"{path}：找不到该报备材料")
    try:
        with zipfile.ZipFile(path) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path} is not a readable zip: {exc}", f"{path} 不是可读的压缩包：{exc}") from exc
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1 or not all("/" in name for name in names):
        raise InputError(
            f"{path} is not a filing package: its files are not in one folder",
            f"{path} 不是报备材料压缩包：其中的文件不在同一个文件夹内",
        )
    return path.parent / tops.pop(), path


def verify_package(
    folder: Path,
    zip_path: Path,
    *,
    key: Ed25519PublicKey | None = None,
    rebuild: Callable[[Mapping[str, bytes]], list[Problem]] | None = None,
    codes_extra: Sequence[Path] = (),
) -> list[Problem]:
    """Check a package against itself: SHA256SUMS, datapackage.json (paths, sizes, hashes, the CSV's
    Table Schema) and the JSON files against their schemas.

    With both the folder and the zip there, the folder is checked and the zip must hold exactly the
    folder's files. With only the zip (what is actually sent), the same checks run on its members,
    each problem prefixed with the zip's name. Raises InputError when neither is there.
    """
    trust = _Trust(key, rebuild, codes_extra)
    oversized = _oversized(folder, zip_path)
    if oversized is not None:
        return [oversized]
    if folder.is_dir():
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
        problems = [
            *_not_files(folder),
            *_check_files(files, trust),
            *_check_zip(folder.name, files, zip_path),
        ]
        if zip_path.is_file():
            problems += _zip_trust(zip_path)
        return problems
    if not zip_path.is_file():
        raise InputError(
            f"no package at {folder} or {zip_path} (build it with `catalogtool package`)",
            f"{folder} 与 {zip_path} 处均没有报备材料（请先运行 `catalogtool package`）",
        )
    label = zip_path.name
    structure = _zip_trust(zip_path)
    if any("more than once" in p.message_en for p in structure):
        return structure  # which copy of a member is "the" file is undefined: nothing else can be trusted
    read = _read_zip(zip_path)
    if isinstance(read, Problem):
        return [read]
    files, outside = _folder_members(folder.name, read)
    problems = [
        Problem(label, f"{name} is outside the folder {folder.name}/", f"{name} 不在文件夹 {folder.name}/ 中")
        for name in outside
    ]
    problems += _check_files(files, trust)
    return [*structure, *(_inside(label, problem) for problem in problems)]


@dataclass(frozen=True)
class _Trust:
    """What the caller brings beyond the package: a public key, a rebuild from the workspace."""

    key: Ed25519PublicKey | None
    rebuild: Callable[[Mapping[str, bytes]], list[Problem]] | None
    codes_extra: Sequence[Path]


def _check_files(files: Mapping[str, bytes], trust: _Trust | None = None) -> list[Problem]:
    """Every check of the package's files, by name: SHA256SUMS, datapackage.json, JSON schemas, and
    what :mod:`catalogtool.package_trust` proves (own schemas and rules, signature, rebuild)."""
    problems = [*_check_sums(files), *_check_datapackage(files), *_check_json_schemas(files)]
    if trust is not None:
        from catalogtool import package_trust

        problems += package_trust.own_schema_problems(files)
        problems += package_trust.consistency_problems(files, trust.codes_extra)
        if trust.key is not None:
            problems += package_trust.signature_problems(files, trust.key)
        if trust.rebuild is not None:
            problems += trust.rebuild(files)
    return problems


def _zip_trust(zip_path: Path) -> list[Problem]:
    """The zip's structure (package_trust.zip_problems): no member twice, the deterministic writer's bytes."""
    from catalogtool.package_trust import zip_problems

    members = _read_zip(zip_path)  # bounded: a zip bomb is a problem here, never inflated
    if isinstance(members, Problem):
        return [members]
    try:
        raw = zip_path.read_bytes()
    except OSError as exc:
        return [
            Problem(
                zip_path.name, f"{zip_path.name} cannot be read: {exc}", f"{zip_path.name} 无法读取：{exc}"
            )
        ]
    return zip_problems(zip_path.name, raw)


def _not_files(folder: Path) -> list[Problem]:
    """Anything in the package folder that is not a plain file (a folder, a link) is not ours."""
    return [
        Problem(
            p.name,
            f"{p.name} in {folder.name}/ is not a plain file",
            f"{folder.name}/ 中的 {p.name} 不是普通文件",
        )
        for p in sorted(folder.iterdir())
        if p.is_symlink() or not p.is_file()
    ]


def _inside(label: str, problem: Problem) -> Problem:
    """A problem found in a member of the zip ``label``, said so."""
    return Problem(label, f"{label}: {problem.message_en}", f"{label}：{problem.message_zh}")


def _read_zip(zip_path: Path) -> dict[str, bytes] | Problem:
    """The zip's file members by name, or the problem reading it."""
    label = zip_path.name
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            too_big = _too_big(len(members), sum(i.file_size for i in members))
            if too_big is not None:
                return Problem(
                    label, f"{label} cannot be checked: {too_big[0]}", f"{label} 无法校验：{too_big[1]}"
                )
            # ZipExtFile stops at each member's declared size, so the check above bounds what is read.
            return {i.filename: archive.read(i) for i in members}
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error) as exc:
        return Problem(
            label, f"{label} cannot be read: {exc}", f"{label} 无法读取：{exc}"
        )  # RuntimeError: encrypted


# --- availability: what --check reads is bounded before it is read (issue #12) ----------------------

#: What a package may hold before --check refuses to read it (a real one: 13 files, well under 10 MB).
MAX_MEMBERS = 1000
MAX_PACKAGE_BYTES = 256 * 2**20


def _too_big(count: int, size: int) -> tuple[str, str] | None:
    """Why a package of ``count`` files and ``size`` bytes is not read (en, zh), or None."""
    if count > MAX_MEMBERS:
        return (
            f"it holds {count:,} files (more than {MAX_MEMBERS:,})",
            f"其中有 {count:,} 个文件（超过 {MAX_MEMBERS:,} 个）",
        )
    if size > MAX_PACKAGE_BYTES:
        mib = MAX_PACKAGE_BYTES // 2**20
        return f"its files take more than {mib} MiB", f"其中文件总大小超过 {mib} MiB"
    return None


def _oversized(folder: Path, zip_path: Path) -> Problem | None:
    """The package (folder, or zip file) too large to read into memory, said as a problem."""
    if folder.is_dir():
        paths = [p for p in folder.iterdir() if p.is_file()]
        too_big = _too_big(len(paths), sum(p.stat().st_size for p in paths))
        label = f"{folder.name}/"
    elif zip_path.is_file():
        too_big = _too_big(1, zip_path.stat().st_size)
        label = zip_path.name
    else:
        return None
    if too_big is None:
        return None
    return Problem(label, f"{label} cannot be checked: {too_big[0]}", f"{label} 无法校验：{too_big[1]}")


def _json(data: bytes) -> Any:
    """A JSON document from the package: RFC 8259 (package_trust.strict_json), nesting bounded."""
    return load_json(data, parse=strict_json)


def _folder_members(name: str, members: Mapping[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The members directly inside ``name/``, by file name, and the member names that are not."""
    files: dict[str, bytes] = {}
    outside: list[str] = []
    for member, data in sorted(members.items()):
        inner = member[len(name) + 1 :] if member.startswith(f"{name}/") else ""
        if inner and "/" not in inner and "\\" not in inner and inner not in (".", ".."):
            files[inner] = data
        else:
            outside.append(member)
    return files, outside


def _check_sums(files: Mapping[str, bytes]) -> Iterator[Problem]:
    if SHA256SUMS not in files:
        yield Problem(SHA256SUMS, f"{SHA256SUMS} is missing", f"缺少 {SHA256SUMS}")
        return
    listed: dict[str, str] = {}
    for number, line in enumerate(files[SHA256SUMS].decode("utf-8", "replace").splitlines(), start=1):
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
        if match is None:
            yield Problem(
                SHA256SUMS, f"{SHA256SUMS} line {number} is malformed", f"{SHA256SUMS} 第 {number} 行格式错误"
            )
            continue
        listed[match.group(2)] = match.group(1)
    for name, digest in sorted(listed.items()):
        if name not in files:
            yield Problem(
                name, f"{name} is listed in {SHA256SUMS} but missing", f"{SHA256SUMS} 列出的 {name} 不存在"
            )
        elif hashlib.sha256(files[name]).hexdigest() != digest:
            yield Problem(
                name, f"{name}: SHA-256 differs from {SHA256SUMS}", f"{name}：SHA-256 与 {SHA256SUMS} 不符"
            )
    for name in sorted(set(files) - set(listed) - {SHA256SUMS, SIGNATURE}):
        yield Problem(name, f"{name} is not listed in {SHA256SUMS}", f"{name} 未列入 {SHA256SUMS}")


def _check_datapackage(files: Mapping[str, bytes]) -> Iterator[Problem]:
    if DATAPACKAGE not in files:
        yield Problem(DATAPACKAGE, f"{DATAPACKAGE} is missing", f"缺少 {DATAPACKAGE}")
        return
    try:
        descriptor = _json(files[DATAPACKAGE])
        resources = descriptor["resources"]
        if descriptor.get("$schema") != DATAPACKAGE_PROFILE or not isinstance(resources, list):
            raise ValueError("not a Data Package v2 descriptor")
    except (ValueError, KeyError, TypeError) as exc:
        yield Problem(DATAPACKAGE, f"{DATAPACKAGE} is not valid: {exc}", f"{DATAPACKAGE} 无效：{exc}")
        return
    described = set()
    for resource in resources:
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str) or "/" in path or "\\" in path or path.startswith("."):
            yield Problem(
                DATAPACKAGE,
                f"{DATAPACKAGE}: bad resource path {path!r}",
                f"{DATAPACKAGE}：资源路径无效 {path!r}",
            )
            continue
        described.add(path)
        if path not in files:
            yield Problem(
                path,
                f"{path} is described in {DATAPACKAGE} but missing",
                f"{DATAPACKAGE} 描述的 {path} 不存在",
            )
            continue
        data = files[path]
        if resource.get("bytes") != len(data):
            yield Problem(
                path, f"{path}: size differs from {DATAPACKAGE}", f"{path}：文件大小与 {DATAPACKAGE} 不符"
            )
        if resource.get("hash") != f"sha256:{hashlib.sha256(data).hexdigest()}":
            yield Problem(
                path, f"{path}: SHA-256 differs from {DATAPACKAGE}", f"{path}：SHA-256 与 {DATAPACKAGE} 不符"
            )
        expected = FILES_BY_NAME.get(path)
        if expected is not None and resource.get("mediatype") != expected.mediatype:
            yield Problem(
                path, f"{path}: wrong media type in {DATAPACKAGE}", f"{path}：{DATAPACKAGE} 中的媒体类型错误"
            )
        # The CSV is checked cell by cell; the workbooks' schemas only describe their columns.
        # Against catalogtool's own Table Schema: the package's copy is compared (package_trust), never obeyed.
        if expected is CATALOG_CSV:
            yield from _check_table(path, data, table_schema())
    for name in sorted(set(files) - described - {DATAPACKAGE, SHA256SUMS, SIGNATURE}):
        yield Problem(name, f"{name} is not described in {DATAPACKAGE}", f"{name} 未在 {DATAPACKAGE} 中描述")


def _check_table(path: str, data: bytes, schema: Mapping[str, Any]) -> Iterator[Problem]:
    """The CSV against its Table Schema: header, required cells, types, patterns, enums."""
    fields = schema.get("fields", [])
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        yield Problem(
            path, f"{path} cannot be read as UTF-8 CSV: {exc}", f"{path} 无法按 UTF-8 CSV 读取：{exc}"
        )
        return
    names = [f.get("name") for f in fields]
    if not rows or rows[0] != names:
        yield Problem(
            path, f"{path}: header differs from its Table Schema", f"{path}：表头与 Table Schema 不符"
        )
        return
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            yield Problem(
                path,
                f"{path} line {line}: {len(row)} cells, expected {len(fields)}",
                f"{path} 第 {line} 行单元格数不符",
            )
            continue
        for field, cell in zip(fields, row, strict=True):
            problem = _cell_problem(field, cell)
            if problem:
                name = field.get("name")
                yield Problem(
                    path, f"{path} line {line}, {name}: {problem}", f"{path} 第 {line} 行 {name}：{problem}"
                )


def _cell_problem(field: Mapping[str, Any], cell: str) -> str | None:
    constraints = field.get("constraints", {})
    if cell == "":
        return "required value is empty" if constraints.get("required") else None
    kind = field.get("type")
    try:
        if kind == "integer":
            int(cell)
        elif kind == "number":
            float(cell)
    except ValueError:
        return f"{cell!r} is not of type {kind}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        return f"{cell!r} does not match {constraints['pattern']}"
    if "enum" in constraints and cell not in constraints["enum"]:
        return f"{cell!r} is not one of {constraints['enum']}"
    return None


def _check_json_schemas(files: Mapping[str, bytes]) -> Iterator[Problem]:
    import jsonschema

    from catalogtool.data import schema_path

    checks = dict(JSON_SCHEMAS)
    for name, schema_name in checks.items():
        if name not in files:
            continue
        schema = json.loads(schema_path(schema_name).read_text("utf-8"))
        try:
            data = _json(files[name])
        except ValueError as exc:
            yield Problem(name, f"{name} is not valid JSON: {exc}", f"{name} 不是有效的 JSON：{exc}")
            continue
        yield from _schema_problems(name, data, schema, jsonschema)
    if CATALOG_JSON.name in files:
        try:
            data = _json(files[CATALOG_JSON.name])
        except ValueError as exc:
            yield Problem(CATALOG_JSON.name, f"invalid JSON: {exc}", f"不是有效的 JSON：{exc}")
            return
        province_schema = json.loads(schema_path("province.schema.json").read_text("utf-8"))
        yield from _schema_problems(CATALOG_JSON.name, data, catalog_json_schema(province_schema), jsonschema)


def _schema_problems(name: str, data: Any, schema: Mapping[str, Any], jsonschema: Any) -> Iterator[Problem]:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    from catalogtool.schema_errors import describe, sentence

    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        for problem in describe(error):
            en, zh = sentence(problem)
            yield Problem(name, f"{name}: {en}", f"{name}：{zh}")


def _check_zip(name: str, files: Mapping[str, bytes], zip_path: Path) -> Iterator[Problem]:
    label = zip_path.name
    if not zip_path.is_file():
        yield Problem(label, f"{label} is missing", f"缺少 {label}")
        return
    members = _read_zip(zip_path)
    if isinstance(members, Problem):
        yield members
        return
    expected = {f"{name}/{n}": d for n, d in files.items()}
    for member in sorted(set(expected) | set(members)):
        if member not in members:
            yield Problem(label, f"{label} lacks {member}", f"{label} 中缺少 {member}")
        elif member not in expected:
            yield Problem(label, f"{label} has an extra member {member}", f"{label} 中多出 {member}")
        elif members[member] != expected[member]:
            yield Problem(
                label, f"{label}: {member} differs from the folder", f"{label}：{member} 与文件夹中的不一致"
            )
