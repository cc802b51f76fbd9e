"""Data-driven cases: tests/examples/{valid,invalid}/<case>/ hold an input and the exact expected findings.

A valid case exits 0 (warnings and infos allowed, and listed); an invalid one exits 1. Each finding is
pinned as [rule, severity, row, column], so a changed location or severity fails the case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli

EXAMPLES = Path(__file__).parent / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*/*") if p.is_dir())


def _input(case: Path) -> Path:
    (found,) = [p for p in case.iterdir() if p.name.startswith("catalog.")]
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example(case: Path, run_cli: RunCli) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = run_cli("validate", _input(case), "--format", "json")
    assert result.returncode == (0 if case.parent.name == "valid" else 1), result.stderr
    report = json.loads(result.stdout)
    got = [[f["rule"], f["severity"], f["row"], f["column"]] for f in report["findings"]]
    assert got == expected["findings"]
    assert report["valid"] is (case.parent.name == "valid")


def test_every_row_rule_has_a_failing_example() -> None:
    """Each rule of the row families (CT2xx–CT4xx) is pinned by at least one example or CLI test."""
    from catalogtool.rules import all_rules

    pinned = {
        rule
        for case in CASES
        for rule, *_ in json.loads((case / "expected.json").read_text(encoding="utf-8"))["findings"]
    }
    # Excel-date rules need an xlsx with date cells: tests/test_validate_cli.py builds those.
    # CT308 fires only for a province's own schema extension: tests/test_validate_cli.py.
    elsewhere = {"CT206", "CT207", "CT308"}
    row_rules = {r.id for r in all_rules() if r.id[2] in "234"}
    assert row_rules - pinned - elsewhere == set()
