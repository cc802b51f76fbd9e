"""Word documents without template leftovers, with their own document properties and fixed bytes.

python-docx starts every document from its built-in template, which carries another program's traces:
``docProps/app.xml`` says "Microsoft Macintosh Word", ``docProps/thumbnail.jpeg`` is a blank preview
picture, ``customXml/`` holds an empty bibliography, ``word/stylesWithEffects.xml`` is a second copy of
the styles for Word 2010, ``settings.xml`` asks Word to save a new preview picture and lists the
template's revision ids, and the core properties name "python-docx" as author. :func:`prepare` sets the
document's language and settings before it is filled; :func:`finish` saves it, drops those parts,
writes ``docProps/core.xml`` and ``docProps/app.xml`` from :class:`DocumentInfo` alone (no clock, no
user name) and fixes the zip's bytes (:func:`~catalogtool.deterministic.normalise_ooxml`).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from catalogtool import __version__
from catalogtool.deterministic import normalise_ooxml, zip_time
from catalogtool.safe_cells import document_text

#: What the ``Application`` property of every document the tool writes says.
APPLICATION = f"catalogtool {__version__}"
#: The language of the documents (core property ``dc:language`` and the text's proofing language).
LANGUAGE = "zh-CN"

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
#: Parts of python-docx's template that a generated document does not need, and whose relationships go.
_DROPPED = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml")
_DROPPED_FOLDERS = ("customXml/",)


@dataclass(frozen=True)
class DocumentInfo:
    """The document properties of one generated .docx.

    ``author`` is the issuing authority (the provincial HRSS department); empty for a document no
    authority issues (a comparison), which then names no author. ``when`` is the one date the
    document records: derived from the inputs (the package date, the comparison date), never the clock.
    """

    title: str
    author: str
    subject: str
    when: dt.datetime
    keywords: Sequence[str] = ()
    category: str = ""


def prepare(doc: Any) -> None:
    """Settings and default language of a fresh python-docx document: Chinese proofing, no request
    to save a preview picture, none of the template's revision ids."""
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    for element in settings.findall(qn("w:themeFontLang")):
        element.set(qn("w:val"), LANGUAGE)
        element.set(qn("w:eastAsia"), LANGUAGE)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)


def finish(doc: Any, info: DocumentInfo) -> bytes:
    """The document's bytes: saved, template leftovers removed, core and app properties from ``info``,
    parts sorted and zip times fixed (the same document and ``info`` give the same bytes)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return clean_docx(buffer.getvalue(), info)


def clean_docx(data: bytes, info: DocumentInfo) -> bytes:
    """``data`` (a .docx) without the template's leftover parts, with core.xml and app.xml from ``info``."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {i.filename: source.read(i) for i in source.infolist() if not i.is_dir()}
    gone = {n for n in parts if n in _DROPPED or n.startswith(_DROPPED_FOLDERS)}
    for name in gone:
        del parts[name]
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = _without_targets(name, parts[name], gone)
    parts["[Content_Types].xml"] = _content_types(parts["[Content_Types].xml"], set(parts))
    parts["docProps/core.xml"] = core_xml(info)
    parts["docProps/app.xml"] = app_xml(info)
    return normalise_ooxml(zip_bytes_of(parts), info.when)


def zip_bytes_of(parts: dict[str, bytes]) -> bytes:
    """A plain zip of ``parts`` (normalise_ooxml then fixes its order and times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _source_folder(rels_name: str) -> str:
    """The folder relative targets of a .rels part start from: ``word/_rels/document.xml.rels`` → ``word``."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def _without_targets(rels_name: str, xml: bytes, gone: set[str]) -> bytes:
    """A relationships part without the relationships whose target is one of the ``gone`` parts."""
    ET.register_namespace("", _RELS)
    root = ET.fromstring(xml)
    base = _source_folder(rels_name)
    dropped = False
    for rel in list(root):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        )
        if path in gone:
            root.remove(rel)
            dropped = True
    if not dropped:
        return xml
    out: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return out


def _content_types(xml: bytes, present: set[str]) -> bytes:
    """[Content_Types].xml with overrides only for parts still present, defaults only for extensions in use."""
    ET.register_namespace("", _TYPES)
    root = ET.fromstring(xml)
    extensions = {posixpath.splitext(n)[1].lstrip(".").lower() for n in present}
    for entry in list(root):
        tag = entry.tag.rpartition("}")[2]
        unused_part = tag == "Override" and entry.get("PartName", "").lstrip("/") not in present
        unused_extension = tag == "Default" and entry.get("Extension", "").lower() not in extensions
        if unused_part or unused_extension:
            root.remove(entry)
    out: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return out


def _w3cdtf(when: dt.datetime) -> str:
    return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*zip_time(when))


def _element(tag: str, text: str) -> str:
    return f"<{tag}>{escape(document_text(text))}</{tag}>" if text else ""


def core_xml(info: DocumentInfo) -> bytes:
    """docProps/core.xml: title, subject, author (and last modified by), keywords, category, language,
    revision 1 and the created/modified date ``info.when``; nothing else, no empty elements."""
    stamp = _w3cdtf(info.when)
    body = "".join(
        (
            _element("dc:title", info.title),
            _element("dc:subject", info.subject),
            _element("dc:creator", info.author),
            _element("cp:keywords", "; ".join(info.keywords)),
            _element("cp:category", info.category),
            _element("dc:language", LANGUAGE),
            _element("cp:lastModifiedBy", info.author),
            "<cp:revision>1</cp:revision>",
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>',
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>',
        )
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{body}</cp:coreProperties>"
    ).encode()


def app_xml(info: DocumentInfo) -> bytes:
    """docProps/app.xml: the application that wrote the document (catalogtool and its version) and the
    authority as company; no template name, no page or word counts (only a word processor knows them)."""
    body = "".join(
        (
            _element("Application", APPLICATION),
            "<DocSecurity>0</DocSecurity>",
            _element("Company", info.author),
            "<LinksUpToDate>false</LinksUpToDate>",
            "<SharedDoc>false</SharedDoc>",
            "<HyperlinksChanged>false</HyperlinksChanged>",
        )
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{body}</Properties>"
    ).encode()
