"""Write the JSON compiles of the YAML data files every run reads (see catalogtool/compiled.py).

    python scripts/compile_data.py          # (re)write them
    python scripts/compile_data.py --check  # exit 1 naming each compile that is missing or stale

Run it after editing templates/catalog-template.yaml (a stale compile is ignored at run time, so the
tool stays right, only slower; tests/test_compiled.py fails until it is current).
"""

from __future__ import annotations

import argparse
import sys

from catalogtool.atomic import write_text
from catalogtool.compiled import COMPILED, compile_yaml, compiled_path
from catalogtool.data import data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that every compile is current")
    args = parser.parse_args(argv)
    stale = 0
    for folder, name in COMPILED:
        source = data_dir(folder) / name
        target = compiled_path(source)
        text = compile_yaml(source)
        current = target.is_file() and target.read_text(encoding="utf-8") == text
        if args.check:
            if not current:
                print(f"{target} is missing or stale: run python scripts/compile_data.py", file=sys.stderr)
                stale += 1
        elif not current:
            write_text(target, text)
            print(f"wrote {target}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
