"""What every .docx the tool writes must hold, read from the zip itself (not through python-docx)."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from catalogtool import __version__

RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def properties(xml: bytes) -> dict[str, str]:
    """The child elements of core.xml or app.xml by local name, with their text."""
    return {e.tag.rpartition("}")[2]: e.text or "" for e in ET.fromstring(xml)}


def core(path: Path) -> dict[str, str]:
    return properties(parts(path)["docProps/core.xml"])


def assert_clean(path: Path) -> dict[str, str]:
    """No part of python-docx's template that a generated document does not need, no trace of another
    program, every relationship leading to a part that exists and every part with a content type;
    app.xml names catalogtool. Returns the core properties."""
    found = parts(path)
    names = set(found)
    assert "docProps/thumbnail.jpeg" not in names
    assert not [n for n in names if n.startswith("customXml/")]
    assert "word/stylesWithEffects.xml" not in names
    for name, data in found.items():
        if name.endswith((".xml", ".rels")):
            for trace in (b"Macintosh", b"Microsoft Office Word", b"python-docx", b"Normal.dotm", b"APA.XSL"):
                assert trace not in data, (name, trace)
        if name.endswith(".rels"):
            base = posixpath.dirname(posixpath.dirname(name))
            for rel in ET.fromstring(data).iter(f"{RELS}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(base, rel.get("Target", "")))
                assert target in names, (name, target)
    types = ET.fromstring(found["[Content_Types].xml"])
    overrides = {e.get("PartName", "").lstrip("/") for e in types.iter(f"{TYPES}Override")}
    defaults = {e.get("Extension") for e in types.iter(f"{TYPES}Default")}
    assert overrides <= names
    assert defaults == {"xml", "rels"}  # no jpeg left over from the thumbnail
    assert b"savePreviewPicture" not in found["word/settings.xml"]
    app = properties(found["docProps/app.xml"])
    assert app["Application"] == f"catalogtool {__version__}"
    assert "Template" not in app and "AppVersion" not in app and "Pages" not in app
    props = properties(found["docProps/core.xml"])
    assert props["language"] == "zh-CN"
    assert props["revision"] == "1"
    assert "description" not in props and "lastPrinted" not in props
    assert all(props.values())  # no empty leftovers
    return props
