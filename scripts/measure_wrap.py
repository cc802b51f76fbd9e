"""Measure the row-height estimate against LibreOffice: how many lines each cell really wraps onto.

    python scripts/measure_wrap.py                       # texts of the sample catalog
    python scripts/measure_wrap.py draft.xlsx other.csv  # texts of these files (xlsx; CSV UTF-8/GB18030)

Every distinct cell text (and runs of 1–40 CJK characters) is written into one column per width
(5, 7, 9, 12, 16, 22, 30 units) in the data font, 宋体 10 pt, each in a row far taller than it needs;
LibreOffice renders the workbook and ``pdftotext -bbox`` gives the lines, matched back to the texts.
Per width: how many cells :func:`catalogtool.workbook.text_lines` puts on fewer lines than LibreOffice
(clipped: should be 0) and on more (empty space), then the cells under-estimated. Needs soffice,
pdftotext and Carlito (fonts-crosextra-carlito), as tests/test_print.py does.
"""

from __future__ import annotations

import argparse
import csv
import html
import math
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from catalogtool.template import template_spec
from catalogtool.workbook import text_lines

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "JS" / "provinces" / "JS" / "catalog.xlsx"
WIDTHS = (5, 7, 9, 12, 16, 22, 30)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def texts_of(files: list[Path]) -> list[str]:
    """The distinct one-line cell texts of ``files``, and 1–40 CJK characters."""
    import openpyxl

    found: set[str] = set()
    for file in files:
        if file.suffix.lower() == ".csv":
            raw = file.read_bytes()
            text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else _decode(raw)
            found.update(v.strip() for row in csv.reader(text.splitlines()) for v in row)
            continue
        for sheet in openpyxl.load_workbook(file, read_only=True).worksheets:
            found.update(
                str(v).strip() for row in sheet.iter_rows(values_only=True) for v in row if v is not None
            )
    return sorted(t for t in found if t and "\n" not in t and len(t) < 120) + ["字" * n for n in range(1, 41)]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def rendered_lines(texts: list[str], folder: Path) -> list[tuple[int, str, int]]:
    """(width, text, lines LibreOffice wraps it onto) for every width and text."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    font = template_spec().data_font
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for width in WIDTHS:
        sheet = wb.create_sheet(f"w{width}")
        sheet.column_dimensions["A"].width = width
        for row, text in enumerate(texts, start=1):
            cell = sheet.cell(row, 1, text)
            cell.font = Font(name=font.name, size=font.size)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[row].height = 15 * (math.ceil(2 * len(text) / max(width - 1, 1)) + 3)
    book = folder / "wrap.xlsx"
    wb.save(book)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(book)],
        check=True,
        capture_output=True,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    out = subprocess.run(
        ["pdftotext", "-bbox", str(folder / "wrap.pdf"), "-"], check=True, capture_output=True
    )
    lines: list[str] = []  # the text of every printed line, in order
    for page in out.stdout.decode("utf-8").split("<page ")[1:]:
        words = sorted((float(y), float(x), html.unescape(t)) for x, y, _, t in _WORD.findall(page))
        current: list[tuple[float, float, str]] = []
        for word in words:
            if current and abs(word[0] - current[-1][0]) > 3:
                lines.append("".join(t for _, _, t in sorted(current, key=lambda w: w[1])))
                current = []
            current.append(word)
        if current:
            lines.append("".join(t for _, _, t in sorted(current, key=lambda w: w[1])))
    result, at = [], 0
    for width in WIDTHS:
        for text in texts:
            target, got, count = re.sub(r"\s+", "", text), "", 0
            while got != target:
                got, count, at = got + re.sub(r"\s+", "", lines[at]), count + 1, at + 1
                if not target.startswith(got):
                    raise SystemExit(f"lost track at width {width}: {text!r} printed as {got!r}")
            result.append((width, text, count))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=[SAMPLE])
    args = parser.parse_args(argv)
    texts = texts_of(args.files)
    with tempfile.TemporaryDirectory() as folder:
        measured = rendered_lines(texts, Path(folder))
    under, over, extra = Counter[int](), Counter[int](), Counter[int]()
    clipped = []
    for width, text, lines in measured:
        estimate = text_lines(text, width)
        under[width] += estimate < lines
        over[width] += estimate > lines
        extra[width] += max(estimate - lines, 0)
        if estimate < lines:
            clipped.append((width, text, lines, estimate))
    print(f"{len(measured)} cells ({len(texts)} texts × {len(WIDTHS)} widths)")
    for width in WIDTHS:
        print(
            f"width {width:>2}: {under[width]} under-estimated, {over[width]} over ({extra[width]} extra lines)"
        )
    for width, text, lines, estimate in clipped:
        print(f"  clipped at width {width}: {text!r} takes {lines} lines, estimated {estimate}")
    return 1 if clipped else 0


if __name__ == "__main__":
    sys.exit(main())
