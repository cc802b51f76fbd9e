"""Workspace files are read only from inside the workspace; output never lands among the provinces
(issue #19)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_inproc import cli
from conftest import SAMPLE

TODAY = "2026-05-01"
SECRET = "机密：不应出现在报备材料中 / must never reach a filing package"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    return root


def outside_standards(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere" / "standards.yaml"
    outside.parent.mkdir()
    standards = (SAMPLE / "provinces" / "JS" / "high-end-standards.yaml").read_text("utf-8")
    outside.write_text(standards.replace("入选省级以上人才计划的外籍人才", SECRET), "utf-8")
    return outside


def test_a_workspace_file_linking_outside_is_refused(ws: Path, tmp_path: Path) -> None:
    link = ws / "provinces" / "JS" / "high-end-standards.yaml"
    link.unlink()
    link.symlink_to(outside_standards(tmp_path))
    outcome = cli("package", "--province", "JS", "--workspace", ws, "--today", TODAY)
    assert outcome.code == 2, outcome.stdout
    assert f"{link} leads outside the workspace {ws}" in outcome.stderr
    assert not (ws / "dist").exists()
    assert cli("validate", "--province", "JS", "--workspace", ws).code == 2


def test_a_link_inside_the_workspace_is_fine(ws: Path) -> None:
    folder = ws / "provinces" / "JS"
    (ws / "shared").mkdir()
    (folder / "high-end-standards.yaml").rename(ws / "shared" / "standards.yaml")
    (folder / "high-end-standards.yaml").symlink_to(Path("..") / ".." / "shared" / "standards.yaml")
    outcome = cli("package", "--province", "JS", "--workspace", ws, "--today", TODAY)
    assert outcome.code == 0, outcome.stdout + outcome.stderr


@pytest.mark.parametrize("what", ["catalog", "folder"])
def test_a_catalog_or_province_folder_linking_outside_is_refused(ws: Path, tmp_path: Path, what: str) -> None:
    folder = ws / "provinces" / "JS"
    if what == "catalog":
        away = tmp_path / "catalog.xlsx"
        (folder / "catalog.xlsx").rename(away)
        (folder / "catalog.xlsx").symlink_to(away)
    else:
        away = tmp_path / "JS"
        folder.rename(away)
        folder.symlink_to(away, target_is_directory=True)
    outcome = cli("package", "--province", "JS", "--workspace", ws, "--today", TODAY)
    assert outcome.code == 2
    assert "leads outside the workspace" in outcome.stderr


def test_out_inside_provinces_is_refused_and_validation_ignores_packages(ws: Path) -> None:
    outcome = cli(
        "package", "--province", "JS", "--workspace", ws, "--today", TODAY, "--out", ws / "provinces"
    )
    assert outcome.code == 2
    assert "is inside the workspace's provinces/ folder" in outcome.stderr
    assert sorted(p.name for p in (ws / "provinces").iterdir()) == ["JS"]
    # a package someone copied there by hand is output, not a province
    assert cli("package", "--province", "JS", "--workspace", ws, "--today", TODAY).code == 0
    shutil.copytree(ws / "dist" / "JS-2026", ws / "provinces" / "JS-2026")
    validated = cli("validate", ws, "--today", TODAY)
    assert validated.code == 0, validated.stdout + validated.stderr
    assert "JS-2026" not in validated.stdout
