"""The code model: levels, editions, one code of the classification, code ordering."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

LEVEL_NAMES: Mapping[int, str] = {1: "major", 2: "medium", 3: "subcategory", 4: "occupation"}
LEVEL_NAMES_ZH: Mapping[int, str] = {1: "大类", 2: "中类", 3: "小类", 4: "细类"}
LEVELS_BY_NAME: Mapping[str, int] = {name: level for level, name in LEVEL_NAMES.items()}
BASE_EDITION = "2022"


_T = TypeVar("_T")


class Deferred:
    """A field value not read yet: ``read(key)`` gives it (codes/load.py defers the shipped list's texts)."""

    __slots__ = ("key", "read")

    def __init__(self, read: Callable[[str], object], key: str) -> None:
        self.read, self.key = read, key


class _Read(Generic[_T]):
    """A dataclass field that may hold a :class:`Deferred`, read on first access and kept.

    A code's definition and tasks are three quarters of the classification file and only ``codes show``,
    search and suggestions read them: a check that never does should not parse them (about 6 ms)."""

    def __init__(self, default: _T) -> None:
        self._default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _T: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> _T:
        if obj is None:
            return self._default  # the field's default, as dataclasses asks for it
        value: Any = obj.__dict__[self._name]
        if type(value) is Deferred:
            value = obj.__dict__[self._name] = value.read(value.key)
        return value  # type: ignore[no-any-return]

    def __set__(self, obj: object, value: _T | Deferred) -> None:
        obj.__dict__[self._name] = value


@dataclass(frozen=True)
class Code:
    """One entry of the classification, at any of the four levels."""

    code: str
    level: int
    name: str
    parent: str | None
    green: bool | None
    digital: bool | None
    definition: _Read[str] = _Read("")
    tasks: _Read[tuple[str, ...]] = _Read(())
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
