"""Errors a user can cause that end a command: one clear line, exit code 2, never a traceback."""

from __future__ import annotations


class CatalogToolError(Exception):
    """An unusable input or a usage problem. Carries the message in both languages."""

    exit_code = 2

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh or message_en

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def __reduce__(self) -> tuple[type[CatalogToolError], tuple[str, str]]:
        # Both languages survive pickling (a contained child sends its errors to the parent).
        return (type(self), (self.message_en, self.message_zh))


class InputError(CatalogToolError):
    """A file that cannot be used: missing, corrupt, encrypted, hostile, wrong format, no table.

    ``path`` is the file as the user gave it, when the error is about one file.
    """

    def __init__(self, message_en: str, message_zh: str | None = None, path: str | None = None) -> None:
        super().__init__(message_en, message_zh)
        self.path = path


class UsageError(CatalogToolError):
    """Options or arguments that do not fit together."""
