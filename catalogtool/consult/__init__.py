"""Consultation on the draft (notice §3): feedback forms out, every opinion back in.

- :mod:`.core` — the form's layout facts, its identity, and turning a returned form's cells into
  opinions (pure: no files, no openpyxl).
- :mod:`.forms` — writes the feedback workbook per party and the 征求意见稿 (.docx).
- :mod:`.reader` — reads a returned workbook (python-calamine, vetted like every input) into cells.
- :mod:`.record` — merges collected opinions into consultation.yaml, keeping its comments and order.
- :mod:`.collect` — the library entry point behind ``catalogtool consult collect``.
"""
