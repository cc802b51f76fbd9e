"""Which language to speak: --lang, then $CATALOGTOOL_LANG, then catalogtool.yaml, then the locale.

The locale counts as Chinese when LC_ALL / LC_MESSAGES / LANG starts with ``zh``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from catalogtool.errors import UsageError

LANGS = ("zh", "en")

#: What the items of a list are: words or names (顿号 in Chinese), clauses (逗号), or statements that
#: each say something whole (分号).
ListKind = Literal["words", "clauses", "statements"]
_SEPARATORS: Mapping[ListKind, tuple[str, str]] = {
    "words": ("、", ", "),
    "clauses": ("，", ", "),
    "statements": ("；", "; "),
}


def join(items: Iterable[object], lang: str, kind: ListKind = "words") -> str:
    """A list as a sentence in ``lang`` gives it: ``2-02-35 …、2-02-25 …`` in Chinese, ``a, b`` in
    English. Every list a person reads is joined here."""
    zh, en = _SEPARATORS[kind]
    return (zh if lang == "zh" else en).join(map(str, items))


@dataclass(frozen=True)
class Listing:
    """A list shown in part: its first ``items`` and how many ``more`` were left out. A finding's
    template parameter may be one; it is joined in each language (``A、B … 另 3 项`` / ``A, B … (+3)``)."""

    items: tuple[str, ...]
    more: int = 0
    kind: ListKind = "words"

    def show(self, lang: str) -> str:
        text = join(self.items, lang, self.kind)
        if self.more <= 0:
            return text
        return text + (f" …（另 {self.more} 项）" if lang == "zh" else f" … (+{self.more})")


def _pick(value: str | None) -> str | None:
    if not value:
        return None
    folded = value.strip().lower().replace("-", "_")
    code = folded.split("_")[0]
    return code if code in LANGS else None


def detect_lang(
    explicit: str | None = None, environ: Mapping[str, str] | None = None, config: str | None = None
) -> str:
    """The language for messages. An explicit --lang that is neither zh nor en is a usage error;
    an unusable environment or config value is passed over."""
    if explicit is not None:
        chosen = _pick(explicit)
        if chosen is None:
            raise UsageError(
                f"--lang must be zh or en, not {explicit!r}", f"--lang 只能是 zh 或 en，而不是 {explicit!r}"
            )
        return chosen
    env = os.environ if environ is None else environ
    for candidate in (env.get("CATALOGTOOL_LANG"), config):
        chosen = _pick(candidate)
        if chosen is not None:
            return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
