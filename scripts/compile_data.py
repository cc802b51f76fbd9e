"""Write the JSON compiles of the data files every run reads (see catalogtool/compiled.py): the YAML
files, and the occupation code list without its texts (catalogtool/codes/load.py).

    python scripts/compile_data.py          # (re)write them
    python scripts/compile_data.py --check  # exit 1 naming each compile that is missing or stale

Run it after editing templates/catalog-template.yaml or regenerating occupation_codes/ (`make codes`
does): a stale compile is ignored at run time, so the tool stays right, only slower;
tests/test_compiled.py fails until it is current.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from catalogtool.atomic import write_text
from catalogtool.codes.load import CODE_LIST_COMPILE, compile_code_list
from catalogtool.compiled import COMPILED, compile_yaml, compiled_path
from catalogtool.data import data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that every compile is current")
    args = parser.parse_args(argv)
    stale = 0
    compiles: list[tuple[Path, Callable[[], str]]] = [
        (compiled_path(data_dir(folder) / name), functools.partial(compile_yaml, data_dir(folder) / name))
        for folder, name in COMPILED
    ]
    compiles.append((data_dir("occupation_codes") / CODE_LIST_COMPILE, compile_code_list))
    for target, make in compiles:
        text = make()
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
