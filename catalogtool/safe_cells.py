"""Cells and fields that cannot be turned against their reader: the one guard every writer uses.

Whatever catalogtool writes into a spreadsheet cell (xlsx) or a CSV field is data, never a formula:

* **xlsx**: :func:`set_cell` stores text as a string cell (``t="inlineStr"``/``t="s"``, never ``<f>``)
  and marks formula-like text with ``quotePrefix`` so Excel does not re-read it as a formula when the
  cell is edited. Characters XML cannot hold (C0 controls other than tab, LF and CR) are written as
  the OOXML escape ``_xHHHH_`` (ECMA-376 ST_Xstring), and a literal ``_xHHHH_`` in the text is itself
  escaped (``_x005F_xHHHH_``), so Excel, WPS and python-calamine read back exactly the text that was
  written: nothing is dropped. The noncharacters U+FFFE and U+FFFF, which no reader brings back, are
  refused with one clear error rather than changed.
* **CSV**: :func:`csv_field` puts an apostrophe in front of formula-like text (OWASP's advice against
  CSV injection); :func:`csv_unfield` undoes it and is what the CSV reader applies, so every command
  sees the text as it was written.

Formula-like means starting with ``=``, ``+``, ``-``, ``@``, tab or CR, or their full-width forms
(``＝ ＋ － ＠``, which Excel and WPS with a Chinese input method also accept as a formula start).

Every writer (catalog workbook, consultation and standards tables, annotated copies, results sheets,
CSV from ``convert`` and ``package``) goes through this module; a new writer must too. Stdlib only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from catalogtool.errors import InputError

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.workbook.workbook import Workbook

#: Text starting with one of these is read by a spreadsheet as a formula (OWASP CSV injection list,
#: plus the full-width forms of = + - @).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# Characters an XML 1.0 document cannot hold, and an existing escape that must survive as text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Of those, the two noncharacters: not even the _xHHHH_ escape brings them back (readers drop it).
_NONCHARACTER = re.compile("[\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula (=1+1, +cmd, -2, @SUM, ＝HYPERLINK)."""
    return text.startswith(FORMULA_STARTS)


def _needs_guard(text: str) -> bool:
    # Text already starting with apostrophes followed by a formula character gets one more, so that
    # reading takes exactly one off and "'=1" survives a round trip as "'=1".
    return len(text) > 1 and is_formula_like(text.lstrip("'"))


def csv_field(text: str) -> str:
    """The CSV field for ``text``: an apostrophe in front when a spreadsheet would run it as a formula
    ("=1+1", "- 熟悉…", "@SUM") or when it already starts with such a guard; else ``text``."""
    return "'" + text if _needs_guard(text) else text


def csv_unfield(field: str) -> str:
    """Undo :func:`csv_field`: "'=1+1" → "=1+1", "''=1" → "'=1"; any other field as it is."""
    return field[1:] if field.startswith("'") and _needs_guard(field[1:]) else field


def csv_row(values: list[object]) -> list[str]:
    """A CSV record: each value as text (None → ""), guarded by :func:`csv_field`."""
    return [csv_field("" if v is None else str(v)) for v in values]


def xlsx_text(text: str) -> str:
    """``text`` as a cell can hold it: ``_xHHHH_`` escapes for what XML cannot hold, and for a
    literal ``_xHHHH_``, so that the reader's unescaping gives ``text`` back exactly."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def document_text(text: str) -> str:
    """``text`` for a format that cannot hold what XML cannot (docx paragraphs, document properties):
    each such character shown as an escape (``\\x01``), never dropped silently nor crashing the writer."""
    return _NOT_XML.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}",
        text,
    )


def set_cell(cell: Cell | MergedCell, value: object) -> None:
    """Store ``value`` in an openpyxl ``cell`` as inert data.

    None empties the cell; int and float (not bool) stay numbers; anything else is stored as text: a
    string cell, never a formula, with ``quotePrefix`` when it looks like one (see module doc).
    """
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        cell.value = value
        return
    text = str(value)
    if (bad := _NONCHARACTER.search(text)) is not None:  # reported, never silently changed
        code = f"U+{ord(bad.group(0)):04X}"
        raise InputError(
            f"a workbook cell cannot hold the noncharacter {code} (in {text[:40]!r}); remove it from the source",
            f"工作簿单元格无法保存非字符 {code}（见 {text[:40]!r}），请从源文件中删除",
        )
    cell.value = xlsx_text(text)
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if is_formula_like(text):
        cell.quotePrefix = True  # and Excel must not re-read it as one when the cell is edited


def workbook_bytes(wb: Workbook) -> bytes:
    """``wb`` saved to bytes. openpyxl writes each sheet through a temporary file first: a full disk
    (or a file-size limit) there is one clear InputError, not a traceback from the XML serialiser."""
    import gc
    import io
    import sys

    buffer = io.BytesIO()
    hook = sys.unraisablehook
    try:
        try:
            wb.save(buffer)
        except Exception as exc:  # OSError, or lxml's SerialisationError (IO_ENOSPC, IO_EFBIG)
            if not isinstance(exc, OSError) and "IO_" not in str(exc):
                raise
            reason = getattr(exc, "strerror", None) or str(exc)
            # openpyxl's half-written sheet writers complain again when freed: one line is enough
            sys.unraisablehook = lambda _: None
        else:
            return buffer.getvalue()
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise InputError(
        f"cannot build the workbook: {reason} (is the disk or the temporary folder full?)",
        f"无法生成工作簿：{reason}（磁盘或临时文件夹是否已满？）",
    )
