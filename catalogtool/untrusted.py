"""Documents from outside treated as data: JSON with bounded nesting, text without lone surrogates.

`package --check` reads packages that arrive from anywhere, and drafts and workspace files come from
anyone. Python's JSON parser and jsonschema both recurse, so nesting is bounded before a validator
sees a document. JSON and YAML can spell half a UTF-16 pair, which every UTF-8 writer then refuses,
so such text is refused where it is read. (Patterns in a package's own Table Schema are never run:
``package --check`` checks the CSV against catalogtool's own schema, see package_verify.py.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 64  # nesting of arrays/objects in a package's JSON (ours is at most 6 deep)


class UntrustedError(ValueError):
    """A document or value from a package that cannot be used safely; the message says why."""


def depth(value: Any) -> int:
    """How deeply lists and dicts nest in ``value`` (a scalar is 0), counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            stack.extend((child, level + 1) for child in item)
    return deepest


def load_json(data: bytes, max_depth: int = MAX_DEPTH, parse: Callable[[bytes], Any] = json.loads) -> Any:
    """Parse JSON from outside, its nesting bounded; raises UntrustedError (a ValueError) or ValueError.

    Python's parser recurses (RecursionError near 1,000 levels) and so does jsonschema, so anything
    nested deeper than ``max_depth`` is refused before a validator sees it.
    """
    try:
        value = parse(data)
    except RecursionError:
        raise UntrustedError(f"nested more than {max_depth} levels deep") from None
    if depth(value) > max_depth:
        raise UntrustedError(f"nested more than {max_depth} levels deep")
    return value


def lone_surrogate(value: Any) -> str | None:
    """The first text in ``value`` (nested lists/dicts, keys too) holding a lone surrogate, or None.

    JSON and YAML can spell half a UTF-16 pair (``"\\ud800"``); Python keeps it in a str, and every
    UTF-8 writer then fails. Text read from bytes as UTF-8 never holds one, so parsed documents are
    the only place to look.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and any("\ud800" <= ch <= "\udfff" for ch in item):
                return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None


def surrogate_message(text: str) -> tuple[str, str]:
    """What to tell the user about ``text`` holding a lone surrogate (en, zh), the text shown escaped."""
    escaped = text.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
    shown = f"“{escaped[:60]}”"
    return (
        f"the text {shown} holds half a UTF-16 pair (a \\uD800–\\uDFFF escape), which is not a "
        "character; write the character itself",
        f"文本 {shown} 含有不成对的 UTF-16 代理项（\\uD800–\\uDFFF 转义），不是有效字符，请直接写出该字符",
    )
