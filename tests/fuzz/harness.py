"""Run one fuzz case: lay out its files, run the CLI in process, check a mode, keep what fails.

A mode is a function ``(case, folder, outcome) -> list of problems``. ``contract`` is the issue-#12
guarantee (see contract.py) plus "the input is never modified". Register another mode in ``MODES``
(round trip, output safety, …) and test_fuzz.py / run.py pick it up.

Every failing input is written to the failures folder (``$FUZZ_FAILURES``, default
``fuzz-failures/`` in the checkout) as ``<kind>-<hash>/``: the input file(s) and ``case.json`` with the
command and the problems, ready to become a regression test. Before each run the case is also written
to ``<failures>/last/``, so an input that takes the whole process down is not lost either.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.contract import Outcome, run
from tests.fuzz.generators import REPO, SAMPLE, Case

Mode = Callable[[Case, Path, Outcome], list[str]]

#: How many cases ran in this process, by kind (run.py reports it).
COUNTS: dict[str, int] = {}


def failures_dir() -> Path:
    return Path(os.environ.get("FUZZ_FAILURES", REPO / "fuzz-failures"))


def _inputs(case: Case) -> dict[str, bytes]:
    return {case.name: case.data, **case.extra}


def contract(case: Case, folder: Path, outcome: Outcome) -> list[str]:
    problems = outcome.violations()
    for name, data in _inputs(case).items():
        if (folder / name).read_bytes() != data:
            problems.append(f"the input {name} was modified")
    return problems


from tests.fuzz.integrity import output_safety, round_trip  # noqa: E402  (issue #19's modes)

MODES: dict[str, Mode] = {"contract": contract, "output-safety": output_safety, "round-trip": round_trip}


def _save(case: Case, where: Path, problems: list[str]) -> Path:
    shutil.rmtree(where, ignore_errors=True)
    for name, data in _inputs(case).items():
        target = where / "input" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (where / "case.json").write_text(
        json.dumps(
            {"kind": case.kind, "args": list(case.args), "workspace": case.workspace, "problems": problems},
            ensure_ascii=False,
            indent=1,
        ),
        "utf-8",
    )
    return where


def exercise(case: Case, mode: str = "contract", keep_last: bool = False) -> None:
    """Run ``case`` and assert ``mode``; a failing case is saved before the assertion fails."""
    COUNTS[case.kind] = COUNTS.get(case.kind, 0) + 1
    if keep_last:
        _save(case, failures_dir() / "last", ["(the run did not come back: this was the input)"])
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)
        if case.workspace:
            shutil.copytree(SAMPLE, folder, dirs_exist_ok=True)
        for name, data in _inputs(case).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        outcome = run(*case.argv(folder), cwd=folder)
        problems = MODES[mode](case, folder, outcome)
    if problems:
        digest = hashlib.sha256(case.data + "\0".join(case.args).encode()).hexdigest()[:12]
        saved = _save(case, failures_dir() / f"{case.kind}-{digest}", problems)
        raise AssertionError(f"{saved}: catalogtool {' '.join(case.args)}: " + "; ".join(problems))
