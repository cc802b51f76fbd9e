"""How a run of the command line ends, without Typer: one line per error (never a traceback) and the exit
codes 0 valid, 1 findings, 2 unusable input or usage.

Shared by the Typer app (:func:`catalogtool.cli.main`) and the plain ``validate`` run
(:mod:`catalogtool.commands.validating`), which must not import Typer.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from typing import NoReturn

from catalogtool.errors import CatalogToolError


def say(line: str) -> None:
    """Write one line to standard error (a caller passes values through report.common.visible)."""
    if sys.stderr is not None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def finish(args: list[str], command: Callable[[], int]) -> NoReturn:
    """Run ``command`` (the arguments ``args`` asked for) and exit with the code it returns; a user error
    is one line and exit 2, an internal error one line and exit 2 (the traceback with --debug or
    CATALOGTOOL_DEBUG=1), a closed standard output (``| head``) no error at all."""
    debug = "--debug" in args or os.environ.get("CATALOGTOOL_DEBUG") == "1"
    try:
        with warnings.catch_warnings():
            if not debug:  # a library's warning about an odd input (openpyxl's) is not a second line
                warnings.simplefilter("ignore")
            code = command()
    except (SystemExit, BrokenPipeError) as exc:
        # A closed stdout (`| head`) means the reader has what it wanted: no error. Typer turns
        # EPIPE into exit 1 from inside its `except OSError`, so the pipe error is the context.
        if not isinstance(exc, BrokenPipeError) and not isinstance(exc.__context__, BrokenPipeError):
            raise
        # stdout to /dev/null, so the flush at exit raises no second BrokenPipeError
        # (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except CatalogToolError as exc:
        lang = error_lang(args)
        from catalogtool.report.common import visible  # a file name or value must not act on the terminal

        say(f"catalogtool: {visible(exc.message(lang))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        say("catalogtool: interrupted")
        sys.exit(130)
    except Exception as exc:
        if debug:
            raise
        say(
            f"catalogtool: internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback, and please report it)"
        )
        sys.exit(2)
    sys.exit(code)


def option(args: list[str], *names: str) -> str | None:
    """The value of the first of ``names`` in ``args`` (``--name VALUE`` or ``--name=VALUE``)."""
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(name + "="):
                return arg.partition("=")[2]
    return None


def error_lang(args: list[str]) -> str:
    """The language of an error message: --lang, $CATALOGTOOL_LANG, then ``lang:`` of the catalogtool.yaml
    the command would read (--config, --workspace, else the current folder), then the locale."""
    from pathlib import Path

    from catalogtool.lang import detect_lang

    config_lang = None
    try:
        from catalogtool.config import config_for

        config = option(args, "--config")
        start = option(args, "--workspace", "-w") or next(
            (a for a in args if not a.startswith("-") and Path(a).is_dir()), None
        )
        config_lang = config_for(Path(config) if config else None, Path(start) if start else None).lang
    except CatalogToolError:  # the unreadable config may be the error itself
        pass
    try:
        return detect_lang(option(args, "--lang"), config=config_lang)
    except CatalogToolError:  # the bad --lang may be the error itself
        return detect_lang()
