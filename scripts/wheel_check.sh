#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv (no checkout on the path) and use the bundled data.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" .
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$work"/dist/catalogtool-*.whl
cd "$work"
"$work/venv/bin/catalogtool" --version
"$work/venv/bin/catalogtool" codes list --level subcategory --format json | "$work/venv/bin/python" -c \
  'import json,sys; n=len(json.load(sys.stdin)); print(f"{n} subcategories from the installed wheel"); sys.exit(n != 450)'
"$work/venv/bin/python" - <<'PY'
from catalogtool.data import data_dir, schema_path
for name in ("occupation_codes", "templates", "samples"):
    folder = data_dir(name)
    assert "_data" in str(folder) and any(folder.iterdir()), folder
    print(f"{name}: {folder}")
assert schema_path("competency.schema.json").is_file()
print("wheel data ok")
PY
