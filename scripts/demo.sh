#!/usr/bin/env bash
# The main job on the bundled Jiangsu sample workspace (samples/JS), step by step:
#   1. validate the catalog and the workspace files,
#   2. build the filing package into a temporary dist/ folder,
#   3. verify the package (hashes, datapackage.json, SHA256SUMS, zip) with --check,
#   4. verify the zip on its own, as the ministry receives it (no unpacked folder beside it).
# Run by `make demo`. TODAY fixes the date the validity checks use, so the demo gives the same
# result in any year (the sample is valid from 2026-07-01 to 2030-06-30).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
TODAY="${TODAY:-2026-05-01}"
WORKSPACE=samples/JS
OUT="$(mktemp -d "${TMPDIR:-/tmp}/catalogtool-demo.XXXXXX")/dist"

ct() {
  printf '\n$ catalogtool %s\n' "$*"
  "$PYTHON" -m catalogtool "$@"
}

echo "== 1/4 Validate the Jiangsu sample: catalog.xlsx, province.yaml, consultation.yaml, high-end-standards.yaml"
ct validate --province JS --workspace "$WORKSPACE" --today "$TODAY"

echo
echo "== 2/4 Build the filing package (备案材料) into $OUT"
ct package --province JS --workspace "$WORKSPACE" --out "$OUT" --today "$TODAY"
echo
ls -l "$OUT"/JS-*/

echo
echo "== 3/4 Verify the package"
ct package --province JS --workspace "$WORKSPACE" --out "$OUT" --check

echo
SENT="$(dirname "$OUT")/sent"
mkdir -p "$SENT"
cp "$OUT"/JS-*.zip "$SENT"/
echo "== 4/4 Verify the zip alone, as sent, in $SENT"
ct package --province JS --workspace "$WORKSPACE" --out "$SENT" --check

echo
echo "== After the ministry approves: publish the web page and open data (open index.html in a browser)"
ct publish --province JS --workspace "$WORKSPACE" --out "$OUT/JS-2026-site" --today "$TODAY"
ls -l "$OUT/JS-2026-site"

echo
echo "== Once in force: does this post and this candidate fall under the catalog? (employers, HR agencies)"
ct match --province JS --workspace "$WORKSPACE" --today 2027-03-01 --code 2-02-38 --position 芯片设计工程师 \
  --education 硕士 --years 3 --salary 480000 --age 45 --months 11 --hsk 4

echo
echo "Done. Open the documents in $OUT (remove $(dirname "$OUT") when finished)."
