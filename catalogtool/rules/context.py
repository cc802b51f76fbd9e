"""What row rules need to know about the input they check, and where to point their findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalogtool.model import Location

if TYPE_CHECKING:
    from catalogtool.codes import CodeList


@dataclass(frozen=True)
class RowContext:
    """The file being checked, its column letters per field, and the code list."""

    file: str
    sheet: str | None
    columns: dict[str, str]
    codes: CodeList

    def at(self, row: int | None, field: str | None = None) -> Location:
        """The location of ``field`` in Excel row ``row`` (the column letter when the field has one)."""
        column = self.columns.get(field) if field else None
        return Location(file=self.file, sheet=self.sheet, row=row, column=column, field=field)
