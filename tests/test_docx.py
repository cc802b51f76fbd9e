"""The Word documents the tool writes (filing package, 征求意见稿): their document properties, no
leftovers of python-docx's template, the same bytes for the same inputs. The comparison report is
checked in test_compare.py with the same helper (docx_checks.assert_clean)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from conftest import SAMPLE, RunCli
from docx_checks import assert_clean, core, parts

TODAY = "2026-05-01"
AUTHORITY = "江苏省人力资源和社会保障厅"
CATALOG_TITLE = "江苏省外国人来华工作指导目录（2026年版）"
PACKAGE = Path("dist") / "JS-2026"
LETTER = Path("consult") / "JS-2026" / "征求意见稿.docx"
STAMP = "2026-07-01T00:00:00Z"  # the package date: the catalog's effective date, not the clock


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Jiangsu sample with its filing package and its consultation forms written."""
    from conftest import run_in_process

    root = tmp_path_factory.mktemp("docx") / "ws"
    shutil.copytree(SAMPLE, root)
    package = run_in_process("package", "--province", "JS", "--workspace", root, "--today", TODAY)
    assert package.returncode == 0, package.stderr
    forms = run_in_process("consult", "forms", "--province", "JS", "--workspace", root)
    assert forms.returncode == 0, forms.stderr
    return root


def first_line(path: Path) -> str:
    """The document's title as set (its line break removed)."""
    return docx.Document(str(path)).paragraphs[0].text.replace("\n", "")


@pytest.mark.parametrize(
    ("name", "title", "kind", "category"),
    [
        ("drafting-explanation.docx", f"《{CATALOG_TITLE}》起草说明", "起草说明", "备案材料"),
        ("filing-report.docx", f"关于《{CATALOG_TITLE}》的备案报告", "备案报告", "备案材料"),
    ],
)
def test_the_package_documents_carry_their_title_and_the_authority(
    workspace: Path, name: str, title: str, kind: str, category: str
) -> None:
    path = workspace / PACKAGE / name
    props = assert_clean(path)
    assert props == {
        "title": title,
        "subject": CATALOG_TITLE,
        "creator": AUTHORITY,
        "keywords": f"外国人来华工作指导目录; {kind}; 江苏省; 2026",
        "category": category,
        "language": "zh-CN",
        "lastModifiedBy": AUTHORITY,
        "revision": "1",
        "created": STAMP,
        "modified": STAMP,
    }
    assert first_line(path) == title
    app = parts(path)["docProps/app.xml"].decode()
    assert f"<Company>{AUTHORITY}</Company>" in app


def test_the_consultation_draft_carries_its_title_and_the_authority(workspace: Path) -> None:
    path = workspace / LETTER
    props = assert_clean(path)
    title = f"关于征求《{CATALOG_TITLE}》（征求意见稿）意见的函"
    assert props["title"] == first_line(path) == title
    assert props["creator"] == props["lastModifiedBy"] == AUTHORITY
    assert props["category"] == "征求意见稿"
    assert props["created"] == props["modified"] == "2026-03-01T00:00:00Z"  # start of the consultation


def test_the_same_inputs_give_the_same_document_bytes(
    workspace: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    shutil.copytree(SAMPLE, again)
    assert run_cli("package", "--province", "JS", "--workspace", again, "--today", TODAY).returncode == 0
    assert run_cli("consult", "forms", "--province", "JS", "--workspace", again).returncode == 0
    for name in ("drafting-explanation.docx", "filing-report.docx"):
        assert (again / PACKAGE / name).read_bytes() == (workspace / PACKAGE / name).read_bytes()
    assert (again / LETTER).read_bytes() == (workspace / LETTER).read_bytes()


def test_another_package_date_changes_only_the_recorded_dates(workspace: Path, tmp_path: Path) -> None:
    """The date the documents record is the package date: a later effective date is what moves it."""
    from conftest import run_in_process

    later = tmp_path / "later"
    shutil.copytree(SAMPLE, later)
    meta = later / "provinces" / "JS" / "province.yaml"
    meta.write_text(meta.read_text("utf-8").replace("2026-07-01", "2026-08-01"), "utf-8")
    result = run_in_process("package", "--province", "JS", "--workspace", later, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    props = core(later / PACKAGE / "filing-report.docx")
    assert props["created"] == props["modified"] == "2026-08-01T00:00:00Z"
