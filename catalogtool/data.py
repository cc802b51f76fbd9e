"""Where the shipped data folders live: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``occupation_codes``, ``templates`` or ``samples``.

    An installed wheel carries them as ``catalogtool/_data/<name>``; an editable install or a
    checkout finds them at the top level of the repository.
    """
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def schema_path(name: str) -> Path:
    """Return the path of a bundled JSON Schema, e.g. ``competency.schema.json``."""
    return _PACKAGE / "schemas" / name
