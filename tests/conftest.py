"""Shared test helpers: run the CLI (in process, or as a real process), find the fixtures, write workbooks."""

from __future__ import annotations

import os
import shutil
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
#: Vendored copies of what the tests need from ../shared (scripts/vendor_test_data.py).
DATA = REPO / "tests" / "data"
REFERENCE = DATA / "reference"
SAMPLE = REPO / "samples" / "JS"  # the Jiangsu sample workspace

# The leading columns of a catalog header, as every draft spells them.
LEADING_HEADER = ["序号", "小类代码", "小类名称", "相关职业代码", "岗位名称", "产业领域"]

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def _environment(env: dict[str, str] | None) -> dict[str, str | None]:
    """The environment a CLI test runs in: none of the user's CATALOGTOOL_/GITHUB_ settings, a UTF-8
    locale in English, 120 columns; ``env`` on top. None values remove a variable."""
    out: dict[str, str | None] = {k: None for k in os.environ if k.startswith(("CATALOGTOOL_", "GITHUB_"))}
    out.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"})
    out.update(env or {})
    return out


def run_in_process(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 120,  # the same signature as the subprocess runner
) -> subprocess.CompletedProcess[str]:
    """Run ``catalogtool ARGS`` in this process, exactly as the console entry point does
    (``catalogtool.cli.main``: one-line errors, exit codes 0/1/2), with Typer's CliRunner isolating
    stdin, stdout, stderr and the environment. Returns what a subprocess run would."""
    from typer.testing import CliRunner

    from catalogtool.cli import main

    argv = ["catalogtool", *map(str, args)]
    old_argv, old_cwd = sys.argv, os.getcwd()
    code: int = 0
    with CliRunner().isolation(input=input, env=_environment(env)) as (stdout, stderr, _):
        sys.argv = argv
        try:
            if cwd is not None:
                os.chdir(cwd)
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = old_argv
            os.chdir(old_cwd)
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8")
    return subprocess.CompletedProcess(argv, code, out, err)


def run_as_process(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m catalogtool ARGS`` as a real process (start-up, pipes, signals)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("CATALOGTOOL_", "GITHUB_"))}
    full_env.update({k: v for k, v in _environment(env).items() if v is not None})
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


@pytest.fixture
def run_cli() -> RunCli:
    """Run the CLI with ARGS in process (see :func:`run_in_process`) and return the completed run.

    The locale is fixed to English unless the test passes ``env={"CATALOGTOOL_LANG": "zh"}``.
    """
    return run_in_process


@pytest.fixture
def run_cli_process() -> RunCli:
    """Run the CLI as a real ``python -m catalogtool`` process: for what only a process shows."""
    return run_as_process


@pytest.fixture(scope="session")
def shared_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's realistic inputs (../shared/fixtures), as vendored in tests/data/fixtures: the text
    files as they are, the Jiangsu workbook built from its cell-by-cell description
    (scripts/vendor_test_data.py). Present in every clone; tests must not modify them."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from vendor_test_data import build_workbook
    finally:
        sys.path.remove(str(REPO / "scripts"))
    folder = tmp_path_factory.mktemp("fixtures")
    for source in (DATA / "fixtures").iterdir():
        if source.name.endswith(".workbook.json"):
            build_workbook(source, folder / source.name.replace(".workbook.json", ".xlsx"))
        else:
            shutil.copy(source, folder / source.name)
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


def sample_with_rows(root: Path, change: Callable[[list[dict[str, object]]], None]) -> Path:
    """A copy of the Jiangsu sample at ``root`` whose catalog is its source rows (catalog.source.yaml)
    changed in place by ``change``, written as catalog.yaml and named in province.yaml."""
    from ruamel.yaml import YAML

    shutil.copytree(SAMPLE, root)
    folder = root / "provinces" / "JS"
    rows: list[dict[str, object]] = YAML(typ="safe").load(
        (folder / "catalog.source.yaml").read_text("utf-8")
    )["rows"]
    change(rows)
    with (folder / "catalog.yaml").open("w", encoding="utf-8") as out:
        YAML().dump({"rows": rows}, out)
    meta = folder / "province.yaml"
    meta.write_text(
        meta.read_text("utf-8").replace("catalog: catalog.xlsx", "catalog: catalog.yaml"), "utf-8"
    )
    return root
