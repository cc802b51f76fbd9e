"""Reading a code as drafters write it: full-width digits, odd dashes, missing padding, names after the code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalogtool.codes.codelist import CodeList


@dataclass(frozen=True)
class NormalizedCode:
    """The canonical form of a code typed by a person, and what had to change to get there.

    ``prefix`` is set (and ``code`` is None) when the text is an unfinished code whose one-digit
    last part cannot be padded without guessing (2-02-3); see :func:`normalize_code`.
    """

    code: str | None
    changes: tuple[str, ...]
    name: str | None = None
    prefix: str | None = None

    def describe_changes(self, lang: str) -> str:
        """What had to change, for a person: ``全角字符、补零`` / ``full-width, padding``."""
        if lang == "zh":
            return "、".join(CHANGES_ZH[change] for change in self.changes)
        return ", ".join(self.changes)


#: Each change :func:`normalize_code` may make, in Chinese words (in English its key says it).
CHANGES_ZH = {
    "full-width": "全角字符",
    "dash": "其他连接符",
    "spaces": "空格",
    "padding": "补零",
    "trailing-name": "代码后附名称",
    "digits-only": "未分隔的数字",
}


_CHANGE_ORDER = ("full-width", "dash", "spaces", "padding", "trailing-name", "digits-only")
_FULL_WIDTH = {ord("－"): "-", ord("\u3000"): " ", **{0xFF10 + i: str(i) for i in range(10)}}
# Dash look-alikes that word processors, IMEs and PDFs put where '-' was meant; dots as in 2.02.10.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u30fb\u00b7\uff65\u30fc\uff0e._"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_CODE_CHARS = re.compile("^[0-9\uff10-\uff19\\-\uff0d" + re.escape(_DASHES) + r"\s]+")
_DIGIT_SPLITS = {1: (1,), 3: (1, 2), 5: (1, 2, 2), 7: (1, 2, 2, 2)}
_NAME_EDGES = " \t:：,，、;；/|()（）[]【】<>《》\"'“”-"
#: A code already in canonical form (every inner and last part two ASCII digits): nothing to repair.
_CANONICAL = re.compile(r"[0-9](?:-[0-9]{2}){0,3}")


def normalize_code(text: str, codes: CodeList | None = None) -> NormalizedCode:
    """Read the code at the start of ``text`` in canonical form ``X``, ``X-YY``, ``X-YY-ZZ``, ``X-YY-ZZ-NN``.

    Repairs full-width digits and dashes (２－０２－１０), other dash characters (—, –, ‐, ・, '.'),
    spaces, unpadded inner parts (2-2-10 → 2-02-10), a trailing name (2-02-10 信息和通信工程技术人员)
    and digits only (20210 → 2-02-10, 2021003 → 2-02-10-03, 202 → 2-02). This is about shape:
    whether the code exists is :class:`CodeList`'s business. Never raises; ``code`` is ``None`` when
    the text does not have the shape of a code.

    Padding rule. An inner part of one digit is padded: the separator after it shows it is complete
    (the 2 of 2-2-10). A one-digit *last* part may be a code cut short, so it is padded only when
    nothing else can be meant: when no code of ``codes`` (default: the shipped classification)
    other than the padded one starts with the text. 2-2-38-3 → 2-02-38-03, since there is no
    2-02-38-3x; but 2-02-3 may be 2-02-03 or 2-02-30 … 2-02-39 (2-02-38 cut short), so it is no
    code (``code`` None: a catalog cell gets the malformed-code error) and ``prefix`` is 2-02-3,
    which code search lists the matches of.
    """
    if _CANONICAL.fullmatch(text):  # most codes in a draft; what _repair makes of them, found cheaply
        return NormalizedCode(text, ())
    return _repair(text, codes)


def _repair(text: str, codes: CodeList | None) -> NormalizedCode:
    """:func:`normalize_code` for any text (the canonical ones it answers itself give the same)."""
    changes: set[str] = set()
    cleaned = text.translate(_INVISIBLE)
    if cleaned != text:
        changes.add("spaces")
    cleaned = cleaned.strip()
    match = _CODE_CHARS.match(cleaned)
    if match is None:
        return NormalizedCode(None, ())
    head, rest = match.group(), cleaned[match.end() :]
    name = rest.strip(_NAME_EDGES)
    # "2-02-10x" is not a code followed by a name, nor is "2-02-10、2-02-11" (two codes in one);
    # "2-02-10信息…" and "2-02-10 (信息…)" are.
    if (rest and rest[0].isascii() and rest[0].isalnum()) or name[:1].isdigit():
        return NormalizedCode(None, ())
    if name:
        changes.add("trailing-name")
    head = head.rstrip().rstrip("-－" + _DASHES).rstrip()
    if any(ch in _FULL_WIDTH for ch in map(ord, head)):
        changes.add("full-width")
        head = head.translate(_FULL_WIDTH)
    if any(ch in _DASHES for ch in head):
        changes.add("dash")
        head = re.sub(f"[{re.escape(_DASHES)}]", "-", head)
    if any(ch.isspace() for ch in head):
        changes.add("spaces")
    if "--" in re.sub(r"\s+", "", head):
        changes.add("dash")
    parts = [p for p in re.split(r"[\s-]+", head) if p]
    code = _join_parts(parts, changes)
    if code is None:
        return NormalizedCode(None, ())
    if _unfinished(code):
        head, _, last = code.rpartition("-")
        padded = f"{head}-0{last}"
        if codes is None:
            from catalogtool.codes.load import load_code_list

            codes = load_code_list()  # the shipped list, loaded once
        if any(c != padded for c in codes.starting_with(code)):
            return NormalizedCode(None, (), prefix=code)
        code = padded
        changes.add("padding")
    return NormalizedCode(code, tuple(c for c in _CHANGE_ORDER if c in changes), name or None)


def _unfinished(code: str) -> bool:
    """2-02-3: a last part (after the major group) of one digit."""
    return "-" in code and len(code) - code.rindex("-") == 2


def _join_parts(parts: list[str], changes: set[str]) -> str | None:
    """The parts joined in canonical form, inner parts padded; a one-digit last part is kept as it is."""
    if not parts or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    if len(parts) == 1:
        digits = parts[0]
        widths = _DIGIT_SPLITS.get(len(digits))
        if widths is None:
            return None
        if len(widths) > 1:
            changes.add("digits-only")
        parts, pos = [], 0
        for width in widths:
            parts.append(digits[pos : pos + width])
            pos += width
    if len(parts) > 4:
        return None
    out = []
    for index, part in enumerate(parts):
        width = 1 if index == 0 else 2
        value = int(part)
        if value >= 10**width:
            return None
        if index > 0 and index == len(parts) - 1 and len(part) == 1:
            out.append(part)  # unfinished: normalize_code decides
            continue
        padded = str(value).zfill(width)
        if padded != part:
            changes.add("padding")
        out.append(padded)
    return "-".join(out)
