"""`catalogtool --help` and `--version` start without the heavy modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("openpyxl", "python_calamine", "jsonschema", "ruamel", "docx", "frictionless")


def _modules_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        f"sys.argv = ['catalogtool', *{args!r}]\n"
        "from catalogtool.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_help_and_version_import_no_heavy_module() -> None:
    for args in (["--help"], ["--version"], ["validate", "--help"], ["codes", "--help"]):
        loaded = _modules_after(args)
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
        assert heavy == [], f"{args} imported {heavy}"


def test_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    from catalogtool import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"catalogtool {__version__}"


def test_validating_a_file_imports_neither_the_workspace_nor_jsonschema(tmp_path: Path) -> None:
    """A plain file is checked with the bundled schema in plain Python (rules/schema_subset.py)."""
    draft = _draft(tmp_path)
    loaded = _modules_after(["validate", str(draft), "--format", "json"])
    assert "catalogtool.validate" in loaded  # the check really ran
    unwanted = sorted(m for m in loaded if m.split(".")[0] == "jsonschema" or m == "catalogtool.workspace")
    assert unwanted == []


def _draft(folder: Path) -> Path:
    draft = folder / "draft.csv"
    draft.write_text(
        "小类代码,小类名称,岗位名称,产业领域,学历要求,工作经历要求,专业技能要求,薪酬待遇,年龄要求\n"
        "2-02-10,工程技术人员,芯片设计工程师,集成电路,硕士及以上,3年以上,熟悉前沿技术,4倍,60周岁以下\n",
        encoding="utf-8",
    )
    return draft


def test_help_and_one_format_import_only_that_reporter(tmp_path: Path) -> None:
    """Reporter modules are imported when their format is used (report/__init__.py's FORMATS)."""
    reporters = {"text", "json_report", "github", "sarif", "junit", "codequality"}

    def loaded_reporters(args: list[str]) -> set[str]:
        return {
            m.split(".")[-1] for m in _modules_after(args) if m.startswith("catalogtool.report.")
        } & reporters

    assert loaded_reporters(["--help"]) == set()
    assert loaded_reporters(["validate", "--help"]) == set()
    draft = _draft(tmp_path)
    assert loaded_reporters(["validate", str(draft), "--format", "json"]) == {"json_report"}


def test_a_run_builds_only_the_command_it_names() -> None:
    """cli._app_for: the command (or command group) the arguments name, alone under the root; the whole
    app for anything else, so root help, unknown names and completion see every command."""
    from catalogtool.cli import _app_for, _command_name, app

    def names(chosen: object) -> list[str | None]:
        assert chosen is app or chosen is not app
        return [_command_name(c) for c in chosen.registered_commands] + [  # type: ignore[attr-defined]
            g.name
            for g in chosen.registered_groups  # type: ignore[attr-defined]
        ]

    assert names(_app_for(["validate", "x.xlsx", "--format", "json"])) == ["validate"]
    assert names(_app_for(["--debug", "rules"])) == ["rules"]
    assert names(_app_for(["codes", "show", "2-02-10"])) == ["codes"]
    everything = names(app)
    assert {"validate", "rules", "explain", "codes", "consult"} <= set(everything)
    for args in ([], ["--help"], ["--version"], ["valdate"], ["--debug"], ["-h", "validate"]):
        assert _app_for(args) is app, args
    assert app.registered_commands and names(app) == everything  # the app itself is left whole


def test_a_lean_run_behaves_as_the_whole_app(run_cli) -> None:  # type: ignore[no-untyped-def]
    """What a user sees of a one-command run: its help, its usage errors, a near-miss name."""
    assert "No such command 'valdate'. Did you mean 'validate'?" in run_cli("valdate").stderr
    assert "Did you mean 'show'?" in run_cli("codes", "shw").stderr
    unknown = run_cli("validate", "--nope")
    assert unknown.returncode == 2
    assert "No such option: --nope" in unknown.stderr
    assert "catalogtool validate --help" in unknown.stderr
    assert "--max-findings" in run_cli("validate", "--help").stdout
    root = run_cli("--help").stdout
    assert all(name in root for name in ("validate", "codes", "explain", "consult"))


def test_validating_a_file_reads_no_yaml(tmp_path: Path) -> None:
    """The template spec comes from its JSON compile (catalogtool/compiled.py), so a plain check of a
    file imports no YAML parser (a catalogtool.yaml or a YAML input would)."""
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in csv.reader(_draft(tmp_path).read_text(encoding="utf-8").splitlines()):
        sheet.append(row)
    book.save(tmp_path / "draft.xlsx")
    loaded = _modules_after(["validate", str(tmp_path / "draft.xlsx"), "--format", "json"])
    assert "catalogtool.read.xlsx" in loaded  # the check really read a workbook
    assert sorted(m for m in loaded if m.split(".")[0] == "ruamel") == []
    # Nor code search (for suggestions, not needed when every code exists), html's entity table, or
    # the workbook writer (reading needs only the template spec, catalogtool/template.py).
    unwanted = {"catalogtool.codes.search", "html", "catalogtool.workbook"}
    assert "catalogtool.template" in loaded
    assert unwanted & loaded == set()


@pytest.mark.parametrize("typer", [False, True])
def test_the_process_entry_point_tunes_the_collector_for_one_run(tmp_path: Path, typer: bool) -> None:
    """`catalogtool` and `python -m catalogtool` run catalogtool.__main__.run: young collections after
    100,000 new objects while the command runs (the plain run without Typer, or Typer's), and the objects
    left at the end frozen (no collector pass over them at exit) after everything is written."""
    from importlib.metadata import entry_points

    import catalogtool.__main__ as entry

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "catalogtool"]
    assert script.value == "catalogtool.__main__:run"
    extra = ["--no-progress"] if typer else []  # an option the plain run leaves to Typer
    code = (
        "import gc, sys\n"
        f"sys.argv = ['catalogtool', 'validate', {str(_draft(tmp_path))!r}, '--format', 'json', *{extra!r}]\n"
        "import catalogtool.commands.validating as validating\n"
        "real = validating.validate\n"
        "def validate(**kwargs):\n"
        "    print('threshold', gc.get_threshold()[0], file=sys.stderr)\n"
        "    return real(**kwargs)\n"
        "validating.validate = validate\n"
        "from catalogtool.__main__ import run\n"
        "try:\n    run()\nexcept SystemExit as exc:\n"
        "    print(exc.code, gc.get_freeze_count() > 0, gc.get_threshold()[0], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import json

    report = json.loads(done.stdout)  # the whole report was written first
    assert report["summary"]["rows"] == 1
    threshold = str(entry.YOUNG_COLLECTION_THRESHOLD)
    assert done.stderr.split() == ["threshold", threshold, "0" if report["valid"] else "1", "True", threshold]
    # The library leaves the collector of its callers alone: importing and running it in this process
    # changed nothing here.
    import gc

    assert gc.get_threshold()[0] != entry.YOUNG_COLLECTION_THRESHOLD


def test_a_plain_check_imports_only_what_checking_needs(tmp_path: Path) -> None:
    """`catalogtool validate draft.xlsx --format json` through the process entry point (how hooks and CI
    run it): no Typer or command modules (commands/validating.py reads the command line), no workbook
    writer (template.py has the layout), no traceback (contain.py imports it only for a child's bug),
    no 2015 code table (rules/code.py reads it only to explain a wrong code or name)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["小类代码", "小类名称", "岗位名称", "产业领域", "学历要求", "工作经历要求", "薪酬待遇", "年龄要求"]
    )
    sheet.append(
        [
            "2-02-10",
            "信息和通信工程技术人员",  # the official name: a clean row
            "芯片设计工程师",
            "集成电路",
            "硕士及以上",
            "3年以上",
            "4倍",
            "60周岁以下",
        ]
    )
    book.save(tmp_path / "draft.xlsx")
    code = (
        "import sys\n"
        f"sys.argv = ['catalogtool', 'validate', {str(tmp_path / 'draft.xlsx')!r}, '--format', 'json']\n"
        "from catalogtool.__main__ import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
        "from catalogtool.codes import load_code_list\n"
        "from catalogtool.codes.model import Deferred\n"
        "unread = sum(type(c.__dict__['definition']) is Deferred for c in load_code_list())\n"
        "print(f'unread-texts:{unread}', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    *modules, unread = done.stderr.split()
    loaded = set(modules)
    assert "catalogtool.read.xlsx" in loaded and "catalogtool.contain" in loaded  # a contained read ran
    # The codes' definitions and tasks (codes/load.py: read on first use) were never read.
    assert unread.startswith("unread-texts:") and int(unread.split(":")[1]) > 1000
    unwanted = {
        "typer",
        "catalogtool.cli",
        "catalogtool.commands.validate",
        "catalogtool.workbook",
        "traceback",
        "catalogtool.legacy",  # the 2015 codes and names: only to explain a wrong code or name
        "catalogtool.codes.amendments",  # the shipped list comes from its compile (codes/load.py)
        "catalogtool.schema_errors",  # the wording of a competency verdict: this row has none
    }
    assert sorted(unwanted & loaded) == []
