"""The printed catalog is legible on A4 landscape (issue 10, point 11): the package's catalog.xlsx, the
template from `catalogtool new` and an annotated copy, rendered to PDF by LibreOffice, print their
body text at 9 pt or more (no shrinking 13 columns to one page width).

The text size is measured, not assumed: ``pdftotext -bbox`` gives each word's box, and a CJK
character is one em wide, so a word of Chinese characters is as many points wide per character as
the size it prints at.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from html import unescape as html_unescape
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import SAMPLE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _calibri_metrics() -> bool:
    """Whether Calibri, the workbook's default font, resolves to itself or metric-compatible Carlito.

    Excel column widths count digits of that font; with another stand-in (DejaVu Sans) LibreOffice draws
    every column a third wider than Excel and shrinks the page, which is not what anyone prints."""
    match = shutil.which("fc-match")
    if match is None:
        return False
    found = subprocess.run([match, "Calibri"], capture_output=True, text=True, check=False).stdout
    return "Carlito" in found or "Calibri" in found


pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None or not _calibri_metrics(),
    reason="needs LibreOffice (soffice), poppler-utils (pdftotext) and Calibri or Carlito "
    "(fonts-crosextra-carlito); .ci/run installs them",
)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


Word = tuple[float, float, str]  # (width, page width, text)


def _render(files: list[Path], out: Path) -> None:
    """Each file as PDF in ``out``."""
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(out), "PATH": "/usr/bin:/bin"},
    )


def _boxes(file: Path) -> list[tuple[int, tuple[float, float, float, float, str], float]]:
    """(page number, (xMin, yMin, xMax, yMax, text), page width) of every word of ``file`` rendered in pdf/."""
    out = file.parent / "pdf"
    html = out / f"{file.stem}.html"
    subprocess.run([PDFTOTEXT, "-bbox", str(out / f"{file.stem}.pdf"), str(html)], check=True, timeout=120)
    boxes = []
    for number, page in enumerate(html.read_text(encoding="utf-8").split("<page ")[1:], start=1):
        size = _PAGE.match("<page " + page)
        assert size is not None
        width = round(float(size[1]), 1)
        for m in _WORD.findall(page):
            box = (float(m[0]), float(m[1]), float(m[2]), float(m[3]), html_unescape(m[4]))
            boxes.append((number, box, width))
    return boxes


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of package-catalog.xlsx, template.xlsx and annotated.xlsx, rendered into its pdf/."""
    from catalogtool.report.annotate import write_annotated
    from catalogtool.validate import validate_file

    folder = tmp_path_factory.mktemp("print")
    ws = folder / "ws"
    shutil.copytree(SAMPLE, ws)
    fresh = folder / "fresh"
    fresh.mkdir()
    for args, cwd in (
        (["package", "--province", "JS", "--workspace", str(ws), "--today", "2026-06-01"], folder),
        (["new", "--province", "ZJ"], fresh),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "catalogtool", *args], capture_output=True, text=True, timeout=300, cwd=cwd
        )
        assert done.returncode == 0, done.stderr
    (built,) = (ws / "dist").glob("*/catalog.xlsx")
    package = Path(shutil.copy(built, folder / "package-catalog.xlsx"))
    (made,) = (fresh / "provinces").glob("*/catalog.xlsx")
    template = Path(shutil.copy(made, folder / "template.xlsx"))
    annotated = folder / "annotated.xlsx"
    write_annotated(template, validate_file(template), annotated, "zh")
    # A draft with findings: an unknown code, a blank position, education below the baseline.
    wb = openpyxl.load_workbook(package)
    sheet = wb["指导目录"]
    sheet["B5"], sheet["E6"], sheet["G7"] = "2-02-99", None, "大专"
    draft = folder / "draft.xlsx"
    wb.save(draft)
    findings = validate_file(draft)
    assert len(findings.findings) >= 3
    write_annotated(draft, findings, folder / "annotated-draft.xlsx", "zh")
    _render([package, template, annotated, folder / "annotated-draft.xlsx"], folder / "pdf")
    return folder


@pytest.fixture(scope="module")
def printed(rendered: Path) -> dict[str, list[Word]]:
    files = ("package-catalog.xlsx", "template.xlsx", "annotated.xlsx")
    return {
        name: [(x1 - x0, width, text) for _, (x0, _, x1, _, text), width in _boxes(rendered / name)]
        for name in files
    }


def points(words: list[Word]) -> float:
    """The size body text prints at: the median advance of a character over words of 2+ CJK characters."""
    sizes = [w / len(text) for w, _, text in words if re.fullmatch(r"[\u4e00-\u9fff]{2,}", text)]
    assert len(sizes) > 20
    return statistics.median(sizes)


@pytest.mark.parametrize("name", ["package-catalog.xlsx", "template.xlsx", "annotated.xlsx"])
def test_body_text_prints_at_9_pt_or_more_on_a4_landscape(printed: dict, name: str) -> None:
    pages = {page for _, page, _ in printed[name]}
    assert pages == {841.9}, "every page (the 校验结果 sheet too) is A4 landscape"
    assert points(printed[name]) >= 9.0


def test_no_occupation_code_is_broken_across_lines(printed: dict) -> None:
    # Every code the package lists is one word of the PDF: never split at a hyphen.
    words = [text for _, _, text in printed["package-catalog.xlsx"]]
    assert not [w for w in words if re.fullmatch(r"[\d-]*\d-", w)]
    assert any(re.fullmatch(r"\d-\d\d-\d\d-\d\d", w) for w in words)


def test_the_jiangsu_catalog_prints_on_three_pages_with_no_text_clipped(rendered: Path) -> None:
    """Row heights come from an estimate of each cell's wrapped lines (workbook.text_lines); too high
    and the 39 rows took 6 pages, too low and LibreOffice clips a cell's last lines or draws them over
    the next row. Each data row's band on the page (from its 序号 to the next one's) holds exactly the
    characters of that row's cells, none reaching below the band: a clipped line is missing from it,
    lands in the next band or is cut at the bottom."""
    package = rendered / "package-catalog.xlsx"
    boxes = _boxes(package)
    assert max(page for page, _, _ in boxes) <= 3
    sheet = openpyxl.load_workbook(package)["指导目录"]
    rows = {
        int(row[0]): sorted("".join(str(v) for v in row if v is not None).replace(" ", "").replace("\n", ""))
        for row in sheet.iter_rows(min_row=5, values_only=True)
        if row[0] is not None
    }
    seq_column = min(x0 for _, (x0, _, _, _, text), _ in boxes if text == "序号") + 30
    starts = [
        (page, y0, int(text))
        for page, (x0, y0, _, _, text), _ in boxes
        if x0 < seq_column and text.isdigit() and int(text) in rows
    ]
    assert sorted(seq for _, _, seq in starts) == sorted(rows), "every row is printed once"
    _assert_unclipped(boxes, starts, rows)


def test_the_results_sheet_prints_every_finding_whole(rendered: Path) -> None:
    annotated = rendered / "annotated-draft.xlsx"
    boxes = _boxes(annotated)
    results = openpyxl.load_workbook(annotated)["校验结果"]
    rows = {
        number: sorted("".join(str(v) for v in row[:7] if v is not None).replace(" ", "").replace("\n", ""))
        for number, row in enumerate(results.iter_rows(min_row=2, values_only=True), start=2)
    }
    pages = {page for page, (*_, text), _ in boxes if text == "校验结果"}
    column = min(x0 for page, (x0, _, _, _, text), _ in boxes if page in pages and text == "位置")
    # Each finding's row starts with its rule id (CT201 …) at the top of the 规则 column.
    marks = sorted(
        (page, y0)
        for page, (x0, y0, _, _, text), _ in boxes
        if page in pages and x0 < column and re.fullmatch(r"CT\d{3}", text)
    )
    assert len(marks) == len(rows) >= 3
    _assert_unclipped(boxes, [(page, y, number) for (page, y), number in zip(marks, rows, strict=True)], rows)


def _assert_unclipped(
    boxes: list[tuple[int, tuple[float, float, float, float, str], float]],
    starts: list[tuple[int, float, int]],
    rows: dict[int, list[str]],
) -> None:
    """Each row's band, from where its first cell starts (``starts``: page, y, row key) to where the next
    row's does or the footer, holds exactly the characters of ``rows[key]`` and nothing reaches below it."""
    footer = {page: y0 for page, (_, y0, _, _, text), _ in boxes if text.startswith("第")}
    for page, top, key in starts:
        bottom = min((y for p, y, _ in starts if p == page and y > top), default=footer[page])
        band = [
            (text, y1) for p, (_, y0, _, y1, text), _ in boxes if p == page and top - 3 <= y0 < bottom - 3
        ]
        assert sorted("".join(text for text, _ in band)) == rows[key], f"row {key}"
        assert max(y1 for _, y1 in band) <= bottom + 1, f"row {key}: its last line reaches into the next row"
