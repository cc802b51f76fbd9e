"""Regenerate the sample catalog workbook from its YAML source, with reproducible bytes.

    python scripts/make_sample.py              # write samples/JS/provinces/JS/catalog.xlsx
    python scripts/make_sample.py --out X.xlsx # write it elsewhere
    python scripts/make_sample.py --check      # exit 1 when the workbook is not what the source gives

The rows live in samples/JS/provinces/JS/catalog.source.yaml (canonical field keys); the title and
validity line come from province.yaml; the workbook's timestamps are fixed to the effective date, so
running this twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from catalogtool.codes import load_code_list
from catalogtool.workbook import write_catalog_xlsx
from catalogtool.workspace import PROVINCE_FILE, read_province_meta, validity_line

REPO = Path(__file__).resolve().parent.parent
PROVINCE_DIR = REPO / "samples" / "JS" / "provinces" / "JS"
SOURCE = PROVINCE_DIR / "catalog.source.yaml"
TARGET = PROVINCE_DIR / "catalog.xlsx"


def source_rows(path: Path = SOURCE) -> list[dict[str, Any]]:
    """The sample rows, canonical keys → values, as written in the YAML source."""
    rows: list[dict[str, Any]] = YAML(typ="safe").load(path.read_text("utf-8"))["rows"]
    return rows


def build(target: Path) -> None:
    """Write the sample workbook to ``target``."""
    meta = read_province_meta(PROVINCE_DIR / PROVINCE_FILE)
    if meta.effective_date is None:
        raise SystemExit(f"{meta.path}: effective_date is missing")
    write_catalog_xlsx(
        target,
        source_rows(),
        title=meta.title,
        validity_line=validity_line(meta),
        codes=load_code_list(),
        instructions=True,
        timestamp=dt.datetime.combine(meta.effective_date, dt.time()),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", type=Path, default=TARGET, help="where to write (default: the sample)")
    args = parser.parse_args(argv)
    if not args.check:
        build(args.out)
        print(f"wrote {args.out} ({len(source_rows())} rows)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TARGET.name
        build(fresh)
        if TARGET.is_file() and fresh.read_bytes() == TARGET.read_bytes():
            print(f"{TARGET.relative_to(REPO)} is up to date")
            return 0
    print(
        f"{TARGET.relative_to(REPO)} differs from {SOURCE.name}: run scripts/make_sample.py", file=sys.stderr
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
