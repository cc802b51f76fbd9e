"""Which language to speak: --lang, then $CATALOGTOOL_LANG, then catalogtool.yaml, then the locale.

The locale counts as Chinese when LC_ALL / LC_MESSAGES / LANG starts with ``zh``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from catalogtool.errors import UsageError

LANGS = ("zh", "en")


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
