"""`catalogtool convert`: a catalog from any of xlsx / csv / yaml / json to any other.

The input goes through :func:`catalogtool.validate.load_catalog`, so every format is read the same
way and codes come out normalised. An input with file-level errors (no header, missing required
columns) is refused; columns the catalog does not know are refused too unless the caller agrees to
drop them, so nothing disappears silently. Row findings do not stop a conversion: they are returned
for the caller to show as warnings.

Output forms:

* **yaml** (the repository form): a mapping with the catalog ``title`` / ``validity`` lines (when
  known) and ``rows``, one mapping per row with the canonical keys of :data:`model.FIELDS` in order;
  codes always quoted strings, ``occupation_codes`` a list, empty optional fields left out; text that a
  YAML 1.1 reader (PyYAML: yes/no/on/off) or a YAML 1.2 reader would not read back as text is quoted. An
  existing YAML output is updated in place with ruamel.yaml, keeping the comments of rows that survive.
* **json**: the same document as YAML.
* **csv**: one header row of the template's Chinese labels, UTF-8 with BOM (Excel opens it correctly)
  or GB18030. Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP); the rule
  and its undoing live in :mod:`catalogtool.safe_cells`, and the CSV reader strips it for every command.
* **xlsx**: the template workbook (:func:`catalogtool.workbook.write_catalog_xlsx`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalogtool.atomic import atomic_path, is_stream, same_path, write_text
from catalogtool.config import ValidateOptions
from catalogtool.diff import pair_in_stages
from catalogtool.errors import InputError, UsageError
from catalogtool.fields import CODE_FIELDS, FIELD_LABELS, FIELDS, NUMERIC_FIELDS, REQUIRED_FIELDS
from catalogtool.lang import join
from catalogtool.model import CatalogRow, Finding, LocationKind
from catalogtool.normalize import fold, split_list
from catalogtool.rules.file import UNKNOWN_COLUMN
from catalogtool.safe_cells import csv_field
from catalogtool.workbook import plain_int

if TYPE_CHECKING:
    from catalogtool.codes import CodeList
    from catalogtool.validate import LoadedCatalog

#: Output formats by file extension.
FORMATS: Mapping[str, str] = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
#: CSV output encodings: name accepted → Python codec. The default has a BOM so Excel reads UTF-8.
CSV_ENCODINGS: Mapping[str, str] = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gb18030": "gb18030"}
DEFAULT_CSV_ENCODING = "utf-8-sig"
# The rule family of reading findings (rules.registry.FAMILIES).
_FILE_FAMILY = "1"
_YAML_HEADER = (
    "外国人来华工作指导目录（catalogtool convert 生成）：每个岗位一项，键名同模板列；代码一律为字符串。\n"
    "Guidance Catalog rows (written by catalogtool convert): one mapping per position; codes are strings."
)


@dataclass(frozen=True)
class Heading:
    """The lines above the table: the catalog title and the validity line, when the source has them."""

    title: str | None = None
    validity: str | None = None


@dataclass(frozen=True)
class ConvertResult:
    """What a conversion did."""

    rows: int
    format: str
    findings: tuple[Finding, ...]  # row findings of the input, for the caller to show as warnings
    updated: bool  # an existing YAML file was updated in place
    readings: tuple[Reading, ...] = ()  # what each requirement wording was read as


@dataclass(frozen=True)
class Reading:
    """One requirement wording and what it was read as, with the rows that use it (in a YAML/JSON
    input, ``kind`` ``line``: the lines where it is written)."""

    field: str
    text: str
    en: str
    zh: str
    rows: tuple[int, ...]
    kind: LocationKind = "cell"


#: Requirement fields whose wording is read into a value (and shown by ``convert``).
READ_FIELDS = ("education", "experience_years", "salary", "age_max")


def readings(rows: Sequence[CatalogRow]) -> tuple[Reading, ...]:
    """Each distinct requirement wording of the rows and what it was read as, in field then row order."""
    from catalogtool.normalize import reading

    seen: dict[tuple[str, str], list[int]] = {}
    kind: LocationKind = "cell"
    for row in rows:
        for key in READ_FIELDS:
            text = row.raw.get(key, "")
            if text:
                at = row.location("", None, key)  # the row, or the line of the key in YAML/JSON
                kind = at.kind
                seen.setdefault((key, text), []).append(at.row or row.number)
    out = []
    for (key, text), numbers in seen.items():
        read = reading(key, text)
        if read is not None:
            out.append(Reading(key, text, read[0], read[1], tuple(numbers), kind))
    order = {k: i for i, k in enumerate(READ_FIELDS)}
    return tuple(sorted(out, key=lambda r: (order[r.field], r.rows[0])))


def output_format(path: Path) -> str:
    """The format an output path asks for, from its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise UsageError(
            f"cannot tell the output format of {path.name}: use one of {known}",
            f"无法从文件名 {path.name} 判断输出格式：扩展名应为 {known} 之一",
        )
    return fmt


def csv_codec(encoding: str | None) -> str:
    """The Python codec for a --encoding value (default UTF-8 with BOM)."""
    name = (encoding or DEFAULT_CSV_ENCODING).strip().lower().replace("_", "-").replace("utf8", "utf-8")
    if name not in CSV_ENCODINGS:
        raise UsageError(
            f"--encoding must be one of {', '.join(CSV_ENCODINGS)}, got {encoding!r}",
            f"--encoding 只能是 {', '.join(CSV_ENCODINGS)} 之一，实际为 {encoding!r}",
        )
    return CSV_ENCODINGS[name]


# --- canonical records --------------------------------------------------------------------------


def record(row: CatalogRow) -> dict[str, object]:
    """A row as a canonical record: keys in FIELDS order, the text as written (codes normalised),
    occupation codes a list, plain integers in numeric fields as numbers, empty optional fields left out."""
    out: dict[str, object] = {}
    for key in FIELDS:
        text = row.raw.get(key, "")
        if key == "subcategory_code" and row.subcategory_code:
            text = row.subcategory_code
        value: object = text
        if key == "occupation_codes":
            value = list(row.occupation_codes) if row.occupation_codes else split_list(text)
        elif key in NUMERIC_FIELDS and (number := plain_int(text)) is not None:
            value = number
        if value in ("", []) and key not in REQUIRED_FIELDS:
            continue
        out[key] = value
    return out


def catalog_records(rows: Sequence[CatalogRow]) -> list[dict[str, object]]:
    """Canonical records of all rows (also the catalog JSON of the filing package)."""
    return [record(row) for row in rows]


def _cell_text(value: object) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def csv_text(records: Sequence[Mapping[str, object]]) -> str:
    """CSV with one header row of the template's Chinese labels."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([FIELD_LABELS[key][0] for key in FIELDS])
    for rec in records:
        writer.writerow([csv_field(_cell_text(rec.get(key))) for key in FIELDS])
    return out.getvalue()


def document(records: Sequence[Mapping[str, object]], heading: Heading) -> dict[str, object]:
    """The YAML/JSON document: title and validity (when known), then the rows."""
    doc: dict[str, object] = {}
    if heading.title:
        doc["title"] = heading.title
    if heading.validity:
        doc["validity"] = heading.validity
    doc["rows"] = [dict(r) for r in records]
    return doc


def json_text(records: Sequence[Mapping[str, object]], heading: Heading) -> str:
    """The catalog as JSON (same document as YAML)."""
    return json.dumps(document(records, heading), ensure_ascii=False, indent=2) + "\n"


# --- YAML (ruamel round trip, so an existing file keeps its comments) ------------------------------


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold long Chinese text
    return yaml


# The YAML 1.1 boolean and null words; readers differ on case ("yEs"), so any case is quoted.
_YAML11_WORDS = frozenset(["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"])


@functools.cache
def _resolvers() -> tuple[Any, ...]:
    """ruamel's implicit-tag resolvers for YAML 1.1 and 1.2 (built once: a third of the cost)."""
    from ruamel.yaml.resolver import VersionedResolver

    return tuple(VersionedResolver(version=version) for version in ((1, 1), (1, 2)))


def _is_plain_text(text: str) -> bool:
    """True when ``text`` written bare reads back as that same string under both YAML 1.1 (PyYAML and
    many CI tools: yes/no/on/off are booleans, 1:20 and 017 numbers) and YAML 1.2 (ruamel)."""
    from ruamel.yaml.nodes import ScalarNode

    if text.casefold() in _YAML11_WORDS:
        return False
    return all(
        resolver.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
        for resolver in _resolvers()
    )


def _yaml_text_value(text: str) -> object:
    """Text single-quoted (as ruamel quotes by itself) when a YAML 1.1 or 1.2 reader would read it bare
    as something else; ruamel alone quotes for YAML 1.2 only and writes ``position: no``."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if not _BLOCK_SAFE.fullmatch(text):  # NEL, U+2028/2029 and controls: only escapes keep them
        return DoubleQuotedScalarString(text)
    return text if _is_plain_text(text) else SingleQuotedScalarString(text)


# What a YAML literal block can carry as written: LF, tab and YAML's printable characters, without
# NEL, the line/paragraph separators and the BOM (which readers treat as breaks or strip).
_BLOCK_SAFE = re.compile(
    "[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)


def _yaml_value(key: str, value: object) -> object:
    """Typed for YAML: codes double-quoted (never numbers or dates), lists in flow style, multi-line
    text as a literal block, other text quoted when bare it would not read back as text."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, list):
        seq = CommentedSeq(DoubleQuotedScalarString(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if key in CODE_FIELDS:
            return DoubleQuotedScalarString(value)
        if "\n" in value:
            # A literal block holds only printable text; anything else (CR, NEL, DEL, U+2028/2029, C0
            # and C1 controls) is written double-quoted with escapes, so it reads back exactly.
            return (
                LiteralScalarString(value)
                if _BLOCK_SAFE.fullmatch(value)
                else DoubleQuotedScalarString(value)
            )
        return _yaml_text_value(value)
    return value


def _yaml_row(rec: Mapping[str, object], old: Any = None) -> Any:
    """A row mapping; when ``old`` (the row in the existing file) is given, its comments carry over."""
    from ruamel.yaml.comments import CommentedMap

    row = CommentedMap()
    for key, value in rec.items():
        row[key] = _yaml_value(key, value)
        if old is not None and key in old.ca.items:
            row.ca.items[key] = old.ca.items[key]
    return row


def _row_key(item: Mapping[str, Any]) -> tuple[str, str]:
    return (fold(str(item.get("subcategory_code", ""))), fold(str(item.get("position", ""))))


def _row_position(item: Mapping[str, Any]) -> str | None:
    return fold(str(item.get("position", ""))) or None


def _leading_comments(rows: Any) -> list[str | None]:
    """The comment lines written above each row of a loaded YAML list (ruamel files them under the
    previous row's last key); detaches them so they can follow their row when rows move."""
    found: list[str | None] = [None] * (len(rows) + 1)
    for index, item in enumerate(rows):
        if not hasattr(item, "ca") or not item:
            continue
        entry = item.ca.items.get(list(item.keys())[-1])
        token = entry[2] if entry and len(entry) > 2 else None
        if token is None:
            continue
        first, _, rest = token.value.partition("\n")
        lines = [line.strip()[1:].strip() for line in rest.splitlines() if line.strip().startswith("#")]
        found[index + 1] = "\n".join(lines) or None
        if first.strip().startswith("#"):
            token.value = first + "\n"  # keep the end-of-line comment on the last key
        else:
            entry[2] = None
    return found


def yaml_text(records: Sequence[Mapping[str, object]], heading: Heading, existing: str | None = None) -> str:
    """The catalog as YAML. With ``existing`` (the current file's text), update it: rows that survive
    (same subcategory and position, or same position) keep their comments; others come and go."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml()
    doc: Any = None
    old_rows: Any = []
    if existing is not None:
        from ruamel.yaml.error import YAMLError

        try:
            doc = yaml.load(existing)
        except YAMLError as exc:
            raise InputError(
                f"the existing YAML output cannot be updated ({type(exc).__name__}); use --force to replace it",
                f"无法更新已有的 YAML 输出文件（{type(exc).__name__}）；如需替换请加 --force",
            ) from None
        if isinstance(doc, CommentedSeq):
            old_rows, doc = doc, None  # a bare list: rewritten as a mapping with rows
        elif isinstance(doc, CommentedMap) and isinstance(doc.get("rows"), CommentedSeq):
            old_rows = doc["rows"]
        else:
            raise InputError(
                "the existing YAML output is not a catalog (a mapping with rows:); use --force to replace it",
                "已有的 YAML 输出文件不是目录格式（应为含 rows: 的映射）；如需替换请加 --force",
            )
    leading = _leading_comments(old_rows)
    trailing = leading[-1]
    old_items = [item if isinstance(item, CommentedMap) else CommentedMap() for item in old_rows]
    stages, _, _ = pair_in_stages(old_items, list(records), (_row_key, _row_position))
    match = {new: old for pairs in stages for old, new in pairs}

    rows = CommentedSeq()
    for index, rec in enumerate(records):
        old_index = match.get(index)
        rows.append(_yaml_row(rec, old_items[old_index] if old_index is not None else None))
        comment = leading[old_index] if old_index is not None else None
        if comment:
            rows.yaml_set_comment_before_after_key(index, before=comment, indent=2)

    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(_YAML_HEADER)
    for key, value in (("title", heading.title), ("validity", heading.validity)):
        if value:
            doc[key] = _yaml_text_value(value)
    if "rows" in doc:
        doc["rows"] = rows
    else:
        doc.insert(len(doc), "rows", rows)
    out = io.StringIO()
    yaml.dump(doc, out)
    if trailing:  # the comment that closed the old file closes the new one
        out.write("".join(f"# {line}\n" for line in trailing.splitlines()))
    return out.getvalue()


# --- the conversion -------------------------------------------------------------------------------


def reading_errors(loaded: LoadedCatalog) -> list[Finding]:
    """Errors reading the table itself (family CT1xx: missing or duplicate columns, truncated cells,
    formulas without values): converting would lose or invent content, so such input is refused."""
    return [f for f in loaded.report.findings if f.rule[2] == _FILE_FAMILY and f.severity == "error"]


def require_readable(path: Path, loaded: LoadedCatalog) -> None:
    """Raise InputError naming the first reading error, if there is one."""
    errors = reading_errors(loaded)
    if errors:
        first, where = errors[0], errors[0].location.describe()
        raise InputError(
            f"{path.name}: {where}: {first.message_en}; fix the table first",
            f"{path.name}：{where}：{first.message_zh}；请先修正表格",
        )


def unknown_columns(loaded: LoadedCatalog) -> list[Finding]:
    """The reader's notes of columns the catalog does not know (their content would be lost)."""
    return [f for f in loaded.report.findings if f.slug == UNKNOWN_COLUMN.slug]


def source_heading(loaded: LoadedCatalog) -> Heading:
    """The title and validity lines of the source, as its reader found them (see Sheet.heading)."""
    lines = loaded.heading
    return Heading(lines[0] or None if lines else None, " ".join(lines[1:]) or None)


def _existing_text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot update {path}: {exc}; use --force to replace it",
            f"无法更新 {path}：{exc}；如需替换请加 --force",
        ) from None


def convert(
    source: Path,
    target: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    force: bool = False,
    drop_unknown_columns: bool = False,
    codes: CodeList | None = None,
    options: ValidateOptions | None = None,
) -> ConvertResult:
    """Convert ``source`` to ``target`` (formats from the extensions); written atomically.

    ``options`` (from :func:`catalogtool.config.options_from`) say how the input is read and checked,
    as ``validate`` would: amendment files, severities, competency schema; ``sheet`` picks the sheet.

    Raises UsageError for OUT == IN, an unknown output extension, --encoding with a non-CSV output, or
    an existing non-YAML output without ``force``; InputError for an unusable input, file-level errors,
    or unknown columns (unless ``drop_unknown_columns``).
    """
    from catalogtool.codes import load_code_list
    from catalogtool.validate import load_catalog

    options = replace(options or ValidateOptions(), sheet=sheet)
    fmt = output_format(target)
    if encoding is not None and fmt != "csv":
        raise UsageError("--encoding applies to CSV output only", "--encoding 仅用于 CSV 输出")
    codec = csv_codec(encoding)
    if same_path(source, target):
        raise UsageError(
            "the output is the input file: choose another output name",
            "输出文件与输入文件相同：请另选输出文件名",
        )
    update = fmt == "yaml" and target.is_file() and not force
    if target.exists() and not is_stream(target) and not force and not update:
        raise UsageError(
            f"{target} exists (use --force to replace it)", f"{target} 已存在（如需替换请加 --force）"
        )

    codes = codes or load_code_list(options.codes_extra)
    loaded = load_catalog(source, options, codes)
    require_readable(source, loaded)
    unknown = unknown_columns(loaded)
    if unknown and not drop_unknown_columns:
        names = [f"{f.location.column or ''} {f.value or ''}".strip() for f in unknown]
        raise InputError(
            f"{source.name}: column(s) {join(names, 'en')} are not catalog fields and would be lost; "
            "remove them or pass --drop-unknown-columns",
            f"{source.name}：列 {join(names, 'zh')} 不是目录字段，转换后会丢失；请删除这些列，或加 --drop-unknown-columns",
        )

    records = catalog_records(loaded.rows)
    heading = source_heading(loaded)
    if fmt == "xlsx":
        from catalogtool.workbook import write_catalog_xlsx

        write_catalog_xlsx(
            target,
            records,
            title=heading.title,  # none in the source: the title row stays empty, nothing invented
            validity_line=heading.validity,
            codes=codes,
        )
    elif fmt == "csv":
        with atomic_path(target) as tmp:
            tmp.write_text(csv_text(records), encoding=codec, newline="")
    elif fmt == "json":
        write_text(target, json_text(records, heading))
    else:
        write_text(target, yaml_text(records, heading, _existing_text(target) if update else None))
    row_findings = tuple(f for f in loaded.report.findings if f.location.row is not None)
    return ConvertResult(
        rows=len(records), format=fmt, findings=row_findings, updated=update, readings=readings(loaded.rows)
    )
