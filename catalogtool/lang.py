"""Which language to speak: --lang, then CATALOGTOOL_LANG, then the locale (zh when LANG starts with zh)."""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGS = ("zh", "en")


def detect_lang(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get("CATALOGTOOL_LANG")):
        if candidate:
            value = candidate.strip().lower()[:2]
            if value in LANGS:
                return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
