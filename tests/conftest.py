"""Shared test helpers: run the real CLI in a subprocess, and find the shared fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

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
