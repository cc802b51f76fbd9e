"""Issue #19's fuzz modes, registered in harness.MODES: output safety and round trip.

``output_safety``: whatever the generated (hostile) input, no people-facing output (stderr, and stdout
of every text format) carries a raw control character, no workbook the run wrote holds a formula, no
CSV field it wrote is formula-like; for a catalog input, converting it to .xlsx and .csv as well must
give inert files.

``round_trip``: for a catalog input that ``convert`` accepts, yaml → xlsx → yaml gives the same YAML
bytes; a step may refuse only with one clear line (a noncharacter a workbook cannot hold).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from tests.fuzz.contract import Outcome, run
from tests.fuzz.generators import Case

CATALOG_KINDS = ("xlsx", "csv", "json", "yaml")
MACHINE_FORMATS = ("json", "sarif", "junit", "codequality")
# What must never reach a terminal or log raw (report.common.visible shows these as escapes).
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _raw(text: str, what: str) -> list[str]:
    match = _RAW.search(text)
    return [f"{what} carries a raw U+{ord(match.group(0)):04X}"] if match else []


def _written(case: Case, folder: Path, suffix: str) -> list[Path]:
    inputs = {case.name, *case.extra}
    return sorted(
        p
        for p in folder.rglob(f"*{suffix}")
        if p.relative_to(folder).as_posix() not in inputs and "samples" not in p.parts
    )


def _formulas(path: Path) -> set[bytes] | None:
    """The text of every formula in a workbook's sheets (None when it is not a readable zip).
    A shared formula's followers (``<f t="shared" si="0"/>``) count as the empty text."""
    try:
        with zipfile.ZipFile(path) as z:
            sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return None
    return {m.group(1) or b"" for data in sheets for m in _FORMULA_ELEMENT.finditer(data)}


def _xlsx_problems(path: Path, allowed: set[bytes]) -> list[str]:
    """A formula in a written workbook is a problem unless the input workbook held the same one (an
    annotated copy keeps the drafters' own formulas, never evaluated)."""
    found = _formulas(path)
    if found is None:
        return [f"{path.name} is not a readable workbook"]
    return [f"{path.name}: a formula {f[:60]!r} the input did not hold" for f in sorted(found - allowed)]


def _csv_problems(path: Path) -> list[str]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return [f"{path.name} is neither UTF-8 nor GB18030"]
    for row in csv.reader(io.StringIO(text, newline="")):
        for value in row:
            if len(value) > 1 and value.startswith(_STARTS) and not value[1:].replace(".", "", 1).isdigit():
                return [f"{path.name}: the field {value[:30]!r} is formula-like and unguarded"]
    return []


def _files(case: Case, folder: Path) -> list[str]:
    problems: list[str] = []
    allowed = (_formulas(folder / case.name) or set()) if case.kind == "xlsx" else set()
    for path in _written(case, folder, ".xlsx"):
        problems += _xlsx_problems(path, allowed)
    for path in _written(case, folder, ".csv"):
        problems += _csv_problems(path)
    return problems


def output_safety(case: Case, folder: Path, outcome: Outcome) -> list[str]:
    problems = _raw(outcome.stderr, "stderr")
    fmt = case.args[case.args.index("--format") + 1] if "--format" in case.args else "text"
    if fmt not in MACHINE_FORMATS:
        problems += _raw(outcome.stdout, f"stdout ({fmt})")
    problems += _files(case, folder)
    if case.kind in CATALOG_KINDS and outcome.exit_code in (0, 1):
        for out in ("safety.xlsx", "safety.csv"):
            converted = run("convert", folder / case.name, folder / out, "--drop-unknown-columns", cwd=folder)
            problems += converted.violations() + _raw(converted.stderr, f"convert to {out}: stderr")
        problems += _files(case, folder)
    return problems


def round_trip(case: Case, folder: Path, outcome: Outcome) -> list[str]:
    if case.kind not in CATALOG_KINDS:
        return []
    one, xlsx, three = folder / "rt-one.yaml", folder / "rt-two.xlsx", folder / "rt-three.yaml"
    first = run("convert", folder / case.name, one, "--drop-unknown-columns", cwd=folder)
    if first.exit_code != 0:
        return first.violations()  # an input convert refuses is the contract's business
    for step, source, target in (("yaml → xlsx", one, xlsx), ("xlsx → yaml", xlsx, three)):
        done = run("convert", source, target, cwd=folder)
        if done.exit_code == 2 and "noncharacter" in done.stderr:
            return done.violations()  # reported, not changed: what a workbook cannot hold
        if done.exit_code != 0:
            return [f"{step} failed on convert's own output: {done.stderr.strip()[:300]}", *done.violations()]
    if three.read_bytes() != one.read_bytes():
        before, after = one.read_text("utf-8").splitlines(), three.read_text("utf-8").splitlines()
        diff = next(
            ((a, b) for a, b in zip(before, after, strict=False) if a != b), (len(before), len(after))
        )
        return [f"yaml → xlsx → yaml changed the catalog: {diff!r}"]
    return []
