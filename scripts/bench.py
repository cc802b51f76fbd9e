"""`make bench`: catalogtool against its peers, same files, same run, each as a whole process.

Generates realistic drafts (real NOC subcategories, their occupations and official names; distinct positions,
varied skills, education, experience, salary and age wording; openpyxl write-only, one header row with the
template labels) into a temporary folder, and a workspace of all 31 provinces, then times, each in its own
process (start-up included), best of --repeat, with peak memory from wait4():

* ``catalogtool validate FILE --format json`` against a bare python-calamine read of every row of the same
  file, and against ``frictionless validate FILE --schema SCHEMA`` with an equivalent Table Schema
  (only for sizes up to --frictionless-max-rows, as it is slow);
* ``catalogtool --help`` and ``catalogtool codes show 2-02-10`` against ``python -c pass``;
* ``catalogtool validate WORKSPACE`` over 31 provinces × --workspace-rows rows in one call.

It prints one table and every target of the performance issue with its ratio and met / NOT MET:
1. a small catalog (≤ 500 rows): validate ≤ 6× a bare calamine read; --help and codes show ≤ 10× python -c pass;
2. 10,000 rows: ≥ 5× faster than frictionless;
3. 100,000 rows: ≤ 2× a bare calamine read, peak memory ≤ 300 MB;
4. a workspace of 31 provinces × 500 rows in one call: ≤ 2 s.

Usage: python scripts/bench.py [--rows 500 10000 100000] [--repeat 3] [--keep DIR] [--workspace-rows 500]
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
from catalogtool.fields import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from catalogtool.rules.code import restriction

BIN = Path(sys.executable).parent
INDUSTRIES = (
    "集成电路",
    "人工智能",
    "生物医药",
    "高端装备",
    "新能源",
    "软件和信息服务",
    "现代物流",
    "新材料",
    "金融科技",
)
EDUCATION = ("硕士及以上", "学士", "博士", "本科及以上", "学士及以上", "硕士研究生及以上", "学士学位")
EXPERIENCE = (
    "3年以上",
    "2",
    "5年及以上",
    "两年以上",
    "不少于3年",
    "4年以上相关工作经历",
    "8年以上",
    "2年及以上",
)
SALARY = (
    "不低于上年度社会平均工资4倍",
    "4倍",
    "",
    "30万元/年",
    "5倍",
    "年薪50万元以上",
    "",
    "3倍",
    "80万元/年",
    "",
)
AGE = ("60周岁以下", "60周岁以下", "不超过55周岁", "", "60岁以下")
SKILL_PARTS = (
    "熟悉相关领域前沿技术",
    "具有独立承担研发项目的经验",
    "能够指导团队完成关键技术攻关",
    "主持过省部级以上科研项目",
    "具有大型企业同类岗位工作经历",
    "熟悉国际标准与行业规范",
    "具备跨文化团队管理能力",
    "在核心期刊发表过代表性成果",
)
TITLES = ("工程师", "高级工程师", "研究员", "首席科学家", "技术专家", "架构师", "项目经理", "总监")
MEMORY_LIMIT_MB = 300.0
SMALL_MAX_ROWS = 500


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


def draft_row(i: int, subs: Sequence[tuple[str, str, list[str]]]) -> list[object]:
    """Row ``i`` of a generated draft: a valid row whose values vary the way real drafts do."""
    code, name, occupations = subs[i % len(subs)]
    skills = "，".join(SKILL_PARTS[(i + k * 3) % len(SKILL_PARTS)] for k in range(1 + i % 3))
    return [
        i + 1,
        code,
        name,
        "；".join(occupations[: 1 + i % 2]),
        f"{INDUSTRIES[i % len(INDUSTRIES)][:2]}{TITLES[i % len(TITLES)]}{i + 1}",  # distinct positions
        INDUSTRIES[i % len(INDUSTRIES)],
        EDUCATION[i % len(EDUCATION)],
        EXPERIENCE[i % len(EXPERIENCE)],
        skills,
        "",
        SALARY[i % len(SALARY)],
        AGE[i % len(AGE)],
        "",
    ]


def write_draft(path: Path, rows: int, start: int = 0) -> None:
    """A draft of ``rows`` valid rows in the template's column order (openpyxl write-only), from row
    ``start`` of the generated sequence (so that the provinces of a workspace differ)."""
    import openpyxl

    subs = subcategories()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("指导目录")
    ws.append([FIELD_LABELS[k][0] for k in FIELDS])
    for i in range(start, start + rows):
        ws.append(draft_row(i, subs))
    wb.save(path)


def write_workspace(root: Path, rows: int) -> None:
    """A workspace of every province (as `catalogtool new` makes it), each with a draft of ``rows`` rows."""
    from catalogtool.draft import create_workspace
    from catalogtool.provinces import PROVINCES

    codes = load_code_list()
    for k, province in enumerate(PROVINCES):
        result = create_workspace(root, province, edition="2026", codes=codes)
        del result
        write_draft(root / "provinces" / province.abbr / "catalog.xlsx", rows, start=k * rows)


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


# Byte code as an installed package has it (pip compiles it): PYTHONDONTWRITEBYTECODE would make
# every run compile catalogtool's modules again, which no user's run does.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(argv: Sequence[str], repeat: int, cwd: Path, out: Path) -> Run:
    """Best wall time of ``repeat`` runs of ``argv`` and the largest peak RSS (wait4 rusage).

    Standard output goes to ``out`` (a file, so a big report never blocks on a full pipe).
    """
    best, peak, code = float("inf"), 0.0, 0
    for _ in range(repeat):
        with out.open("wb") as sink, tempfile.TemporaryFile() as errors:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, stdout=sink, stderr=errors, env=_ENV)
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


def target(text: str, value: str, ok: bool) -> bool:
    """Print one target with its measured value and verdict; return whether it was met."""
    print(f"target: {text}: {value} — {verdict(ok)}")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 10_000, 100_000], help="draft sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best time is kept)")
    parser.add_argument(
        "--frictionless-max-rows", type=int, default=10_000, help="skip frictionless above this"
    )
    parser.add_argument("--workspace-rows", type=int, default=500, help="rows per province (0: skip)")
    parser.add_argument("--keep", type=Path, help="write the drafts here and keep them")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.rows))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="catalogtool-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    frictionless = shutil.which("frictionless", path=str(BIN)) or shutil.which("frictionless")
    ct = [sys.executable, "-m", "catalogtool"]
    try:
        startup = {
            "python -c pass": measure(
                [sys.executable, "-c", "pass"], args.repeat + 2, folder, folder / "pass.out"
            ),
            "catalogtool --help": measure([*ct, "--help"], args.repeat + 2, folder, folder / "help.out"),
            "catalogtool codes show": measure(
                [*ct, "codes", "show", "2-02-10"], args.repeat + 2, folder, folder / "show.out"
            ),
        }
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
                "catalogtool": [*ct, "validate", draft.name, "--format", "json"],
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
        workspace = None
        if args.workspace_rows:
            root = folder / "workspace"
            started = time.perf_counter()
            write_workspace(root, args.workspace_rows)
            print(
                f"generated a workspace of 31 provinces × {args.workspace_rows} rows in {time.perf_counter() - started:.1f} s"
            )
            workspace = measure(
                [*ct, "validate", ".", "--format", "json"], args.repeat, root, folder / "ws.out"
            )
        met = report(startup, results, workspace, args.workspace_rows, frictionless is not None)
        print(f"\n{sum(met)} of {len(met)} targets met")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(
    startup: dict[str, Run],
    results: dict[int, dict[str, Run]],
    workspace: Run | None,
    workspace_rows: int,
    have_frictionless: bool,
) -> list[bool]:
    """Print the table and every target; return which targets were met."""
    print()
    print(f"{'':>9}  {'command':<24} {'wall s':>8} {'peak MB':>8}")
    for name, run in startup.items():
        print(f"{'':>9}  {name:<24} {run.seconds:8.3f} {run.peak_mb:8.1f}")
    print()
    print(f"{'rows':>9}  {'tool':<13} {'wall s':>8} {'peak MB':>8}  vs catalogtool")
    for rows, runs in results.items():
        ours = runs["catalogtool"]
        for name, run in runs.items():
            ratio = "" if name == "catalogtool" else f"{run.seconds / ours.seconds:5.2f}× its time"
            print(f"{rows:>9,}  {name:<13} {run.seconds:8.3f} {run.peak_mb:8.1f}  {ratio}")
    print()
    met: list[bool] = []
    bare = startup["python -c pass"].seconds
    sizes = sorted(results)
    small = [r for r in sizes if r <= SMALL_MAX_ROWS]
    if small:
        r = small[-1]
        ratio = results[r]["catalogtool"].seconds / results[r]["calamine"].seconds
        met.append(
            target(f"1. validate ≤ 6× a bare calamine read at {r:,} rows", f"{ratio:.1f}×", ratio <= 6)
        )
    for name in ("catalogtool --help", "catalogtool codes show"):
        ratio = startup[name].seconds / bare
        met.append(target(f"1. {name} ≤ 10× python -c pass", f"{ratio:.1f}×", ratio <= 10))
    compared = [r for r in sizes if "frictionless" in results[r]]
    if compared:
        r = compared[-1]
        speedup = results[r]["frictionless"].seconds / results[r]["catalogtool"].seconds
        met.append(target(f"2. ≥ 5× faster than frictionless at {r:,} rows", f"{speedup:.1f}×", speedup >= 5))
    else:
        why = "not installed" if not have_frictionless else "no size within --frictionless-max-rows"
        print(f"target: 2. ≥ 5× faster than frictionless: not measured ({why})")
    large = sizes[-1]
    slowdown = results[large]["catalogtool"].seconds / results[large]["calamine"].seconds
    met.append(
        target(f"3. within 2× of a bare calamine read at {large:,} rows", f"{slowdown:.2f}×", slowdown <= 2)
    )
    peak = results[large]["catalogtool"].peak_mb
    met.append(
        target(
            f"3. peak memory ≤ {MEMORY_LIMIT_MB:.0f} MB at {large:,} rows",
            f"{peak:.0f} MB",
            peak <= MEMORY_LIMIT_MB,
        )
    )
    if workspace is not None:
        met.append(
            target(
                f"4. a workspace of 31 provinces × {workspace_rows} rows in one call ≤ 2 s",
                f"{workspace.seconds:.2f} s",
                workspace.seconds <= 2,
            )
        )
    return met


if __name__ == "__main__":
    raise SystemExit(main())
