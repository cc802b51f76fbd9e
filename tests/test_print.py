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
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext); .ci/run installs them",
)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def _render(files: list[Path], out: Path) -> dict[str, list[tuple[float, float, str]]]:
    """Each file as PDF, then per file the (width, page width, text) of every word."""
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(out), "PATH": "/usr/bin:/bin"},
    )
    words: dict[str, list[tuple[float, float, str]]] = {}
    for file in files:
        pdf = out / f"{file.stem}.pdf"
        html = out / f"{file.stem}.html"
        subprocess.run([PDFTOTEXT, "-bbox", str(pdf), str(html)], check=True, timeout=120)
        text = html.read_text(encoding="utf-8")
        words[file.name] = []
        for page in text.split("<page ")[1:]:
            size = _PAGE.match("<page " + page)
            assert size is not None
            width = round(float(size[1]), 1)
            words[file.name] += [(float(m[2]) - float(m[0]), width, m[4]) for m in _WORD.findall(page)]
    return words


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[float, float, str]]]:
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
    return _render([package, template, annotated], folder / "pdf")


def points(words: list[tuple[float, float, str]]) -> float:
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
