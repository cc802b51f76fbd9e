"""Data-driven cases: tests/examples/{valid,invalid}/<case>/ hold an input and the exact expected findings.

The input is ``catalog.csv`` (or another text format), or ``catalog.xlsx.json``: a workbook described
cell by cell (scripts/vendor_test_data.py builds it), so xlsx cases are text a reviewer can read.

A valid case exits 0 (warnings and infos allowed, and listed); an invalid one exits 1. Each finding is
pinned as [rule, severity, row, column], so a changed location or severity fails the case. A case may
also pin what was read: ``"read": {"<row>": {"<field>": value}}`` with the normalised values
(industry and codes as read, education level key, years, age, salary multiple/annual/currency); a
row read as nothing (a section heading, a note) is ``{}``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, RunCli

EXAMPLES = Path(__file__).parent / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*/*") if p.is_dir())


def _input(case: Path, tmp_path: Path) -> Path:
    (found,) = [p for p in case.iterdir() if p.name.startswith("catalog.")]
    if found.name == "catalog.xlsx.json":
        sys.path.insert(0, str(REPO / "scripts"))
        try:
            from vendor_test_data import build_workbook
        finally:
            sys.path.remove(str(REPO / "scripts"))
        return build_workbook(found, tmp_path / "catalog.xlsx")
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example(case: Path, run_cli: RunCli, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = run_cli("validate", _input(case, tmp_path), "--format", "json")
    assert result.returncode == (0 if case.parent.name == "valid" else 1), result.stderr
    report = json.loads(result.stdout)
    got = [[f["rule"], f["severity"], f["row"], f["column"]] for f in report["findings"]]
    assert got == expected["findings"]
    assert report["valid"] is (case.parent.name == "valid")
    if "read" in expected:
        assert _read(_input(case, tmp_path), expected["read"]) == expected["read"]


def _read(path: Path, wanted: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    """The values of the wanted rows and fields as catalogtool read them ({} for a row not read)."""
    from catalogtool.validate import load_catalog

    rows = {str(r.number): r for r in load_catalog(path).rows}
    out: dict[str, dict[str, object]] = {}
    for number, fields in wanted.items():
        row = rows.get(number)
        values: dict[str, object] = {}
        for key in fields if row is not None else ():
            if key.startswith("salary_"):
                values[key] = None if row.salary is None else getattr(row.salary, key.removeprefix("salary_"))
            elif key == "occupation_codes":
                values[key] = list(row.occupation_codes)
            else:
                values[key] = getattr(row, key)
        out[number] = values
    return out


def test_every_rule_is_pinned_by_an_example_or_a_test() -> None:
    """Each rule (CT1xx–CT5xx) is pinned by an example here or named in an assertion of a test module."""
    from catalogtool.rules import all_rules

    pinned = {
        rule
        for case in CASES
        for rule, *_ in json.loads((case / "expected.json").read_text(encoding="utf-8"))["findings"]
    }
    # Workspace (CT5xx) and a province's own schema (CT308) need more than one file: tests name them.
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    named = set(re.findall(r"[\"'](CT[1-5]\d\d)[\"']", tests))
    unpinned = {r.id for r in all_rules()} - pinned - named
    assert unpinned == set()
    row_rules = {r.id for r in all_rules() if r.id[2] in "1234"}
    # The row and file families are pinned by examples, except a formula with a saved value (openpyxl
    # cannot save one: test_read.py), CT308 (test_options.py) and an unusable input (CT100, exit 2:
    # test_outputs.py).
    assert row_rules - pinned == {"CT100", "CT103", "CT105", "CT308"} - pinned
