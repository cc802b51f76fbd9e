"""`catalogtool --help` and `--version` start without the heavy modules."""

from __future__ import annotations

import subprocess
import sys

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
