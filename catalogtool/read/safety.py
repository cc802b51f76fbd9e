"""Inspect an .xlsx zip before python-calamine touches it: treat every workbook as hostile.

MEASURED with python-calamine 0.9.1: a sheet with one cell at the grid's far corner aborts the whole
process (it allocates the dense grid), and a 1.5 MB zip bomb inflates to 1.5 GB of memory. So this
module, using only the zip central directory and a streaming pass over the XML parts:

* rejects members whose declared size or inflate ratio is out of bounds, and counts the bytes actually
  inflated (never trusting the headers alone);
* rejects any part with a DOCTYPE or ENTITY declaration (entity bombs, external entities);
* finds each worksheet's extent (the largest row and column any cell names), its formula cells and
  whether they have a cached value, and cells longer than Excel's limit, with regexes over bytes.

The pass is cheap: a few C-speed regex scans per megabyte, no per-cell Python work on the fast path.
"""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from catalogtool.errors import InputError
from catalogtool.model import column_letter, column_number
from catalogtool.read.limits import Limits
from catalogtool.read.sniff import fail, unsupported_zip
from catalogtool.read.xmlscan import (
    SheetTokens,
    StyleCounts,
    XmlProblem,
    parse_int,
    root_attributes,
    xml_parser,
)

_CHUNK = 1 << 20
_WORKSHEET_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_REF = re.compile(rb'r="([A-Z]+)(\d+)"')  # a cell reference attribute
_SMALL_PART = 16 * 2**20  # workbook.xml, rels, content types: parsed whole, so bounded


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula: where, its text, and whether Excel stored a computed value."""

    row: int
    col: int  # 0-based
    text: str
    result: str | None  # the cached value as stored, None when Excel saved none


@dataclass(frozen=True)
class SheetScan:
    """What the streaming pass learned about one worksheet part."""

    max_row: int = 0  # largest 1-based row any cell names (0: no cells)
    max_col: int = -1  # largest 0-based column any cell names (-1: no cells)
    formulas: tuple[FormulaCell, ...] = ()
    long_cells: tuple[tuple[int, int, int], ...] = ()  # (row, 0-based col, characters) over the limit


@dataclass(frozen=True)
class SheetEntry:
    """One sheet of the workbook, in workbook order."""

    name: str
    part: str | None  # zip member of the worksheet XML (None for chart sheets or a broken link)
    scan: SheetScan = field(default_factory=SheetScan)


@dataclass(frozen=True)
class WorkbookScan:
    """The sheets of a workbook that passed inspection."""

    sheets: tuple[SheetEntry, ...]


def column_index(letters: str) -> int:
    """0-based column index of a column letter (A → 0, AA → 26)."""
    return column_number(letters) - 1


def greater_letters(letters: str) -> str:
    """A regex for column letters that come after ``letters`` (more letters, or later at same length)."""
    return _greater(letters, "[A-Z]", "Z")


def greater_number(n: int) -> str:
    """A regex for decimal numbers greater than ``n`` (leading zeros count as larger: conservative)."""
    return _greater(str(n), "\\d", "9")


def _greater(symbols: str, any_symbol: str, last: str) -> str:
    """A regex for strings of the same alphabet that sort after ``symbols`` as numbers do: longer, or
    at the first difference a later symbol (``any_symbol`` matches one symbol, ``last`` is the last)."""
    alts = [f"{any_symbol}{{{len(symbols) + 1},}}"]
    for i, ch in enumerate(symbols):
        if ch < last:
            rest = len(symbols) - i - 1
            alts.append(
                f"{symbols[:i]}[{chr(ord(ch) + 1)}-{last}]" + (f"{any_symbol}{{{rest}}}" if rest else "")
            )
    return "(?:" + "|".join(alts) + ")"


@dataclass
class _Budget:
    """Inflated bytes so far across the parts we read (mutable, local to one inspection)."""

    limit: int
    used: int = 0


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, path: Path) -> Iterator[bytes]:
    """Stream a member's bytes, counting what is really inflated against the budget."""
    seen = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            seen += len(chunk)
            budget.used += len(chunk)
            if seen > info.file_size or budget.used > budget.limit:
                raise _bomb(path, info.filename)
            yield chunk
    # ZipExtFile already stops at file_size and checks the CRC; the counts above are our own guard.


def _bomb(path: Path, member: str) -> InputError:
    return fail(
        path,
        f"the part {member} inflates far beyond a normal workbook (possible zip bomb); "
        "open the file in Excel or WPS and save it again",
        f"其中的 {member} 解压后远超正常工作簿大小（疑似压缩炸弹），请用 Excel 或 WPS 打开后重新保存",
    )


def _entity(path: Path, member: str) -> InputError:
    return fail(
        path,
        f"the part {member} declares a DOCTYPE/ENTITY, which no real workbook does; "
        "open the file in Excel or WPS and save it again",
        f"其中的 {member} 含有 DOCTYPE/ENTITY 声明（正常工作簿不会有），请用 Excel 或 WPS 打开后重新保存",
    )


class _Blocks:
    """Cut a stream of XML bytes into blocks that end just after a given element's closing tag.

    Cutting there never splits a cell, a text node or a declaration, so each block can be scanned
    on its own. Also refuses DOCTYPE/ENTITY declarations anywhere in the stream (unless the caller
    does it per block).
    """

    def __init__(
        self, path: Path, member: str, tag: bytes, max_block: int, declarations: bool = True
    ) -> None:
        self.path, self.member, self.max_block = path, member, max_block
        self.tag_end = tag + b">"
        self.pending = b""
        self.prev_tail = b""
        self.declarations = declarations  # False when the caller checks each block itself

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        if self.declarations:
            _refuse_declarations(self.prev_tail, chunk, self.path, self.member)
            self.prev_tail = chunk[-16:]
        data = self.pending + chunk
        cut = _last_close(data, self.tag_end)
        if cut is None:
            if len(data) > self.max_block:
                raise fail(
                    self.path,
                    f"one row of {self.member} takes more than {self.max_block // 2**20} MiB",
                    f"{self.member} 中有一行超过 {self.max_block // 2**20} MiB",
                )
            self.pending = data
            return
        self.pending = data[cut:]
        yield data[:cut]

    def finish(self) -> Iterator[bytes]:
        if self.pending:
            yield self.pending
            self.pending = b""


def _refuse_declarations(tail: bytes, chunk: bytes, path: Path, member: str) -> None:
    """Refuse DOCTYPE/ENTITY in ``chunk``, or straddling the end of the previous one (``tail``)."""
    for window in (chunk, tail + chunk[:16]):
        if b"<!" in window and (b"<!DOCTYPE" in window or b"<!ENTITY" in window):
            raise _entity(path, member)


_CLOSE_PREFIX = re.compile(rb"</(?:\w+:)?$")


def _last_close(data: bytes, tag_end: bytes) -> int | None:
    """Offset just after the last closing tag ``</tag>`` (or ``</x:tag>``) in ``data``."""
    pos = len(data)
    while (i := data.rfind(tag_end, 0, pos)) != -1:
        if _CLOSE_PREFIX.search(data, max(0, i - 24), i):
            return i + len(tag_end)
        pos = i
    return None


class _CellParts(NamedTuple):
    """The patterns that take a cell apart (element names under the sheet's namespace prefix)."""

    body: re.Pattern[bytes]
    formula: re.Pattern[bytes]
    value: re.Pattern[bytes]
    shared_value: re.Pattern[bytes]


@functools.cache
def _cell_parts(prefix: bytes) -> _CellParts:
    """Compiled on first need: only blocks with formulas or over-long cells are taken apart, and a
    compile costs more than scanning a small sheet's block."""
    p = re.escape(prefix)
    return _CellParts(
        re.compile(rb"<" + p + rb"c\b([^>]*?)(?<!/)>(.*?)</" + p + rb"c>", re.S),
        re.compile(rb"<" + p + rb"f\b[^>]*?(?:/>|>(.*?)</" + p + rb"f>)", re.S),
        re.compile(rb"<" + p + rb"v>(.*?)</" + p + rb"v>", re.S),
        re.compile(rb"<" + p + rb"v>\s*(\d+)\s*</" + p + rb"v>"),
    )


class _SheetScanner:
    """Scan one worksheet's XML blocks for its extent, formulas and over-long cells."""

    def __init__(
        self, path: Path, member: str, sheet: str | None, limits: Limits, long_shared: Mapping[int, int]
    ) -> None:
        self.path, self.member, self.limits, self.long_shared = path, member, limits, long_shared
        # How messages name the sheet: by its tab name when the workbook links it, else by its part.
        self.label_en = f"sheet “{sheet}”" if sheet is not None else f"the sheet {member}"
        self.label_zh = f"工作表“{sheet}”" if sheet is not None else f"工作表 {member}"
        self.max_row = 0
        self.max_col = -1
        self.formulas: list[FormulaCell] = []
        self.long_cells: dict[tuple[int, int], int] = {}
        self.prefix: bytes | None = None
        # Cells the fast path cannot place (any spelling but <c r="A1" …>): the tokenizer must.
        self.odd = False
        self.structure = SheetTokens()  # what lies outside the rows: dimension, merges, stray cells
        self._structure_parser: Any = None
        self._beyond_key: tuple[int, int] | None = None
        self._beyond_pattern = _REF
        self._long = re.compile(rb">[^<]{%d,}<" % (limits.max_cell_chars + 1))

    def _compile(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.prefix = prefix
        # A cell whose first attribute is not r= (or with none): positions may be implicit.
        implicit = rb"<" + p + rb"c(?:>|\s(?!r=))"
        # One cheap pass says whether a block needs the slower checks: a declaration (<!), a
        # formula, or a cell without an explicit reference. Most blocks have none of them.
        self._unusual = re.compile(rb"<!|<" + p + rb"f[\s>/]|" + implicit)
        # A cell start tag in any form but the canonical one, or a cell element under a prefix.
        # (Two searches, not one alternation: "<c…|:c…" runs 13× slower, the literal prefix is lost.)
        self._odd = re.compile(rb"<" + p + rb'c(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}"[ />])[\s/>]')
        self._prefixed_cell = re.compile(rb":c[\s/>]")
        self._first_row = re.compile(rb"<(?:[^\s<>/!?:]+:)?row[\s/>]")
        self.odd = self.odd or bool(prefix)

    def feed(self, block: bytes, last: bool = False) -> None:
        """Scan one block (whole rows); ``last`` marks the tail after the last row."""
        if self.prefix is None:
            m = _WORKSHEET_ROOT.search(block)
            self._compile(m.group(1) or b"" if m else b"")
            row = self._first_row.search(block)
            self._structure(block[: row.start()] if row and not last else block, start=True)
        elif last:
            self._structure(block)
        if not self.odd and (self._odd.search(block) or self._prefixed_cell.search(block)):
            self.odd = True
        self._extent(block)
        if self._unusual.search(block):
            _refuse_declarations(b"", block, self.path, self.member)
            self._formulas(block)
        lim = self.limits
        if (
            self.max_row > lim.max_rows
            or self.max_col >= lim.max_columns
            or self.max_row * (self.max_col + 1) > lim.max_cells
        ):
            self._too_big()
        if self._long.search(block) or self.long_shared:
            self._long_cells(block)

    def _extent(self, block: bytes) -> None:
        """Raise the largest row and column any cell reference in ``block`` names.

        The largest row is usually the block's last reference; then one C-speed search for a
        reference beyond the current maxima (a later column or a larger row) finds the exceptions.
        Each hit raises a maximum and the search resumes with a stricter pattern: a few hits a sheet.
        """
        last = block.rfind(b'r="')
        while last != -1:
            m = _REF.match(block, last)
            if m:
                self.max_row = max(self.max_row, int(m.group(2)))
                break
            last = block.rfind(b'r="', 0, last)
        pos = 0
        while m := self._beyond().search(block, pos):
            if m.group(1):
                self.max_col = column_index(m.group(1).decode())
            else:
                self.max_row = int(m.group(2))
            if self.max_col >= self.limits.max_columns or self.max_row > self.limits.max_rows:
                self._too_big()
            pos = m.start()

    def _beyond(self) -> re.Pattern[bytes]:
        """A pattern for cell references beyond the current maxima (cached per maxima)."""
        key = (self.max_row, self.max_col)
        if self._beyond_key != key:
            letters = greater_letters(column_letter(self.max_col)) if self.max_col >= 0 else "[A-Z]+"
            number = greater_number(self.max_row)
            pattern = 'r="(?:(' + letters + r")\d|[A-Z]+(" + number + ')")'
            self._beyond_pattern = re.compile(pattern.encode())
            self._beyond_key = key
        return self._beyond_pattern

    def _structure(self, data: bytes, start: bool = False) -> None:
        """Tokenize the part outside the rows (before the first, after the last): the dimension,
        merged ranges and any cell outside a row. Whatever does not parse here goes to the full pass."""
        if self.odd and not start and self._structure_parser is None:
            return
        try:
            if start:
                self._structure_parser = xml_parser(self.structure.start)
            if self._structure_parser is not None:
                self._structure_parser.Parse(data, False)
        except Exception:  # expat errors (a cut the splice cannot bridge): the full pass decides
            self._structure_parser = None
            self.odd = True

    def finish(self) -> None:
        """Close the structure pass; fold what it found into the extent."""
        if self._structure_parser is not None:
            try:
                self._structure_parser.Parse(b"", True)
            except Exception:
                self.odd = True
        self.absorb(self.structure)

    def absorb(self, tokens: SheetTokens) -> None:
        """Take an exact extent from the tokenizer and refuse the sheet if it is too large."""
        self.max_row = max(self.max_row, tokens.max_row)
        self.max_col = max(self.max_col, tokens.max_col)
        lim = self.limits
        if (
            self.max_row > lim.max_rows
            or self.max_col >= lim.max_columns
            or self.max_row * (self.max_col + 1) > lim.max_cells
            or tokens.cells > lim.max_cells
        ):
            self._too_big()

    def _too_big(self) -> None:
        lim, where, where_zh = self.limits, self.label_en, self.label_zh
        if self.max_col >= lim.max_columns:
            letter = column_letter(self.max_col)
            en = f"{where} uses column {letter}, beyond the limit of {lim.max_columns} columns"
            zh = f"{where_zh}用到第 {letter} 列，超出 {lim.max_columns} 列的上限"
        elif self.max_row > lim.max_rows:
            en = f"{where} uses row {self.max_row:,}, beyond the limit of {lim.max_rows:,} rows"
            zh = f"{where_zh}用到第 {self.max_row:,} 行，超出 {lim.max_rows:,} 行的上限"
        else:
            size = f"{self.max_row:,} × {self.max_col + 1}"
            en = f"{where} spans {size} cells, beyond the limit of {lim.max_cells:,} cells"
            zh = f"{where_zh}占用 {size} 个单元格，超出 {lim.max_cells:,} 个单元格的上限"
        raise fail(
            self.path,
            en + "; delete the stray cells far from the table and save again",
            zh + "，请删除表格以外远处的单元格后重新保存",
        )

    def _parts(self) -> _CellParts:
        return _cell_parts(self.prefix or b"")  # (the prefix is known once the first block is fed)

    def _cells(self, block: bytes) -> Iterator[tuple[int, int, bytes, bytes]]:
        """(row, col, attributes, body) of the non-empty cells with an explicit reference."""
        for m in self._parts().body.finditer(block):
            ref = re.search(rb'(?:^|\s)r="([A-Z]+)(\d+)"', m.group(1))
            if ref:
                yield int(ref.group(2)), column_index(ref.group(1).decode()), m.group(1), m.group(2)

    def _formulas(self, block: bytes) -> None:
        for row, col, _attrs, body in self._cells(block):
            f = self._parts().formula.search(body)
            if f is None:
                continue
            text = _xml_text(f.group(1) or b"") or "(shared formula)"
            v = self._parts().value.search(body)
            # openpyxl and other scripts write <v></v>: an empty value means never calculated.
            result = _xml_text(v.group(1)) if v and v.group(1) else None
            self.formulas.append(FormulaCell(row, col, text, result))

    def _long_cells(self, block: bytes) -> None:
        for row, col, attrs, body in self._cells(block):
            if b't="s"' in attrs and self.long_shared:
                v = self._parts().shared_value.search(body)
                if v and int(v.group(1)) in self.long_shared:
                    self.long_cells[(row, col)] = self.long_shared[int(v.group(1))]
            elif len(body) > self.limits.max_cell_chars:
                length = len(_xml_text(body))
                if length > self.limits.max_cell_chars:
                    self.long_cells[(row, col)] = length

    def result(self) -> SheetScan:
        cells = tuple((r, c, n) for (r, c), n in sorted(self.long_cells.items()))
        return SheetScan(self.max_row, self.max_col, tuple(self.formulas), cells)


def _xml_text(raw: bytes) -> str:
    """The text content of an XML fragment: tags dropped, entities and char refs resolved."""
    import html  # (its entity table is large; most workbooks never need it)

    return html.unescape(re.sub(rb"<[^>]*>", b"", raw).decode("utf-8", "replace"))


#: A count a part declares may exceed what it holds by this much (readers reserve memory by it).
_COUNT_SLACK = 100_000
#: styles.xml: Excel allows 64,000 cell formats; a million of anything is not a real workbook.
_MAX_STYLE_RECORDS = 1_000_000


def _xml_or_refuse(path: Path, member: str, scan: Any) -> Any:
    """Run a tokenizer pass; XML it cannot parse is one clear line naming the part."""
    try:
        return scan()
    except XmlProblem as exc:
        raise fail(
            path,
            f"the part {member} is not well-formed XML ({exc}); open the file in Excel or WPS and save it again",
            f"其中的 {member} 不是格式正确的 XML（{exc}），请用 Excel 或 WPS 打开后重新保存",
        ) from None


def _tokenize(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: Limits) -> SheetTokens:
    """The exact extent of a worksheet written in a way the fast path does not read (second pass)."""
    budget = _Budget(limits.max_uncompressed_bytes)
    tokens: SheetTokens = _xml_or_refuse(
        path, info.filename, lambda: SheetTokens().scan(_inflate(zf, info, budget, path))
    )
    return tokens


def _check_string_counts(path: Path, member: str, declared: Mapping[str, str], held: int) -> None:
    """Refuse shared-string counts far beyond the strings the part holds (a reader reserves by them)."""
    for key in ("uniqueCount", "count"):
        number = parse_int(declared.get(key))
        if number is not None and number > held + _COUNT_SLACK and (key == "uniqueCount" or number > 2**31):
            raise fail(
                path,
                f"the part {member} declares {key}={number:,} but holds {held:,} strings; "
                "open the file in Excel or WPS and save it again",
                f"其中的 {member} 声明 {key}={number:,}，实际只有 {held:,} 个字符串，请用 Excel 或 WPS 打开后重新保存",
            )


def _check_styles(path: Path, member: str, chunks: Iterator[bytes]) -> None:
    counts: StyleCounts = _xml_or_refuse(path, member, lambda: StyleCounts().scan(chunks))
    most = max(counts.records.values(), default=0)
    if most > _MAX_STYLE_RECORDS or counts.declared > _MAX_STYLE_RECORDS:
        number = max(most, counts.declared)
        raise fail(
            path,
            f"the part {member} declares {number:,} style records (a workbook holds at most 64,000); "
            "open the file in Excel or WPS and save it again",
            f"其中的 {member} 声明了 {number:,} 条样式记录（工作簿最多 64,000 条），请用 Excel 或 WPS 打开后重新保存",
        )


def _scan_shared_strings(blocks: Iterator[bytes], limit: int) -> tuple[dict[int, int], int]:
    """Index → length of the shared strings longer than ``limit`` characters, and how many there are."""
    item = re.compile(rb"<(?:\w+:)?si[\s>/]")
    long_text = re.compile(rb">[^<]{%d,}<" % (limit + 1))
    found: dict[int, int] = {}
    base = 0
    for block in blocks:
        if long_text.search(block):
            starts = [m.start() for m in item.finditer(block)]
            ends = [*starts[1:], len(block)]
            for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
                length = len(_xml_text(block[s:e])) if e - s > limit else 0
                if length > limit:
                    found[base + i] = length
        base += len(item.findall(block))
    return found, base


def _parse_small(zf: zipfile.ZipFile, name: str, path: Path, budget: _Budget) -> object:
    """Parse a small XML part (workbook.xml, rels) with defusedxml after our own checks."""
    from defusedxml import ElementTree

    info = zf.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise _bomb(path, name)
    data = b"".join(_inflate(zf, info, budget, path))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _entity(path, name)
    try:
        return ElementTree.fromstring(data)
    except SyntaxError as exc:  # xml.etree's ParseError: bad characters, bad nesting, truncation
        raise fail(
            path,
            f"the part {name} is not well-formed XML ({exc}); open the file in Excel or WPS and save it again",
            f"其中的 {name} 不是格式正确的 XML（{exc}），请用 Excel 或 WPS 打开后重新保存",
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(
    zf: zipfile.ZipFile, names: set[str], path: Path, budget: _Budget
) -> list[tuple[str, str | None]]:
    """(sheet name, worksheet part) in workbook order, from workbook.xml and its relationships."""
    root = _parse_small(zf, "xl/workbook.xml", path, budget)
    targets: dict[str, str] = {}
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name in names:
        rels = _parse_small(zf, rels_name, path, budget)
        for rel in rels.iter():  # type: ignore[attr-defined]
            if _local(rel.tag) == "Relationship" and rel.get("Id") and rel.get("Target"):
                target = rel.get("Target").replace("\\", "/")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                targets[rel.get("Id")] = part
    out: list[tuple[str, str | None]] = []
    for el in root.iter():  # type: ignore[attr-defined]
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        part = targets.get(rid) if rid else None
        out.append((el.get("name", ""), part if part in names else None))
    return out


_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


def _check_directory(path: Path, zf: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Refuse bombs from the central directory alone: sizes, ratios, encrypted members.

    Returns the members to stream-check: everything but images (a worksheet need not end in .xml
    for calamine to read it; linked worksheets are added back whatever their name).
    """
    parts: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in zf.infolist():
        name = info.filename
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise fail(
                path,
                "parts of the workbook are encrypted; remove the password and save it as .xlsx",
                "工作簿部分内容已加密，请取消密码后另存为 .xlsx",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.min_ratio_bytes and ratio > limits.max_ratio:
            raise _bomb(path, name)
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise _bomb(path, name)
        if not name.lower().endswith(_IMAGES):
            parts[name] = info
    return parts


def inspect_workbook(path: Path, limits: Limits) -> WorkbookScan:
    """Check an .xlsx zip end to end before it is parsed; raise InputError for anything hostile.

    Returns each sheet's worksheet part and what the streaming pass found in it.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            return _inspect(path, zf, limits)
    except InputError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        OSError,
    ):
        raise fail(
            path,
            "the workbook is corrupt or truncated (not a readable zip); open it in Excel or WPS, "
            "repair it if asked, and save it again as .xlsx",
            "工作簿已损坏或不完整（无法读取的 zip），请用 Excel 或 WPS 打开（必要时修复）后重新另存为 .xlsx",
        ) from None


_MAX_RELS, _RELS_BYTES = 64, 2**20  # .rels parts read for macro detection (a workbook has a handful)


def _inspect(path: Path, zf: zipfile.ZipFile, limits: Limits) -> WorkbookScan:
    names = set(zf.namelist())
    content_types = b""
    if "[Content_Types].xml" in names and zf.getinfo("[Content_Types].xml").file_size <= _SMALL_PART:
        content_types = zf.read("[Content_Types].xml")
    # Relationship parts name a VBA project or macro sheet by type whatever the part is called.
    rels = [n for n in sorted(names) if n.endswith(".rels")][:_MAX_RELS]
    relationships = b"".join(zf.read(n) for n in rels if zf.getinfo(n).file_size <= _RELS_BYTES)
    problem = unsupported_zip(path, names, content_types, relationships)
    if problem is not None:
        raise problem
    parts = _check_directory(path, zf, limits)
    budget = _Budget(limits.max_uncompressed_bytes)
    sheets = _sheet_parts(zf, names, path, budget)
    worksheet_parts = {part for _, part in sheets if part}
    sheet_names = {part: name for name, part in sheets if part}
    for part in worksheet_parts - parts.keys():
        parts[part] = zf.getinfo(part)

    def blocks(name: str, tag: bytes, chunks: Iterator[bytes], declarations: bool = True) -> Iterator[bytes]:
        splitter = _Blocks(path, name, tag, limits.max_row_bytes, declarations)
        for chunk in chunks:
            yield from splitter.feed(chunk)
        yield from splitter.finish()

    long_shared: dict[int, int] = {}
    shared = "xl/sharedStrings.xml"
    if shared in parts:
        declared = _xml_or_refuse(
            path, shared, lambda: root_attributes(_inflate(zf, parts[shared], budget, path))
        )
        chunks = _inflate(zf, parts[shared], budget, path)
        long_shared, held = _scan_shared_strings(blocks(shared, b"si", chunks), limits.max_cell_chars)
        _check_string_counts(path, shared, declared, held)
    scans: dict[str, SheetScan] = {}
    for name, info in parts.items():
        if name in (shared, "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            continue
        chunks = _inflate(zf, info, budget, path)
        first = next(chunks, b"")
        chunks = itertools.chain((first,), chunks)
        # A worksheet is recognised by its content too, in case calamine resolves a link we did not.
        if name in worksheet_parts or _WORKSHEET_ROOT.search(first, 0, 4096):
            scanner = _SheetScanner(path, name, sheet_names.get(name), limits, long_shared)
            splitter = _Blocks(path, name, b"row", limits.max_row_bytes, declarations=False)
            for chunk in chunks:
                for block in splitter.feed(chunk):
                    scanner.feed(block)
            for block in splitter.finish():
                scanner.feed(block, last=True)
            scanner.finish()
            if scanner.odd:  # a cell the fast path cannot place: tokenize the whole part
                scanner.absorb(_tokenize(zf, info, path, limits))
            scans[name] = scanner.result()
        elif name.lower() == "xl/styles.xml":
            _check_styles(path, name, chunks)
        else:
            tail = b""  # other parts are inflated only to refuse declarations and count bytes
            for chunk in chunks:
                _refuse_declarations(tail, chunk, path, name)
                tail = chunk[-16:]
    entries = tuple(SheetEntry(n, p, scans.get(p, SheetScan()) if p else SheetScan()) for n, p in sheets)
    return WorkbookScan(entries)
