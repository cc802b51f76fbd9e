"""`catalogtool new` creates a workspace atomically: all files or none (issue #19).

Real write failures, no mocks: (1) the command runs in a subprocess whose file-size limit
(RLIMIT_FSIZE) is smaller than the workbook's parts, so writing fails with EFBIG as on a full disk;
(2) one target of `new --force` is a folder, found only when the files are written. Nothing may be
left behind or changed, and running `new` again must then succeed.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cli_inproc import cli

LIMIT = 8_192  # bytes: the YAML files fit, the workbook's parts do not


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write over the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def run_new(root: Path, limited: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOGTOOL_")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "catalogtool",
            "new",
            "--province",
            "JS",
            "--workspace",
            str(root),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "LANG": "C.UTF-8"},
        preexec_fn=_limited if limited else None,
        check=False,
        timeout=120,
    )


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no RLIMIT_FSIZE on this system")
def test_a_failed_new_leaves_nothing_and_the_rerun_works(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    failed = run_new(root, limited=True)
    assert failed.returncode == 2, failed.stdout + failed.stderr
    assert failed.stderr.startswith("catalogtool: cannot build the workbook: ")
    assert len(failed.stderr.splitlines()) == 1
    assert "Traceback" not in failed.stderr
    assert not root.exists() or list(root.rglob("*")) == []
    again = run_new(root, limited=False)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (root / "provinces" / "JS").iterdir()) == [
        "README.md",
        "catalog.xlsx",
        "consultation.yaml",
        "high-end-standards.yaml",
        "province.yaml",
    ]
    assert (root / "catalogtool.yaml").is_file()


def test_new_force_is_all_or_nothing_too(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert cli("new", "--province", "JS", "--workspace", root).code == 0
    folder = root / "provinces" / "JS"
    (folder / "province.yaml").write_text("# edited by the drafters\n", "utf-8")
    (folder / "catalog.xlsx").unlink()
    (folder / "catalog.xlsx").mkdir()  # found only when writing
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    outcome = cli("new", "--province", "JS", "--workspace", root, "--force")
    assert outcome.code == 2
    assert "catalog.xlsx" in outcome.stderr and "is a folder" in outcome.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert not [p for p in root.rglob("*.tmp")]
