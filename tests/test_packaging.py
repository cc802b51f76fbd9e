"""The built wheel carries every subpackage and the top-level data folders."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "catalogtool").rglob("__init__.py")}
    assert found <= listed


def test_wheel_contains_data_folders(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
         "--wheel-dir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("catalogtool-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "catalogtool/_data/occupation_codes/noc2022.json",
        "catalogtool/_data/occupation_codes/NOTICE",
        "catalogtool/schemas/competency.schema.json",
        "catalogtool/py.typed",
    ):
        assert expected in names
    assert any(n.startswith("catalogtool/_data/templates/") for n in names)
    assert any(n.startswith("catalogtool/_data/samples/JS/") for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
