"""`make bench`: catalogtool against frictionless and a bare python-calamine read, same files, same run.

Generates realistic drafts (real NOC subcategories, their occupations and official names; openpyxl
write-only, one header row with the template labels) of each size into a temporary folder, then runs,
each in its own process, timed as a whole (start-up included) with peak memory from wait4():

* ``catalogtool validate FILE --format json``
* ``frictionless validate FILE --schema SCHEMA`` with an equivalent Table Schema (required fields,
  subcategory codes as an enum of the real ones, code patterns, the (code, position) primary key);
  only for sizes up to --frictionless-max-rows, as it is slow
* a bare python-calamine read of every row of the same file

and prints one table with the design's targets (design.md §8) marked met or not met:
catalogtool ≥ 5× faster than frictionless at 10,000 rows; within 2× of bare calamine at 100,000
rows; peak memory under 300 MB at 100,000 rows and flat in rows (largest ≤ 2× smallest).

Usage: python scripts/bench.py [--rows 10000 100000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogtool.codes import BASE_EDITION, Code, load_code_list
from catalogtool.model import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from catalogtool.rules.code import restriction

BIN = Path(sys.executable).parent
INDUSTRIES = ("集成电路", "人工智能", "生物医药", "高端装备", "新能源", "软件和信息服务", "现代物流")
EDUCATION = ("硕士及以上", "学士", "博士", "本科及以上")
EXPERIENCE = ("3年以上", "2", "5年及以上", "两年以上")
SALARY = ("不低于上年度社会平均工资4倍", "4倍", "", "30万元/年")
SKILLS = "熟悉相关领域前沿技术，具有独立承担研发项目的经验，能够指导团队完成关键技术攻关"
MEMORY_LIMIT_MB = 300.0


@dataclass(frozen=True)
class Run:
    """One timed process: best wall time over the repeats and the largest peak RSS."""

    seconds: float
    peak_mb: float
    exit_code: int


def subcategories() -> list[tuple[str, str, list[str]]]:
    """(code, official name, occupation codes) of real, non-residual professional subcategories."""
    codes = load_code_list()

    def plain(code: Code) -> bool:  # in the base edition, never renumbered, open to foreigners
        return code.edition == BASE_EDITION and code.renumbered_to is None and restriction(code.code) is None

    out = []
    for sub in codes.by_level(3):
        if sub.code.startswith(("2-", "4-", "6-")) and not sub.residual and plain(sub):
            occupations = [c.code for c in codes.children(sub.code) if plain(c)]
            if occupations:
                out.append((sub.code, sub.name, occupations))
    return out


def write_draft(path: Path, rows: int) -> None:
    """A draft of ``rows`` valid rows in the template's column order (openpyxl write-only)."""
    import openpyxl

    subs = subcategories()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("指导目录")
    ws.append([FIELD_LABELS[k][0] for k in FIELDS])
    for i in range(rows):
        code, name, occupations = subs[i % len(subs)]
        ws.append(
            [
                i + 1,
                code,
                name,
                "；".join(occupations[: 1 + i % 2]),
                f"{name[:6]}岗位{i + 1}",  # unique per subcategory: no duplicate-row findings
                INDUSTRIES[i % len(INDUSTRIES)],
                EDUCATION[i % len(EDUCATION)],
                EXPERIENCE[i % len(EXPERIENCE)],
                SKILLS,
                "",
                SALARY[i % len(SALARY)],
                "60周岁以下",
                "",
            ]
        )
    wb.save(path)


def write_schema(path: Path) -> None:
    """The Table Schema that checks what catalogtool checks, as far as Table Schema can say it."""
    subs = [code for code, _, _ in subcategories()]
    all_subs = sorted({c.code for c in load_code_list().by_level(3)} | set(subs))
    fields = []
    for key in FIELDS:
        field: dict[str, object] = {
            "name": FIELD_LABELS[key][0],
            "type": "integer" if key == "seq" else "string",
        }
        constraints: dict[str, object] = {}
        if key in REQUIRED_FIELDS:
            constraints["required"] = True
        if key == "subcategory_code":
            constraints["enum"] = all_subs
        if key == "occupation_codes":
            constraints["pattern"] = r"(\d-\d{2}-\d{2}-\d{2})([；;、,，]\d-\d{2}-\d{2}-\d{2})*"
        if key in ("education", "skills", "position"):
            constraints["maxLength"] = 32767
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {
        "fields": fields,
        "primaryKey": [FIELD_LABELS["subcategory_code"][0], FIELD_LABELS["position"][0]],
    }
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=1), encoding="utf-8")


CALAMINE_READ = """
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
rows = 0
for row in book.get_sheet_by_index(0).iter_rows():
    rows += 1
print(rows)
"""


def measure(argv: Sequence[str], repeat: int, cwd: Path, out: Path) -> Run:
    """Best wall time of ``repeat`` runs of ``argv`` and the largest peak RSS (wait4 rusage).

    Standard output goes to ``out`` (a file, so a big report never blocks on a full pipe).
    """
    best, peak, code = float("inf"), 0.0, 0
    for _ in range(repeat):
        with out.open("wb") as sink, tempfile.TemporaryFile() as errors:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, stdout=sink, stderr=errors)
            _pid, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                errors.seek(0)
                raise SystemExit(f"{' '.join(argv)} failed with exit {code}:\n{errors.read().decode()}")
        best = min(best, elapsed)
        # ru_maxrss is in KiB on Linux, bytes on macOS.
        peak = max(peak, usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10))
    return Run(best, peak, code)


def check_rows(tool: str, out: Path, rows: int) -> None:
    """Refuse a timing whose run did not actually read every row (e.g. frictionless refusing a path)."""
    text = out.read_text(encoding="utf-8")
    if tool == "catalogtool":
        seen = json.loads(text)["summary"]["rows"]
    elif tool == "frictionless":
        task = json.loads(text)["tasks"][0]
        seen = task["stats"].get("rows", 0)
        if any(e.get("type") == "resource-error" for e in task["errors"]):
            raise SystemExit(f"frictionless could not read the file: {task['errors'][0].get('message')}")
    else:
        seen = int(text.strip()) - 1  # the header row
    if seen != rows:
        raise SystemExit(f"{tool} read {seen} rows, expected {rows}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="draft sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best time is kept)")
    parser.add_argument(
        "--frictionless-max-rows", type=int, default=10_000, help="skip frictionless above this"
    )
    parser.add_argument("--keep", type=Path, help="write the drafts here and keep them")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.rows))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="catalogtool-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    frictionless = shutil.which("frictionless", path=str(BIN)) or shutil.which("frictionless")
    try:
        schema = folder / "catalog.schema.json"
        write_schema(schema)
        results: dict[int, dict[str, Run]] = {}
        for rows in sizes:
            draft = folder / f"draft-{rows}.xlsx"
            started = time.perf_counter()
            write_draft(draft, rows)
            mb = draft.stat().st_size / 2**20
            print(
                f"generated {draft.name}: {rows:,} rows, {mb:.1f} MB in {time.perf_counter() - started:.1f} s"
            )
            # Relative paths in the drafts' folder: frictionless refuses absolute ones as unsafe.
            commands = {
                "catalogtool": [
                    sys.executable,
                    "-m",
                    "catalogtool",
                    "validate",
                    draft.name,
                    "--format",
                    "json",
                ],
                "calamine": [sys.executable, "-c", CALAMINE_READ, draft.name],
            }
            if frictionless and rows <= args.frictionless_max_rows:
                commands["frictionless"] = [
                    frictionless,
                    "validate",
                    draft.name,
                    "--schema",
                    schema.name,
                    "--json",
                ]
            runs = {}
            for tool, command in commands.items():
                out = folder / f"{tool}-{rows}.out"
                runs[tool] = measure(command, args.repeat, folder, out)
                check_rows(tool, out, rows)
            results[rows] = runs
        report(results, frictionless is not None)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(results: dict[int, dict[str, Run]], have_frictionless: bool) -> None:
    """Print the table and the targets."""
    print()
    print(f"{'rows':>9}  {'tool':<13} {'wall s':>8} {'peak MB':>8}  vs catalogtool")
    for rows, runs in results.items():
        ours = runs["catalogtool"]
        for name, run in runs.items():
            ratio = "" if name == "catalogtool" else f"{run.seconds / ours.seconds:5.2f}× its time"
            print(f"{rows:>9,}  {name:<13} {run.seconds:8.2f} {run.peak_mb:8.1f}  {ratio}")
    print()
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    compared = [r for r in sizes if "frictionless" in results[r]]
    if compared:
        r = compared[-1]
        speedup = results[r]["frictionless"].seconds / results[r]["catalogtool"].seconds
        print(
            f"target: ≥ 5× faster than frictionless at {r:,} rows: {speedup:.1f}× — {verdict(speedup >= 5)}"
        )
    else:
        why = "not installed" if not have_frictionless else "no size within --frictionless-max-rows"
        print(f"target: ≥ 5× faster than frictionless: not measured ({why})")
    slowdown = results[large]["catalogtool"].seconds / results[large]["calamine"].seconds
    print(f"target: within 2× of bare calamine at {large:,} rows: {slowdown:.2f}× — {verdict(slowdown <= 2)}")
    peak = results[large]["catalogtool"].peak_mb
    print(
        f"target: peak memory under {MEMORY_LIMIT_MB:.0f} MB at {large:,} rows: {peak:.0f} MB — "
        f"{verdict(peak < MEMORY_LIMIT_MB)}"
    )
    if large != small:
        growth = peak / results[small]["catalogtool"].peak_mb
        # calamine holds the whole sheet as a dense grid, so part of the growth is its own: show ours.
        extra = [results[r]["catalogtool"].peak_mb - results[r]["calamine"].peak_mb for r in (small, large)]
        print(
            f"target: memory flat in rows ({small:,} → {large:,} rows, ≤ 2×): {growth:.2f}× — {verdict(growth <= 2)}"
        )
        print(
            f"        (catalogtool's own memory above bare calamine: {extra[0]:+.0f} MB at {small:,} rows, "
            f"{extra[1]:+.0f} MB at {large:,})"
        )


if __name__ == "__main__":
    raise SystemExit(main())
