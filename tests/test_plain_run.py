"""The plain run: `catalogtool validate FILE… [--format F]` from the process entry point, without Typer
(catalogtool/commands/validating.py). It must read the same arguments as Typer and end the same."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from catalogtool.commands import validating
from catalogtool.commands.validating import plain_arguments
from tests.conftest import run_as_process, run_in_process

DEFAULTS = {name: p.default for name, p in inspect.signature(validating.validate).parameters.items()}

# Files as people name them, and texts that look like options or are odd for a parser.
FILES = st.sampled_from(
    [
        "draft.xlsx",
        "省/草稿 1.csv",
        "validate",
        "json",
        "x=y.yaml",
        ".",
        "a b",
        "ｆ.xlsx",
        "-",
        "",
        "--",
        "-x",
    ]
) | st.text(max_size=8)
FORMATS = st.sampled_from(["json", "TEXT", "sarif", "bogus", "", "-f", "--format", "a b"])
OPTION = st.tuples(st.sampled_from(["--format", "-f"]), FORMATS).map(list)
OTHER = st.sampled_from(
    [
        ["--format=json"],
        ["-fjson"],
        ["--no-progress"],
        ["--strict"],
        ["--lang", "zh"],
        ["--help"],
        ["--debug"],
    ]
)
TOKENS = st.lists(FILES.map(lambda f: [f]) | OPTION | OTHER, max_size=5).map(
    lambda parts: [token for part in parts for token in part]
)


def _typer_arguments(args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """What Typer passes to validating.validate for ``validate ARGS`` (None: it did not call it)."""
    from catalogtool.cli import app

    seen: list[dict[str, Any]] = []

    def record(**kwargs: Any) -> int:
        seen.append(kwargs)
        return 0

    with monkeypatch.context() as patch:
        patch.setattr(validating, "validate", record)
        CliRunner().invoke(app, ["validate", *args])
    return seen[0] if seen else None


@settings(max_examples=300, deadline=None)
@given(TOKENS)
def test_the_plain_reading_is_typers(args: list[str]) -> None:
    plain = plain_arguments(["validate", *args], {})
    if plain is None:
        return  # Typer reads it, as it always did
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _typer_arguments(args, monkeypatch) == {**DEFAULTS, **plain}


def test_what_the_plain_reading_takes_and_leaves_to_typer() -> None:
    def files(*args: str) -> list[Path] | None:
        plain = plain_arguments(list(args), {})
        return None if plain is None else plain["paths"]

    assert plain_arguments(["validate", "a.xlsx", "b.csv", "-f", "json"], {}) == {
        "paths": [Path("a.xlsx"), Path("b.csv")],
        "output_format": "json",
    }
    assert files("validate", "a.xlsx", "--format", "sarif", "b.csv") == [Path("a.xlsx"), Path("b.csv")]
    for args in (
        [],
        ["validate"],  # no file: Typer's usage error
        ["validate", "--format", "json"],
        ["codes", "show", "2-02-10"],
        ["--debug", "validate", "a.xlsx"],
        ["validate", "a.xlsx", "--format"],
        ["validate", "a.xlsx", "--format", "json", "-f", "text"],  # twice: Typer's rule, not ours
        ["validate", "a.xlsx", "--format=json"],
        ["validate", "a.xlsx", "--no-progress"],
        ["validate", "a.xlsx", "--help"],
        ["validate", "a.xlsx", "--"],
        ["validate", ""],
        ["validate", "a\x00b"],  # Typer's path type fails on it (in process only: no argv holds a NUL)
    ):
        assert plain_arguments(args, {}) is None, args
    # Shell completion is Typer's.
    assert plain_arguments(["validate", "a.xlsx"], {"_CATALOGTOOL_COMPLETE": "bash_complete"}) is None


def _draft(folder: Path, *rows: str) -> Path:
    draft = folder / "draft.csv"
    draft.write_text(
        "小类代码,小类名称,岗位名称,产业领域,学历要求,工作经历要求,专业技能要求,薪酬待遇,年龄要求\n"
        + "".join(row + "\n" for row in rows),
        encoding="utf-8",
    )
    return draft


GOOD = "2-02-10,工程技术人员,芯片设计工程师,集成电路,硕士及以上,3年以上,熟悉前沿技术,4倍,60周岁以下"
BAD = "2-02-1O,工程技术人员,芯片设计工程师,集成电路,博士后,3年以上,熟悉前沿技术,4倍,60周岁以下"


def test_a_plain_run_ends_as_the_typer_run(tmp_path: Path) -> None:
    """Same output, error lines and exit code through the process entry point's plain run (a real
    process, `python -m catalogtool`) as through Typer (catalogtool.cli.main, in process)."""
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    good, bad = _draft(tmp_path / "good", GOOD), _draft(tmp_path / "bad", GOOD, BAD)
    unusable = tmp_path / "notes.txt"
    unusable.write_text("not a catalog\n", encoding="utf-8")
    cases = [
        [good, "--format", "json"],
        [bad],
        [bad, "-f", "sarif"],
        [good, bad, "--format", "TEXT"],
        [tmp_path / "missing.xlsx"],
        [unusable, good],
        [good, "--format", "bogus"],
    ]
    for args in cases:
        for env in ({}, {"CATALOGTOOL_LANG": "zh"}):
            plain, typer_run = (
                run_as_process("validate", *args, env=env),
                run_in_process("validate", *args, env=env),
            )
            assert plain_arguments(["validate", *map(str, args)], {}) is not None
            assert (plain.returncode, plain.stdout, plain.stderr) == (
                typer_run.returncode,
                typer_run.stdout,
                typer_run.stderr,
            ), args
    assert run_as_process("validate", bad).returncode == 1


def test_a_plain_run_imports_no_typer(tmp_path: Path) -> None:
    """The point of the plain run: neither Typer nor the app (every command's module) is imported."""
    code = (
        "import sys\n"
        f"sys.argv = ['catalogtool', 'validate', {str(_draft(tmp_path, GOOD))!r}, '--format', 'json']\n"
        "from catalogtool.__main__ import run\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    print(exc.code, file=sys.stderr)\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    exit_code, *modules = done.stderr.split()
    report = json.loads(done.stdout)  # the check really ran
    assert (report["summary"]["rows"], exit_code) == (1, "0" if report["valid"] else "1")
    unwanted = sorted(m for m in modules if m.split(".")[0] in ("typer", "click") or m == "catalogtool.cli")
    assert unwanted == []
