"""The template spec: the layout facts of templates/catalog-template.yaml (sheet names, title, validity
and header rows, fonts, instructions, the example row), read once per process.

Apart from the workbook writer (catalogtool.workbook) so that reading a workbook, which needs only where
the template puts its title and header, does not import the writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from catalogtool.data import data_dir
from catalogtool.fields import TABLE

TEMPLATE_SPEC = "catalog-template.yaml"


@dataclass(frozen=True)
class FontSpec:
    """A font of the template (name and size in points)."""

    name: str
    size: float


@dataclass(frozen=True)
class TemplateSpec:
    """The parsed template spec (templates/catalog-template.yaml)."""

    instructions_sheet: str
    data_sheet: str
    codes_sheet: str
    title_row: int
    validity_row: int
    header_rows: tuple[int, int]
    first_data_row: int
    validated_rows: int
    title_height: float
    header_height: float
    title_font: FontSpec
    header_font: FontSpec
    data_font: FontSpec
    title_pattern: str
    default_title: str
    example: Mapping[str, object]
    example_marker: tuple[str, str]  # (zh, en): the notes that mark the example row
    instructions_title: tuple[str, str]
    instructions: tuple[tuple[str, str], ...]

    @property
    def widths(self) -> Mapping[str, float]:
        """Column widths per field (Excel character units), from the field table."""
        return {f.key: float(f.width) for f in TABLE}

    @property
    def hints(self) -> Mapping[str, tuple[str, str]]:
        """Input hints per field (zh, en), from the field table; ``{education_zh}`` etc. still to fill."""
        return {f.key: (f.hint_zh, f.hint_en) for f in TABLE}

    def title(self, province_zh: str, edition: str) -> str:
        """The catalog title, e.g. 江苏省外国人来华工作指导目录（2026年版）."""
        return self.title_pattern.format(province=province_zh, edition=edition)

    @property
    def example_notes(self) -> str:
        """The notes of the example row: 示例行，可删除 / example row, delete me."""
        return " / ".join(self.example_marker)


@cache
def template_spec() -> TemplateSpec:
    """Load the template spec shipped in templates/ (read once; the value is immutable), from its
    compile when that is current (catalogtool/compiled.py)."""
    from catalogtool.compiled import load_yaml

    raw: dict[str, Any] = load_yaml(data_dir("templates") / TEMPLATE_SPEC)
    sheets, layout, fonts = raw["sheets"], raw["layout"], raw["fonts"]
    header = tuple(layout["header_rows"])
    return TemplateSpec(
        instructions_sheet=sheets["instructions"],
        data_sheet=sheets["data"],
        codes_sheet=sheets["codes"],
        title_row=layout["title_row"],
        validity_row=layout["validity_row"],
        header_rows=(header[0], header[1]),
        first_data_row=layout["first_data_row"],
        validated_rows=layout["validated_rows"],
        title_height=layout["title_height"],
        header_height=layout["header_height"],
        title_font=FontSpec(str(fonts["title"]["name"]), float(fonts["title"]["size"])),
        header_font=FontSpec(str(fonts["header"]["name"]), float(fonts["header"]["size"])),
        data_font=FontSpec(str(fonts["data"]["name"]), float(fonts["data"]["size"])),
        title_pattern=raw["title_pattern"],
        default_title=raw["default_title"],
        example={str(k): v for k, v in raw["example"].items()},
        example_marker=(raw["example_marker"]["zh"], raw["example_marker"]["en"]),
        instructions_title=(raw["instructions"]["title"]["zh"], raw["instructions"]["title"]["en"]),
        instructions=tuple((p["zh"], p["en"]) for p in raw["instructions"]["points"]),
    )
