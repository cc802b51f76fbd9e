"""The code model: levels, editions, one code of the classification, code ordering."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LEVEL_NAMES: Mapping[int, str] = {1: "major", 2: "medium", 3: "subcategory", 4: "occupation"}
LEVEL_NAMES_ZH: Mapping[int, str] = {1: "大类", 2: "中类", 3: "小类", 4: "细类"}
LEVELS_BY_NAME: Mapping[str, int] = {name: level for level, name in LEVEL_NAMES.items()}
BASE_EDITION = "2022"


@dataclass(frozen=True)
class Code:
    """One entry of the classification, at any of the four levels."""

    code: str
    level: int
    name: str
    parent: str | None
    green: bool | None
    digital: bool | None
    definition: str = ""
    tasks: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    edition: str = BASE_EDITION
    renumbered_to: str | None = None
    renumbered_from: str | None = None

    @property
    def level_name(self) -> str:
        """'major', 'medium', 'subcategory' or 'occupation'."""
        return LEVEL_NAMES[self.level]

    @property
    def residual(self) -> bool:
        """A residual 其他… subcategory (X-YY-99 or X-99-00): a catch-all with no occupations."""
        parts = self.code.split("-")
        return self.level == 3 and (parts[2] == "99" or parts[1] == "99")


def code_key(code: str) -> tuple[int, ...]:
    """Sort key putting canonical codes in classification order (2-02-9 before 2-02-10)."""
    return tuple(map(int, code.split("-")))  # (map, not a generator: a run sorts every code by it)
