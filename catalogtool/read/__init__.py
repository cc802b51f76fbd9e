"""Readers: turn a draft (.xlsx, .csv, .yaml/.yml, .json) into a :class:`~catalogtool.model.Sheet`.

Every input is treated as hostile: the file is sniffed by content, zips are vetted before parsing
(read/safety.py), and anything unusable becomes one bilingual :class:`~catalogtool.errors.InputError`.
This module stays light: the format readers (python-calamine, ruamel.yaml) are imported on use.
"""

from __future__ import annotations

from pathlib import Path

from catalogtool.model import Sheet
from catalogtool.read.limits import Limits

__all__ = ["DEFAULT_LIMITS", "Limits", "read_sheet"]

DEFAULT_LIMITS = Limits()


def read_sheet(path: Path, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """Read the catalog table of ``path``; never modifies the file.

    Dispatches on the file's content (magic bytes) and extension: .xlsx (python-calamine), .csv/.txt
    (UTF-8, UTF-8 with BOM or GB18030, detected; ``Sheet.encoding`` says which), .yaml/.yml/.json
    (canonical row form: a list of mappings keyed by ``model.FIELDS``, or a mapping with a ``rows:``
    list; values stay text, so codes stay strings). ``sheet`` names the worksheet of a workbook;
    without it the sheet whose header matches is chosen. Raises InputError (one bilingual line
    saying what to do) for unusable input.
    """
    from catalogtool.read.sniff import sniff

    path = Path(path)
    kind = sniff(path, limits)
    if kind == "xlsx":
        from catalogtool.read.xlsx import read_xlsx

        return read_xlsx(path, sheet, limits)
    if sheet is not None:
        from catalogtool.errors import UsageError

        raise UsageError(
            f"--sheet applies to workbooks only; {path.name} is {kind.upper()}",
            f"--sheet 只适用于工作簿；{path.name} 是 {kind.upper()} 文件",
        )
    if kind == "csv":
        from catalogtool.read.delimited import read_csv

        return read_csv(path, limits)
    from catalogtool.read.structured import read_structured

    return read_structured(path, kind, limits)
