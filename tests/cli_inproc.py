"""Run the CLI in process (Typer's CliRunner) with the same error handling as the console entry point."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from catalogtool.cli import app
from catalogtool.errors import CatalogToolError


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit code, standard output and standard error."""

    code: int
    stdout: str
    stderr: str


def cli(*args: object, env: dict[str, str] | None = None) -> Outcome:
    """``catalogtool ARGS`` in process; a CatalogToolError becomes its exit code and one stderr line,
    as :func:`catalogtool.cli.main` does. Messages are in English unless ``env`` says otherwise."""
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], env={"CATALOGTOOL_LANG": "en", **(env or {})})
    exc = result.exception
    if isinstance(exc, CatalogToolError):
        return Outcome(exc.exit_code, result.stdout, result.stderr + f"catalogtool: {exc.message('en')}\n")
    if exc is not None and not isinstance(exc, SystemExit):
        raise exc
    return Outcome(result.exit_code, result.stdout, result.stderr)
