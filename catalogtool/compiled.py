"""Data files read on every run, compiled to JSON for a fast start.

``templates/catalog-template.yaml`` stays the one statement of the template layout, but importing
ruamel.yaml and parsing it costs a run about 30 ms of CPU — more than checking a small catalog. So
``scripts/compile_data.py`` writes its parsed content beside it (``catalog-template.compiled.json``)
together with the source's length and CRC-32. A run uses the compiled content only while both still
match the YAML file it sits beside, and parses the YAML otherwise: an edited YAML is never shadowed by
a stale compile (it is only slower), and tests/test_compiled.py keeps the committed compile current.

The occupation code list is compiled the same way, from several sources (codes/load.py:
``noc2022.compiled.json``, the shipped list without its texts): :func:`read_compile` and
:func:`compile_text` are the fingerprinting both use.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: The YAML files compiled (relative to the data folder that holds them, see catalogtool.data).
COMPILED = (("templates", "catalog-template.yaml"),)


def compiled_path(source: Path) -> Path:
    """Where the compile of ``source`` lives: ``name.compiled.json`` beside ``name.yaml``."""
    return source.with_name(source.stem + ".compiled.json")


def _fingerprint(data: bytes) -> dict[str, int]:
    return {"bytes": len(data), "crc32": zlib.crc32(data)}


def load_yaml(source: Path) -> Any:
    """The content of the YAML file ``source``: its compile when that is current, else parsed."""
    data = source.read_bytes()
    try:
        compiled = json.loads(compiled_path(source).read_bytes())
    except (OSError, ValueError):
        compiled = None
    if isinstance(compiled, dict) and compiled.get("source") == _fingerprint(data):
        return compiled["content"]
    return _parse(data)


def _parse(data: bytes) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(data.decode("utf-8"))


def compile_yaml(source: Path) -> str:
    """The compile of ``source`` (JSON text). Refuses content JSON cannot carry unchanged (dates,
    non-text keys), which the compile would silently alter."""
    data = source.read_bytes()
    content = _parse(data)
    compiled = {"generated_by": "scripts/compile_data.py", "source": _fingerprint(data), "content": content}
    try:
        text = json.dumps(compiled, ensure_ascii=False, indent=1)
    except TypeError:  # a date, a set…
        text = ""
    if not text or json.loads(text)["content"] != content:
        raise ValueError(f"{source} holds values JSON cannot carry unchanged")
    return text + "\n"


def _sources(sources: Sequence[Path]) -> dict[str, dict[str, int]]:
    return {source.name: _fingerprint(source.read_bytes()) for source in sources}


def read_compile(target: Path, sources: Sequence[Path]) -> Any:
    """The content of the compile ``target`` while it was made from ``sources`` as they are now, else
    None (missing, damaged or stale: the caller reads the sources)."""
    try:
        compiled = json.loads(target.read_bytes())
        current = isinstance(compiled, dict) and compiled.get("sources") == _sources(sources)
    except (OSError, ValueError):
        return None
    return compiled["content"] if current else None


def compile_text(sources: Sequence[Path], content_lines: Sequence[str]) -> str:
    """The compile of ``sources`` whose content is the JSON array of ``content_lines`` (each a JSON
    value, one per line so that a change to the data is a readable diff)."""
    head = json.dumps({"generated_by": "scripts/compile_data.py", "sources": _sources(sources)})
    return head[:-1] + ', "content": [\n' + ",\n".join(content_lines) + "\n]}\n"
