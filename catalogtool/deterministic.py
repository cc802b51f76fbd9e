"""Reproducible zip archives: the same content gives the same bytes, whenever and wherever it is built.

A zip records a modification time, permissions and the creating system for every member, and OOXML
files (xlsx, docx) are zips whose ``docProps/core.xml`` also records when they were created and
saved. Everything here fixes those: members in a fixed order, one timestamp, fixed attributes, and
core-property dates replaced by a timestamp derived from the inputs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

# Zip (DOS) times cover 1980 to 2107 only.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)
_ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)
_UNIX = 3  # "created on" system in the zip header; fixed so Windows and Linux builds agree
_FILE_MODE = 0o644 << 16
_COMPRESSLEVEL = 9
_CONTENT_TYPES = "[Content_Types].xml"
_CORE = "docProps/core.xml"
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)|"
    rb"(<cp:lastPrinted>)[^<]*(</cp:lastPrinted>)"
)


def zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip member's date_time for ``when`` (naive, or converted to UTC), kept within 1980–2107."""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    when = min(max(when, _ZIP_EPOCH), _ZIP_LAST)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def zip_bytes(members: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A deflated zip of ``members`` (name, data) in the order given, every member stamped ``when``."""
    stamp = zip_time(when)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSLEVEL) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE
            archive.writestr(info, data, compresslevel=_COMPRESSLEVEL)
    return buffer.getvalue()


def write_zip(target: Path, members: Iterable[tuple[str, bytes]], when: dt.datetime) -> None:
    """Write a reproducible zip of ``members`` to ``target`` atomically, members sorted by name."""
    from catalogtool.atomic import write_bytes

    data = zip_bytes(sorted(members), when)
    write_bytes(target, data, mode=0o644)  # a file to hand on, whatever the umask


def normalise_ooxml(data: bytes, when: dt.datetime) -> bytes:
    """An xlsx/docx with fixed bytes: ``[Content_Types].xml`` first, other parts sorted, zip times
    and the core properties' created/modified/lastPrinted dates set to ``when``."""
    iso = zip_time(when)
    w3cdtf = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*iso).encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist() if not info.is_dir()}
    if _CORE in parts:
        parts[_CORE] = _CORE_DATES.sub(
            lambda m: (m.group(1) or m.group(3)) + w3cdtf + (m.group(2) or m.group(4)), parts[_CORE]
        )
    order = sorted(parts, key=lambda name: (name != _CONTENT_TYPES, name))
    return zip_bytes(((name, parts[name]) for name in order), when)
