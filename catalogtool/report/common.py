"""Facts and helpers every output format shares: labels, ordering, paths, columns, fingerprints.

Stdlib only, so importing a reporter stays cheap (``catalogtool --help`` must not pay for it).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath

from catalogtool import __version__
from catalogtool.fields import FIELD_LABELS
from catalogtool.model import FileReport, Finding, Report, Severity

TOOL_NAME = "catalogtool"
TOOL_VERSION = __version__

#: How a person reads each severity, per language.
SEVERITY_LABELS: Mapping[Severity, Mapping[str, str]] = {
    "error": {"en": "error", "zh": "错误"},
    "warning": {"en": "warning", "zh": "警告"},
    "info": {"en": "info", "zh": "提示"},
}
SEVERITY_RANK: Mapping[Severity, int] = {"error": 0, "warning": 1, "info": 2}


def severity_label(severity: Severity, lang: str) -> str:
    """``错误`` / ``error`` and so on."""
    return SEVERITY_LABELS[severity]["zh" if lang == "zh" else "en"]


def field_label(field: str | None, lang: str) -> str:
    """The template's column label for a canonical field, or the field name itself."""
    if not field:
        return ""
    labels = FIELD_LABELS.get(field)
    if labels is None:
        return field
    return labels[0] if lang == "zh" else labels[1]


# Characters a terminal or log viewer acts on or hides: C0 and C1 controls and DEL (ESC starts the
# escape sequences that clear a screen or set a window title), line and paragraph separators, and the
# bidirectional overrides and isolates that reorder what is shown ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` safe to print to a terminal or a CI log: every control character, DEL, C1 control,
    line/paragraph separator and bidirectional control is shown as an escape (``\\x1b``, ``\\n``,
    ``\\u202e``) instead of acting. Every people-facing text output passes values through this; rich
    markup is never interpreted (values are printed as rich ``Text``, not markup)."""
    return _UNSAFE.sub(_shown, text)


def quote(value: str, lang: str) -> str:
    """A cell value shown exactly, line breaks and tabs visible, empty text named; never ``None``."""
    if value == "":
        return "（空）" if lang == "zh" else "(empty)"
    shown = visible(value)
    return f"「{shown}」" if lang == "zh" else f'"{shown}"'


def plural(n: int, word: str) -> str:
    """``1 error`` / ``2 errors``."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: file, row, column, rule (file- and catalog-level first)."""
    return sorted(findings, key=Finding.sort_key)


def worst(severities: Iterable[Severity]) -> Severity | None:
    """The most serious severity among ``severities`` (None when empty)."""
    return min(severities, key=SEVERITY_RANK.__getitem__, default=None)


def artifact_path(file: str, root: Path | None = None) -> str:
    """``file`` as a forward-slash path relative to ``root`` (the working directory by default).

    CI annotations and SARIF locate results by repository-relative paths; a path outside ``root``
    (absolute, or relative but climbing out with ``..``) is made absolute rather than climbing.
    """
    base = os.path.abspath(Path.cwd() if root is None else root)
    path = PurePath(file)
    if not path.is_absolute():
        normal = PurePath(os.path.normpath(path))
        if normal.parts[:1] != ("..",):
            return normal.as_posix()
        path = PurePath(base, normal)
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def artifact_uri(file: str, root: Path | None = None) -> str:
    """``file`` as a URI reference (SARIF ``artifactLocation.uri``): the :func:`artifact_path`
    percent-encoded when relative, a ``file://`` URI when it lies outside ``root`` (a relative URI
    must not start with ``../``, and code scanning matches only paths inside the repository)."""
    from urllib.parse import quote

    path = artifact_path(file, root)
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable identity per finding that does not depend on its row.

    The hash covers rule, file, sheet, field and value, so inserting a row above does not make a
    known problem look new. Identical keys (two blank positions) get an occurrence number in report
    order, so every fingerprint in a run is unique.
    """
    import hashlib  # only the formats that print fingerprints pay for loading OpenSSL

    seen: dict[str, int] = {}
    out: list[str] = []
    path_of = functools.cache(artifact_path)  # one file, many findings
    for f in findings:
        loc = f.location
        key = "\x1f".join((f.rule, path_of(loc.file), loc.sheet or "", loc.field or "", f.value or ""))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def counts(files: Iterable[FileReport]) -> dict[str, int]:
    """Rows and findings per severity over ``files``."""
    totals = {"rows": 0, "errors": 0, "warnings": 0, "infos": 0}
    for fr in files:
        totals["rows"] += fr.rows
        totals["errors"] += fr.count("error")
        totals["warnings"] += fr.count("warning")
        totals["infos"] += fr.count("info")
    return totals


def by_rule(files: Iterable[FileReport]) -> dict[str, int]:
    """Findings per rule id over ``files``, sorted by id."""
    merged: dict[str, int] = {}
    for fr in files:
        for rule, n in fr.by_rule().items():
            merged[rule] = merged.get(rule, 0) + n
    return dict(sorted(merged.items()))


def fails(finding: Finding, report: Report) -> bool:
    """Whether this finding makes the run invalid (errors; warnings too under --strict)."""
    return finding.severity == "error" or (report.strict and finding.severity == "warning")
