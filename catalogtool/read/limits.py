"""How much a reader accepts before it calls an input hostile (zip bombs, giant grids, huge cells)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on what a reader will read; exceeding one is an InputError (or a finding for cells)."""

    max_file_bytes: int = 100 * 2**20
    max_uncompressed_bytes: int = 1 * 2**30  # total inflated size of the zip parts we read
    max_ratio: float = 200.0  # per zip member, inflated/compressed (zip bombs)
    max_rows: int = 1_048_576  # Excel's own grid: a row below it cannot be opened, annotated or written
    max_columns: int = 200
    max_cell_chars: int = 32_767  # Excel's own limit; longer → finding, value truncated
    # python-calamine holds a sheet as a dense grid (~32 bytes a cell): bound rows × columns.
    max_cells: int = 15_000_000
    # ruamel.yaml and json build the whole document in memory, so structured inputs get a lower cap.
    max_structured_bytes: int = 20 * 2**20
    # Bytes of XML one spreadsheet row may take (a row of max_columns full cells fits easily).
    max_row_bytes: int = 64 * 2**20
    min_ratio_bytes: int = 1 * 2**20  # members inflating to less than this skip the ratio test
    # Brackets or indentation deeper than this in YAML/JSON is refused before parsing (a catalog
    # needs 3 levels; the parsers recurse per level).
    max_nesting: int = 64
