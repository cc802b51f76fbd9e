"""Read the canonical row form from YAML or JSON: a list of mappings, or a mapping with ``rows:``.

Keys are the canonical field names of ``model.FIELDS`` (any header spelling read/headers.py knows is
accepted too). Values stay text as written, so ``2-02-10`` or ``0202`` never turn into dates or
numbers; a list of scalars (occupation codes) is joined with "; ".

Locations are lines (``Location.kind`` ``line``): an entry is numbered by the line where its mapping
starts, and each of its fields is found at the line of its key; there are no columns. JSON is read
with its lines too (:func:`_json_items`), at the speed of the standard library's C scanner.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from catalogtool.fields import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from catalogtool.model import Cell, CellValue, Finding, Location, RawRow, Sheet, row_words
from catalogtool.read.headers import match_header
from catalogtool.read.limits import Limits
from catalogtool.read.sniff import fail
from catalogtool.read.table import is_blank, missing_columns_finding, no_data_finding
from catalogtool.rules.file import CELL_TOO_LONG, DUPLICATE_COLUMN, UNKNOWN_COLUMN
from catalogtool.untrusted import lone_surrogate, surrogate_message

_SHAPE = (
    "expected a list of rows (mappings with keys such as subcategory_code, position, education) "
    "or a mapping with a 'rows:' list",
    "应为由行组成的列表（每行是含 subcategory_code、position、education 等键的映射），或含“rows:”列表的映射",
)


@dataclass(frozen=True)
class _Item:
    """One row before checking: its first line, and its (key text, value, line of the key) entries."""

    number: int
    entries: tuple[tuple[str, CellValue, int], ...]


def field_of(key: str) -> str | None:
    """The field a row's key names: a canonical key, or any header spelling the reader accepts."""
    return key if key in FIELDS else match_header(key)


def _wrong_shape(path: Path, where: str = "") -> Exception:
    return fail(path, f"{where}{_SHAPE[0]}", f"{where}{_SHAPE[1]}")


# ---- YAML -----------------------------------------------------------------------------------------


def _heading(title: str, validity: str) -> tuple[str, ...]:
    """Sheet.heading of a document's ``title`` and ``validity`` ("" for a missing one), trimmed as a
    workbook's heading rows and every cell are, so each format reads the same heading."""
    title, validity = title.strip(), validity.strip()
    return (title, validity) if title or validity else ()


_BRACKETS = re.compile(r"[\[\]{}]")
_LEADING = re.compile(r"^[ \t\-?:]*", re.MULTILINE)


def nesting_depth(text: str) -> int:
    """An upper bound on how deeply ``text`` nests, found in one linear pass without parsing.

    Flow brackets are counted wherever they stand (in a quoted string too, so it never undercounts);
    block nesting needs at least one column of indentation or a ``- `` per level, so the widest
    line start bounds it. The two are added, as flow collections may sit inside block ones.
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    widest = max((m.end() - m.start() for m in _LEADING.finditer(text)), default=0)
    return deepest + widest // 2


def _refuse_deep(path: Path, text: str, limits: Limits, kind: str) -> None:
    """Refuse a document nested deeper than ``limits.max_nesting`` before a recursive parser sees it."""
    if nesting_depth(text) > limits.max_nesting:
        name = kind.upper()
        raise fail(
            path,
            f"the {name} is nested too deeply (more than {limits.max_nesting} levels)",
            f"{name} 嵌套层级过深（超过 {limits.max_nesting} 层）",
        )


def _yaml_items(path: Path, text: str) -> tuple[list[_Item], tuple[str, ...]]:
    """The rows of a YAML document and its heading."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        root = YAML(typ="safe", pure=True).compose(text)
    except RecursionError:
        raise fail(path, "the YAML is nested too deeply", "YAML 嵌套层级过深") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        line_zh = f"（第 {mark.line + 1} 行）" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise fail(path, f"invalid YAML{line}: {problem}", f"YAML 格式错误{line_zh}：{problem}") from None
    if root is None:
        raise fail(path, "the file holds no rows", "文件中没有任何行")
    _refuse_anchors(path, root)
    rows_node = root
    heading: tuple[str, ...] = ()
    if root.id == "mapping":
        rows_node = _top_value(root, "rows")
        if rows_node is None:
            raise _wrong_shape(path)
        heading = _heading(*(_yaml_text(_top_value(root, key)) for key in ("title", "validity")))
    if rows_node.id != "sequence":
        raise _wrong_shape(path)
    items = []
    for node in rows_node.value:
        line = node.start_mark.line + 1
        if node.id != "mapping":
            raise _wrong_shape(path, f"line {line}: ")
        entries = []
        for key, value in node.value:
            if key.id != "scalar":
                raise _wrong_shape(path, f"line {key.start_mark.line + 1}: ")
            entries.append((str(key.value), _yaml_value(path, value), key.start_mark.line + 1))
        items.append(_Item(line, tuple(entries)))
    return items, heading


def _top_value(root: Any, key: str) -> Any:
    """The value node of ``key`` in a mapping node (the first, if repeated), or None."""
    return next((v for k, v in root.value if k.id == "scalar" and k.value == key), None)


def _yaml_text(node: Any) -> str:
    """A top-level text value as written; "" when absent, null or not a scalar."""
    if node is None or node.id != "scalar" or node.tag.endswith(":null"):
        return ""
    return str(node.value)


def _refuse_anchors(path: Path, root: Any) -> None:
    """Anchors and aliases have no place in a catalog and are how YAML bombs multiply: refuse them."""
    stack = [root]
    while stack:
        node = stack.pop()
        if getattr(node, "anchor", None):
            line = node.start_mark.line + 1
            raise fail(
                path,
                f"line {line}: YAML anchors and aliases (&name / *name) are not accepted; write each value out",
                f"第 {line} 行：不接受 YAML 锚点和别名（&name / *name），请直接写出每个值",
            )
        if node.id == "mapping":
            for key, value in node.value:
                stack.extend((key, value))
        elif node.id == "sequence":
            stack.extend(node.value)


def _yaml_value(path: Path, node: Any) -> CellValue:
    if node.id == "scalar":
        return None if node.tag.endswith(":null") else str(node.value)
    if node.id == "sequence" and all(n.id == "scalar" for n in node.value):
        return "; ".join(str(n.value) for n in node.value) or None
    raise _wrong_shape(path, f"line {node.start_mark.line + 1}: a value must be text or a list of codes; ")


# ---- JSON -----------------------------------------------------------------------------------------


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class _JsonLines:
    """A JSON document's rows with the line of each entry and key.

    The standard library gives no positions, so the two outer levels (the document, its ``rows``
    array, each entry's keys) are walked here, and every key and value is read by the decoder's own
    scanner (C): positions at the cost of a few steps per key. Numbers stay as written (a code or a
    seq never becomes a float). Errors are ``json.JSONDecodeError`` with the decoder's wording.
    """

    def __init__(self, text: str) -> None:
        decoder = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=_no_constant)
        self.text = text
        self.scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]
        self._pos = 0  # lines are asked for in document order: count newlines once
        self._line = 1

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset`` (not before the last one asked for)."""
        self._line += self.text.count("\n", self._pos, offset)
        self._pos = offset
        return self._line

    def fail(self, message: str, offset: int) -> json.JSONDecodeError:
        return json.JSONDecodeError(message, self.text, offset)

    def space(self, i: int) -> int:
        """The offset after the blanks at ``i`` (the pattern matches the empty string too)."""
        return _JSON_SPACE.match(self.text, i).end()  # type: ignore[union-attr]

    def value(self, i: int) -> tuple[Any, int]:
        try:
            return self.scan(self.text, i)
        except StopIteration as stop:
            raise self.fail("Expecting value", stop.value) from None

    def object(self, i: int, member: Callable[[str, int, int], int]) -> int:
        """Walk the object opening at ``i``: ``member(key, key offset, value offset)`` reads each value
        and returns the offset after it. Returns the offset after the object."""
        text, scan, space = self.text, self.scan, self.space
        i = space(i + 1)
        if text.startswith("}", i):
            return i + 1
        while True:
            if not text.startswith('"', i):
                raise self.fail("Expecting property name enclosed in double quotes", i)
            key, end = scan(text, i)
            colon = space(end)
            if not text.startswith(":", colon):
                raise self.fail("Expecting ':' delimiter", colon)
            i = space(member(key, i, space(colon + 1)))
            if text.startswith("}", i):
                return i + 1
            if not text.startswith(",", i):
                raise self.fail("Expecting ',' delimiter", i)
            i = space(i + 1)

    def read(self) -> tuple[list[tuple[int, Any]] | None, dict[str, Any]]:
        """The rows, each at its line (an entry as a tuple of (key, value, line of the key), anything
        else as read), None when the document has no list of rows; and its other top-level values.
        A key given twice at the top counts once, the last, as the decoder has it."""
        text = self.text
        top: dict[str, Any] = {}
        found: list[list[tuple[int, Any]] | None] = [None]

        def member(key: str, _: int, at: int) -> int:
            if key == "rows" and text.startswith("[", at):
                found[0], end = self.rows(at)
                top.pop(key, None)
                return end
            top[key], end = self.value(at)
            if key == "rows":
                found[0] = None
            return end

        i = self.space(0)
        if text.startswith("{", i):
            i = self.object(i, member)
        elif text.startswith("[", i):
            found[0], i = self.rows(i)
        else:
            top[""], i = self.value(i)
        i = self.space(i)
        if i != len(text):
            raise self.fail("Extra data", i)
        return found[0], top

    def rows(self, i: int) -> tuple[list[tuple[int, Any]], int]:
        """The array opening at ``i``: each element with its line (an entry as its pairs and their
        lines), and the offset after the array."""
        text, space = self.text, self.space
        out: list[tuple[int, Any]] = []
        pairs: list[tuple[str, Any, int]] = []

        def member(key: str, at: int, start: int) -> int:
            value, end = self.value(start)
            pairs.append((key, value, self.line(at)))  # every pair: a key given twice is CT108
            return end

        i = space(i + 1)
        if text.startswith("]", i):
            return out, i + 1
        while True:
            line = self.line(i)
            if text.startswith("{", i):
                pairs.clear()
                i = self.object(i, member)
                out.append((line, tuple(pairs)))
            else:
                element, i = self.value(i)
                out.append((line, element))
            i = space(i)
            if text.startswith("]", i):
                return out, i + 1
            if not text.startswith(",", i):
                raise self.fail("Expecting ',' delimiter", i)
            i = space(i + 1)


def _json_items(path: Path, text: str) -> tuple[list[_Item], tuple[str, ...]]:
    """The rows of a JSON document (each at its line, each key at its own) and its heading."""
    try:
        rows, top = _JsonLines(text).read()
    except (ValueError, RecursionError) as exc:
        detail = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise fail(path, f"invalid JSON ({detail})", f"JSON 格式错误（{detail}）") from None
    if rows is None:
        raise _wrong_shape(path)
    heading = _heading(*(str(top[key]) if top.get(key) else "" for key in ("title", "validity")))
    items = []
    for line, row in rows:
        if not isinstance(row, tuple):  # an entry; the decoder never makes a tuple
            raise _wrong_shape(path, f"line {line}: ")
        items.append(_Item(line, tuple((key, _json_value(path, v, at), at) for key, v, at in row)))
    return items, heading


def _json_value(path: Path, value: object, line: int) -> CellValue:
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value) or None
    raise _wrong_shape(path, f"line {line}: a value must be text or a list of codes; ")


# ---- both -----------------------------------------------------------------------------------------


def read_structured(path: Path, kind: Literal["yaml", "json"], limits: Limits) -> Sheet:
    """Read a YAML or JSON file in the canonical row form."""
    if path.stat().st_size > limits.max_structured_bytes:
        mib = limits.max_structured_bytes // 2**20
        raise fail(
            path,
            f"the file is larger than {mib} MiB; use .xlsx or CSV",
            f"文件超过 {mib} MiB，请改用 .xlsx 或 CSV",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise fail(
            path, "the file is not UTF-8 text; save it as UTF-8", "文件不是 UTF-8 文本，请另存为 UTF-8"
        ) from None
    if kind == "yaml":
        _refuse_deep(path, text, limits, kind)
    items, heading = _yaml_items(path, text) if kind == "yaml" else _json_items(path, text)
    bad = lone_surrogate([heading, [[[k, v] for k, v, _ in item.entries] for item in items]])
    if bad is not None:
        raise fail(path, *surrogate_message(bad))
    if len(items) > limits.max_rows:
        raise fail(path, f"more than {limits.max_rows:,} rows", f"超过 {limits.max_rows:,} 行")
    file = str(path)
    findings: list[Finding] = []
    seen_unknown: set[str] = set()
    seen_duplicate: set[tuple[str, str]] = set()
    written: dict[str, str] = {}  # field -> its key as first written
    rows: list[RawRow] = []
    for item in items:
        if len(item.entries) > limits.max_columns:
            raise fail(
                path,
                f"line {item.number}: an entry has more than {limits.max_columns} keys",
                f"第 {item.number} 行：条目的键超过 {limits.max_columns} 个",
            )
        cells: dict[str, Cell] = {}
        labels: dict[str, str] = {}
        lines: dict[str, int] = {}
        for label, value, line in item.entries:
            key = field_of(label)
            if key is None:
                if label not in seen_unknown:
                    seen_unknown.add(label)
                    findings.append(
                        UNKNOWN_COLUMN.finding(
                            Location(file, None, line, kind="line"),
                            value=label,
                            column=f"The key {label!r}",
                            column_zh=f"键“{label}”",
                        )
                    )
                continue
            if key in labels:
                if (key, label) not in seen_duplicate:
                    seen_duplicate.add((key, label))
                    zh, en, _ = FIELD_LABELS[key]
                    findings.append(
                        DUPLICATE_COLUMN.finding(
                            Location(file, None, line, None, key, "line"),
                            value=label,
                            column=f"The key {label!r} at {row_words('line', line, 'en')}",
                            column_zh=f"{row_words('line', line, 'zh')}的键“{label}”",
                            field=en,
                            field_zh=zh,
                            first=f"the key {labels[key]!r} at {row_words('line', lines[key], 'en')}",
                            first_zh=f"{row_words('line', lines[key], 'zh')}的键“{labels[key]}”",
                        )
                    )
                continue
            labels[key] = label
            lines[key] = line
            written.setdefault(key, label)
            if is_blank(value):
                continue
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                findings.append(
                    CELL_TOO_LONG.finding(
                        Location(file, None, line, None, key, "line"),
                        cell=label,
                        length=f"{len(value):,}",
                        limit=f"{limits.max_cell_chars:,}",
                    )
                )
                value = value[: limits.max_cell_chars]
            cells[key] = Cell(value, None)
        if cells:
            rows.append(RawRow(item.number, cells, lines=lines))
    # A document has keys, not columns: a field's "column" is its key as written (for has_column).
    columns = {k: written[k] for k in FIELDS if k in written}
    missing = [k for k in REQUIRED_FIELDS if k not in written]
    if missing and items:
        findings.insert(0, missing_columns_finding(file, None, missing))
    if not rows:
        findings.append(no_data_finding(file, None, None))
    return Sheet(
        file=file,
        sheet=None,
        columns=columns,
        header_rows=(),
        rows=tuple(rows),
        findings=tuple(findings),
        format=kind,
        heading=heading,
        kind="line",
    )
