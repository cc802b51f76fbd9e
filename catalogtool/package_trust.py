"""What ``catalogtool package --check`` proves about a package, beyond its files agreeing with each other.

A package whose files were all rewritten consistently (a row changed, every hash recomputed) agrees
with itself, so :mod:`catalogtool.package_verify`'s checks of SHA256SUMS and datapackage.json cannot
catch it alone. The checks here hold the package to catalogtool's *own* definitions instead:

* :func:`zip_problems`: the zip is exactly what the deterministic writer produces from its members
  (no member twice, sorted members, deflate, fixed times and attributes, no comments or extra fields);
* :func:`strict_json`: JSON as RFC 8259 defines it (no NaN/Infinity, no key twice);
* :func:`own_schema_problems`: the schemas described in datapackage.json are catalogtool's own (the
  package's schema is data to compare, never a rule to obey);
* :func:`consistency_problems`: the catalog rules pass on the packaged catalog.xlsx, and catalog.csv is
  what catalog-data.json's rows give; every workbook and document is normalised as catalogtool writes it;
* :func:`rebuild_problems`: with the province's workspace at hand, the package is rebuilt and compared
  byte for byte;
* :func:`signature_problems`: with the department's public key, the detached Ed25519 signature over
  SHA256SUMS (``package --sign``) is verified — the only check a forger with catalogtool cannot pass.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.errors import InputError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    from catalogtool.package_verify import Problem
    from catalogtool.validate import ValidateOptions

#: The environment variable holding the passphrase of an encrypted signing key.
PASSPHRASE_ENV = "CATALOGTOOL_KEY_PASSPHRASE"
_MAX_LISTED = 20  # rule findings named one by one before "and N more"


def _problem(file: str, en: str, zh: str) -> Problem:
    from catalogtool.package_verify import Problem

    return Problem(file, en, zh)


# --- JSON ------------------------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} does not fit a number")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def strict_json(data: bytes) -> Any:
    """Parse ``data`` as JSON as RFC 8259 defines it: UTF-8, no NaN or Infinity (nor a number too large
    for a double), no key twice in one object. ValueError otherwise (UnicodeDecodeError included, and
    nesting too deep for the parser's recursion)."""
    try:
        return json.loads(
            data.decode("utf-8"),
            parse_constant=_no_constant,
            parse_float=_finite,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        raise ValueError("nested too deeply") from None


# --- the zip ---------------------------------------------------------------------------------------


def zip_problems(label: str, raw: bytes) -> list[Problem]:
    """Problems with the zip ``raw`` (named ``label``) as an archive: a member name twice (readers
    disagree on which copy they show), or bytes other than the deterministic writer's for the same
    members (order, compression, times, attributes, comments, extra fields)."""
    from catalogtool.deterministic import zip_bytes

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            twice = sorted(name for name, n in Counter(i.filename for i in infos).items() if n > 1)
            if twice:  # nothing else is worth checking: which copy is "the" file is undefined
                return [
                    _problem(
                        label,
                        f"{label}: {name} is in the zip more than once (unzip shows one copy, Python another)",
                        f"{label}：{name} 在压缩包中出现多次（不同软件读取的可能是不同的副本）",
                    )
                    for name in twice
                ]
            members = [(i.filename, archive.read(i)) for i in infos]
            comment = bool(archive.comment) or any(i.comment for i in infos)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error) as exc:
        return [_problem(label, f"{label} cannot be read: {exc}", f"{label} 无法读取：{exc}")]
    if not infos:
        return [_problem(label, f"{label} is empty", f"{label} 是空压缩包")]
    stamps = {i.date_time for i in infos}
    when = dt.datetime(*min(stamps))
    if zip_bytes(sorted(members), when) == raw:
        return []
    reasons: list[tuple[str, str]] = []
    if [n for n, _ in members] != sorted(n for n, _ in members):
        reasons.append(("members are not in name order", "成员未按名称排序"))
    if any(i.compress_type != zipfile.ZIP_DEFLATED for i in infos):
        reasons.append(("members are not all deflated", "成员并非全部以 deflate 压缩"))
    if comment:
        reasons.append(("it carries comments", "含有注释"))
    if any(i.extra for i in infos):
        reasons.append(("members carry extra fields", "成员含有额外字段"))
    if len(stamps) > 1:
        reasons.append(("members carry different times", "成员时间不一致"))
    if not reasons:
        reasons.append(("its bytes differ", "字节不一致"))
    en = "; ".join(r[0] for r in reasons)
    zh = "；".join(r[1] for r in reasons)
    return [
        _problem(
            label,
            f"{label} is not the zip catalogtool writes for these files: {en}",
            f"{label} 不是 catalogtool 为这些文件生成的压缩包：{zh}",
        )
    ]


# --- catalogtool's own schemas and rules -----------------------------------------------------------


def own_schema_problems(files: Mapping[str, bytes]) -> list[Problem]:
    """Each table description in datapackage.json must be catalogtool's own: a package cannot loosen
    the schema its CSV is checked against (that check always uses :func:`package.table_schema`)."""
    from catalogtool.package import CATALOG_CSV, DATAPACKAGE, FILES_BY_NAME, XLSX, sheet_table, table_schema

    try:
        resources = strict_json(files[DATAPACKAGE])["resources"]
        if not isinstance(resources, list):
            return []
    except (KeyError, TypeError, ValueError):
        return []  # a missing or unreadable descriptor is reported by package_verify
    out = []
    for resource in resources:
        path = resource.get("path") if isinstance(resource, dict) else None
        spec = FILES_BY_NAME.get(path) if isinstance(path, str) else None
        if spec is None:
            continue
        if spec is CATALOG_CSV:
            same = resource.get("type") == "table" and resource.get("schema") == table_schema()
        elif spec.mediatype == XLSX:
            expected = sheet_table(spec)
            same = all(resource.get(key) == value for key, value in expected.items())
        else:
            same = "schema" not in resource and "dialect" not in resource
        if not same:
            out.append(
                _problem(
                    DATAPACKAGE,
                    f"{DATAPACKAGE}: the table description of {path} is not catalogtool's",
                    f"{DATAPACKAGE}：{path} 的表格描述与 catalogtool 的不一致",
                )
            )
    return out


def package_time(files: Mapping[str, bytes]) -> dt.datetime:
    """The package's one timestamp, as :func:`package.package_timestamp` derives it: midnight of the
    effective date in catalog-data.json (1980-01-01 without one)."""
    from catalogtool.package import CATALOG_JSON

    try:
        effective = strict_json(files[CATALOG_JSON.name])["validity"]["effective_date"]
        day = dt.date.fromisoformat(effective) if effective else dt.date(1980, 1, 1)
    except (KeyError, TypeError, ValueError):
        day = dt.date(1980, 1, 1)
    return dt.datetime.combine(day, dt.time())


def consistency_problems(files: Mapping[str, bytes], codes_extra: Sequence[Path] = ()) -> list[Problem]:
    """The catalog's own rules pass on the packaged catalog.xlsx; catalog.csv is what the rows of
    catalog-data.json give; every workbook and document is normalised as catalogtool writes it."""
    from catalogtool.deterministic import normalise_ooxml
    from catalogtool.package import CATALOG_CSV, CATALOG_JSON, CATALOG_XLSX, TABLE_FIELDS, csv_cell

    out: list[Problem] = []
    when = package_time(files)
    for name, data in sorted(files.items()):
        if name.endswith((".xlsx", ".docx")):
            try:
                same = normalise_ooxml(data, when) == data
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                same = False
            if not same:
                out.append(
                    _problem(
                        name,
                        f"{name} is not as catalogtool writes it (parts, order or times differ)",
                        f"{name} 与 catalogtool 生成的格式不一致（部件、顺序或时间不同）",
                    )
                )
    if CATALOG_JSON.name in files and CATALOG_CSV.name in files:
        try:
            rows = strict_json(files[CATALOG_JSON.name])["rows"]
            buffer = io.StringIO()
            import csv

            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow([f.name for f in TABLE_FIELDS])
            for row in rows:
                writer.writerow([csv_cell(row[f.name], f.type) for f in TABLE_FIELDS])
            same = (
                buffer.getvalue().encode("utf-8-sig") == files[CATALOG_CSV.name]
            )  # as catalog_csv writes it
        except (KeyError, TypeError, ValueError):
            same = False  # the schema check names what is wrong with catalog-data.json
        if not same:
            out.append(
                _problem(
                    CATALOG_CSV.name,
                    f"{CATALOG_CSV.name} does not hold the rows of {CATALOG_JSON.name}",
                    f"{CATALOG_CSV.name} 与 {CATALOG_JSON.name} 中的数据行不一致",
                )
            )
    if CATALOG_XLSX.name in files:
        out += _rule_problems(
            CATALOG_XLSX.name, files[CATALOG_XLSX.name], codes_extra, files.get(CATALOG_CSV.name)
        )
    return out


def _rule_problems(
    name: str, data: bytes, codes_extra: Sequence[Path], csv_data: bytes | None
) -> list[Problem]:
    """The catalog rules on a packaged workbook: every error is a problem (a package is built only
    from a catalog without errors); and catalog.csv must hold the rows the workbook holds."""
    from catalogtool.codes import load_code_list
    from catalogtool.package import CATALOG_CSV, catalog_csv
    from catalogtool.validate import ValidateOptions, load_catalog

    with tempfile.TemporaryDirectory(prefix="catalogtool-check-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            loaded = load_catalog(path, ValidateOptions(), load_code_list(codes_extra))
        except InputError as exc:
            return [_problem(name, f"{name}: {exc.message('en')}", f"{name}：{exc.message('zh')}")]
        errors = [f for f in loaded.report.findings if f.severity == "error"]
        same_rows = csv_data is None or catalog_csv(loaded.rows) == csv_data
    out = []
    if not same_rows:
        out.append(
            _problem(
                CATALOG_CSV.name,
                f"{CATALOG_CSV.name} does not hold the rows of {name}",
                f"{CATALOG_CSV.name} 与 {name} 中的数据行不一致",
            )
        )
    out += [
        _problem(
            name,
            f"{name}: {f.location.describe()}: {f.rule} {f.message_en}",
            f"{name}：{f.location.describe()}：{f.rule} {f.message_zh}",
        )
        for f in errors[:_MAX_LISTED]
    ]
    if len(errors) > _MAX_LISTED:
        more = len(errors) - _MAX_LISTED
        out.append(_problem(name, f"{name}: {more} more rule errors", f"{name}：另有 {more} 个规则错误"))
    return out


# --- rebuilding from the workspace -----------------------------------------------------------------


def rebuild_problems(
    files: Mapping[str, bytes], root: Path, province: str, today: dt.date, options: ValidateOptions
) -> list[Problem]:
    """Rebuild the package from the workspace and compare every file byte for byte (the signature,
    which needs the private key, excepted)."""
    from catalogtool.package import SIGNATURE, check_workspace, package_contents, package_timestamp

    label = f"{province} workspace"
    try:
        checked = check_workspace(root, province, today, options)
    except InputError as exc:
        return [_problem(label, f"cannot rebuild: {exc.message('en')}", f"无法重新生成：{exc.message('zh')}")]
    if not checked.report.valid:
        return [
            _problem(
                label,
                "cannot rebuild: the workspace has errors now (catalogtool validate --province shows them)",
                "无法重新生成：工作区目前存在错误（可用 catalogtool validate --province 查看）",
            )
        ]
    rebuilt = package_contents(checked, package_timestamp(checked.ws))
    out = []
    for name in sorted((set(rebuilt) | set(files)) - {SIGNATURE}):
        if name not in files:
            en, zh = f"{name} is missing (the workspace builds it)", f"缺少 {name}（工作区会生成该文件）"
        elif name not in rebuilt:
            en, zh = f"{name} is not built from the workspace", f"{name} 不是由工作区生成的文件"
        elif files[name] != rebuilt[name]:
            en = f"{name} differs from a rebuild of the workspace (--today {today.isoformat()})"
            zh = f"{name} 与按工作区重新生成的结果不一致（--today {today.isoformat()}）"
        else:
            continue
        out.append(_problem(name, en, zh))
    return out


# --- signatures ------------------------------------------------------------------------------------


def _read_key(path: Path, what_en: str, what_zh: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            f"cannot read the {what_en} {path}: {reason}", f"无法读取{what_zh} {path}：{reason}"
        ) from None


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in ``path`` (PEM PKCS#8, e.g. ``openssl genpkey -algorithm ed25519``);
    an encrypted key takes its passphrase from ``$CATALOGTOOL_KEY_PASSPHRASE``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    data = _read_key(path, "signing key", "签名私钥")
    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        key = load_pem_private_key(data, passphrase.encode() if passphrase else None)
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"{path} is not a usable private key ({exc}); an encrypted key needs ${PASSPHRASE_ENV}",
            f"{path} 不是可用的私钥（{exc}）；加密的私钥需设置环境变量 {PASSPHRASE_ENV}",
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(
            f"{path} is not an Ed25519 key (make one with: openssl genpkey -algorithm ed25519)",
            f"{path} 不是 Ed25519 私钥（可用 openssl genpkey -algorithm ed25519 生成）",
        )
    return key


def load_verify_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in ``path`` (PEM SubjectPublicKeyInfo, ``openssl pkey -pubout``)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    data = _read_key(path, "public key", "公钥")
    try:
        key = load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"{path} is not a usable public key ({exc})", f"{path} 不是可用的公钥（{exc}）"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path} is not an Ed25519 public key", f"{path} 不是 Ed25519 公钥")
    return key


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, hex: what a department publishes so others can check its key."""
    import hashlib

    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()


def signature_problems(files: Mapping[str, bytes], key: Ed25519PublicKey) -> list[Problem]:
    """The detached signature over SHA256SUMS, verified with ``key``."""
    from cryptography.exceptions import InvalidSignature

    from catalogtool.package import SHA256SUMS, SIGNATURE

    if SIGNATURE not in files:
        return [
            _problem(
                SIGNATURE,
                f"{SIGNATURE} is missing: the package is not signed",
                f"缺少 {SIGNATURE}：报备材料未签名",
            )
        ]
    if SHA256SUMS not in files:
        return []  # reported by package_verify
    try:
        key.verify(files[SIGNATURE], files[SHA256SUMS])
    except InvalidSignature:
        return [
            _problem(
                SIGNATURE,
                f"{SIGNATURE}: the signature over {SHA256SUMS} does not verify with this key",
                f"{SIGNATURE}：用此公钥无法验证 {SHA256SUMS} 的签名",
            )
        ]
    return []
