"""The long fuzzing run (`make fuzz`): every generator, round robin, random seeds, for N minutes.

    python -m tests.fuzz.run --minutes 10 [--kinds xlsx,csv] [--mode contract]

The process's address space is bounded (contract.limit_memory: what it has plus 600 MB) so an input
that needs more memory shows as a failure instead of swapping the machine. Failing inputs are saved
by the harness (``$FUZZ_FAILURES``, default fuzz-failures/); the summary prints the inputs tried and
the failures per kind, and is written to ``<failures>/summary.json``. Exit 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import time
import traceback

from hypothesis import HealthCheck, Phase, given, settings

from tests.fuzz.contract import limit_memory
from tests.fuzz.generators import ALL, Case
from tests.fuzz.harness import COUNTS, MODES, exercise, failures_dir

BATCH = 20  # cases per hypothesis run; each run draws a fresh random seed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--kinds", default=",".join(sorted(ALL)))
    parser.add_argument("--mode", default="contract", choices=sorted(MODES))
    args = parser.parse_args()
    limit_memory()
    kinds = [k for k in args.kinds.split(",") if k]
    failures: dict[str, list[str]] = {k: [] for k in kinds}
    batch = settings(
        max_examples=BATCH,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        # No shrinking in a time-boxed run: a failing input is saved as found (replay.py re-runs it).
        phases=[Phase.explicit, Phase.generate],
    )
    started = time.monotonic()
    end = started + args.minutes * 60
    rounds = 0
    while time.monotonic() < end:
        for kind in kinds:
            if time.monotonic() >= end:
                break

            @batch
            @given(ALL[kind])
            def check(case: Case) -> None:
                exercise(case, args.mode, keep_last=True)

            try:
                check()
            except Exception as exc:  # a failure is saved by the harness; keep fuzzing the others
                failures[kind].append(str(exc).splitlines()[0][:300])
                traceback.print_exc(limit=1)
        rounds += 1
    elapsed = time.monotonic() - started
    summary = {
        "minutes": round(elapsed / 60, 1),
        "mode": args.mode,
        "rounds": rounds,
        "inputs": dict(COUNTS),
        "total_inputs": sum(COUNTS.values()),
        "failures": failures,
    }
    out = failures_dir()
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if any(failures.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
