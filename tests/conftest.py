"""Shared test helpers: run the real CLI in a subprocess, find the shared fixtures, write workbooks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "samples" / "JS"  # the Jiangsu sample workspace

# The leading columns of a catalog header, as every draft spells them.
LEADING_HEADER = ["序号", "小类代码", "小类名称", "相关职业代码", "岗位名称", "产业领域"]

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> RunCli:
    """Run ``python -m catalogtool ARGS`` and return the completed process (text mode).

    The locale is fixed to English unless the test passes ``env={"CATALOGTOOL_LANG": "zh"}``.
    """

    def run(
        *args: str | os.PathLike[str],
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        input: str | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOGTOOL_", "GITHUB_"))}
        full_env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"})
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "catalogtool", *map(str, args)],
            cwd=cwd,
            env=full_env,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )

    return run


@pytest.fixture
def shared_fixtures() -> Path:
    """The project's shared realistic inputs (../shared/fixtures), present in dev and CI."""
    folder = SHARED / "fixtures"
    if not folder.is_dir():
        pytest.skip("../shared/fixtures is not beside this checkout")
    return folder


def new_workbook(*rows: Sequence[object], title: str | None = None) -> tuple[Workbook, Worksheet]:
    """A workbook whose first sheet (named ``title``, if given) holds ``rows``, for a test to extend."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    if title is not None:
        ws.title = title
    for row in rows:
        ws.append(row)
    return wb, ws


def save_xlsx(path: Path, *rows: Sequence[object], title: str | None = None) -> Path:
    """Write ``rows`` to a one-sheet workbook at ``path``."""
    wb, _ = new_workbook(*rows, title=title)
    wb.save(path)
    return path
