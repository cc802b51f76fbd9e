"""Vendor the shared reference data and realistic fixtures the tests need into tests/data/.

A clone without ../shared then runs every test. Everything vendored is text: the CSV and JSON files are
copied as they are (the Guangdong draft stays GB18030, which is what it tests), and the Jiangsu draft
workbook is described cell by cell in ``jiangsu-draft-2026.workbook.json``, from which
:func:`build_workbook` writes the .xlsx the tests read (``tests/conftest.py``: ``shared_fixtures``).

    python scripts/vendor_test_data.py [--shared ../shared]           # (re)vendor
    python scripts/vendor_test_data.py [--shared ../shared] --check   # vendored copies still agree?

``--check`` (run by ``make unit``) exits 1 when ../shared has changed since the copy was taken, and says
so and exits 0 when there is no ../shared to compare with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
#: Files copied as they are: (path under shared/, path under tests/data/).
COPIED = (
    ("reference/noc2022/classification.csv", "reference/noc2022/classification.csv"),
    ("reference/noc-amendments.csv", "reference/noc-amendments.csv"),
    ("reference/provinces.csv", "reference/provinces.csv"),
    ("reference/points-2017.csv", "points-2017.csv"),  # read by tests/test_points.py
    # The reconstructed 2015 edition: tests/test_layout.py rebuilds occupation_codes/noc2015_legacy.csv.
    *(
        (f"reference/noc2015/{name}", f"reference/noc2015/{name}")
        for name in (
            "noc2015.csv",
            "noc2015_flags.csv",
            "crosswalk_2015_2022.csv",
            "new_occupations_2019_2021.csv",
        )
    ),
    ("fixtures/guangdong-draft.gb18030.csv", "fixtures/guangdong-draft.gb18030.csv"),
    ("fixtures/guangdong-draft.gb18030.expected.json", "fixtures/guangdong-draft.gb18030.expected.json"),
    ("fixtures/jiangsu-draft-2026.expected.json", "fixtures/jiangsu-draft-2026.expected.json"),
)
#: Workbooks described as text: (path under shared/, description under tests/data/).
WORKBOOKS = (("fixtures/jiangsu-draft-2026.xlsx", "fixtures/jiangsu-draft-2026.workbook.json"),)


def describe_workbook(path: Path) -> dict[str, Any]:
    """Sheets in order, each with its state, merged ranges and non-empty cells (value and number format)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if not isinstance(c.value, str | int | float | bool):
                    raise SystemExit(f"{path}: {ws.title}!{c.coordinate} holds a {type(c.value).__name__}")
                cell: dict[str, Any] = {"ref": c.coordinate, "value": c.value}
                if c.number_format != "General":
                    cell["format"] = c.number_format
                cells.append(cell)
        sheets.append(
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "cells": cells,
            }
        )
    return {"source": path.name, "sheets": sheets}


def build_workbook(description: Path, out: Path) -> Path:
    """Write the workbook a description stands for (see :func:`describe_workbook`). A cell may also say
    ``"type": "date"`` (its value an ISO date) or hold a formula ("=…", saved without a value)."""
    import openpyxl

    spec = json.loads(description.read_text(encoding="utf-8"))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for sheet in spec["sheets"]:
        ws = wb.create_sheet(sheet["title"])
        ws.sheet_state = sheet["state"]
        for cell in sheet["cells"]:
            value = cell["value"]
            if cell.get("type") == "date":  # a code Excel turned into a date: 2-02-10 → 2002-02-10
                value = dt.datetime.fromisoformat(value)
            ws[cell["ref"]] = value
            if "format" in cell:
                ws[cell["ref"]].number_format = cell["format"]
        for merged in sheet["merged"]:
            ws.merge_cells(merged)
    wb.save(out)
    return out


def _expected(shared: Path) -> dict[Path, bytes]:
    out = {DATA / target: (shared / source).read_bytes() for source, target in COPIED}
    for source, target in WORKBOOKS:
        text = json.dumps(describe_workbook(shared / source), ensure_ascii=False, indent=1) + "\n"
        out[DATA / target] = text.encode("utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if not (args.shared / "reference").is_dir():
        print(f"{args.shared} is not here: the vendored test data in tests/data/ is used as it is")
        return 0
    expected = _expected(args.shared)
    if args.check:
        stale = [p for p, data in expected.items() if not p.is_file() or p.read_bytes() != data]
        for path in stale:
            print(f"{path.relative_to(REPO)} differs from {args.shared}: run scripts/vendor_test_data.py")
        return 1 if stale else 0
    for path, data in expected.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
