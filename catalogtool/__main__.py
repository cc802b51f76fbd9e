"""The process entry point: ``python -m catalogtool`` and the ``catalogtool`` console script.

A plain ``validate FILE… [--format F]`` (how hooks and CI run it) is read and run without Typer
(catalogtool.commands.validating); every other command line goes to the app, catalogtool.cli.main.

Two settings of the garbage collector that suit a short run of one command, made here and not in the
library (whose callers keep their own):

* young collections after 100,000 net new objects instead of 700, from the first import on: a run
  creates mostly objects that live until it ends (modules, classes, the code list, findings), so
  hundreds of young collections find almost nothing (about 10 ms of a 500-row check, 90 ms of a
  31-province workspace, measured with gc.callbacks); cyclic garbage is still collected, later. mypy
  does the same for the same reason (mypy/main.py).
* at the end gc.freeze, so the interpreter's last collections do not walk every object (about 25 ms);
  objects are still freed, atexit handlers run and files are flushed as usual, and every output has
  been written and closed before :func:`catalogtool.cli.main` returns.
"""

from __future__ import annotations

import gc
import os
import sys

YOUNG_COLLECTION_THRESHOLD = 100_000


def run() -> None:
    """Run the command line in a process of its own (see the module docstring). A plain
    ``validate FILE… [--format F]`` runs without Typer (catalogtool.commands.validating)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)
    from catalogtool.commands.validating import plain_arguments

    args = sys.argv[1:]
    plain = plain_arguments(args, os.environ)
    try:
        if plain is None:
            from catalogtool.cli import main

            main()
        else:
            from catalogtool.commands.exits import finish
            from catalogtool.commands.validating import validate

            finish(args, lambda: validate(**plain))
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
