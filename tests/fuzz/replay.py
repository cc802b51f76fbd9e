"""Re-run saved failing fuzz inputs: ``python -m tests.fuzz.replay fuzz-failures/`` (or one case folder).

Each ``<kind>-<hash>/`` folder written by the harness (input/ and case.json) is rebuilt as a Case and
run through the same mode; prints "ok" or the problems. Exit 1 when any still fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.fuzz.generators import Case
from tests.fuzz.harness import exercise


def load(folder: Path) -> Case:
    """The Case saved in ``folder`` (its input/ files and case.json)."""
    meta = json.loads((folder / "case.json").read_text("utf-8"))
    files = {
        str(p.relative_to(folder / "input")): p.read_bytes()
        for p in (folder / "input").rglob("*")
        if p.is_file()
    }
    main = next(name for name in files if not name.startswith("provinces/") or meta["kind"] == "province")
    if meta["kind"] == "package":
        main = next(name for name in files if name.endswith(".zip"))
    data = files.pop(main)
    return Case(meta["kind"], main, data, tuple(meta["args"]), files, meta.get("workspace", False))


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "fuzz-failures")
    folders = (
        [root]
        if (root / "case.json").is_file()
        else sorted(p for p in root.iterdir() if (p / "case.json").is_file() and p.name != "last")
    )
    failed = 0
    for folder in folders:
        try:
            exercise(load(folder))
            print(f"ok    {folder.name}")
        except AssertionError as exc:
            failed += 1
            print(f"FAIL  {folder.name}: {str(exc).splitlines()[0][:300]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
