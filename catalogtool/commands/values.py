"""The parsing of option values shared by several commands, without Typer: the plain ``validate`` run
(catalogtool.commands.validating) uses it without importing Typer, and options.py re-exports it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from catalogtool.errors import UsageError


def parse_today(text: str | None) -> dt.date:
    """The date given to --today, or today; UsageError when it is not YYYY-MM-DD."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--today: {text!r} is not YYYY-MM-DD", f"--today：{text!r} 不是 YYYY-MM-DD 日期"
        ) from None


def check_format(value: str, choices: Sequence[str]) -> str:
    """The --format value, folded to lower case; UsageError when it is not one of ``choices``."""
    fmt = value.strip().lower()
    if fmt not in choices:
        raise UsageError(
            f"unknown --format {value!r}; choose one of {', '.join(choices)}",
            f"未知的输出格式 {value!r}；可选：{', '.join(choices)}",
        )
    return fmt
