"""The contract every input must keep, and an in-process CLI runner that checks it.

For any file: exit 0, 1 or 2; exit 2 prints one clear line (``catalogtool: …``) and never an
"internal error" or a traceback; no process abort (the run would not come back at all); CPU time
and memory stay bounded. Time is measured as CPU seconds (ours plus reaped children's), never
wall-clock, so a busy machine does not fail a run; memory is bounded by ``RLIMIT_AS`` set once for
the fuzzing process (``limit_memory``), so going over it is a MemoryError, which the CLI would report
as an internal error and the contract catches.

``run`` is the one way the fuzzers and the regression tests call the CLI: ``catalogtool.cli.main``
in this process, through Click's isolation (stdin/stdout/stderr captured), with ``sys.argv`` and the
working directory set for the call.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The issue's bounds: 10 s and 600 MB on the 2-core machine. CPU seconds, ours and our children's.
CPU_SECONDS = 10.0
MEMORY_BYTES = 600 * 2**20


@dataclass(frozen=True)
class Outcome:
    """One CLI run: exit code, captured output, and the CPU seconds it used."""

    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    cpu_seconds: float

    def violations(self, cpu_limit: float = CPU_SECONDS) -> list[str]:
        """Every way this run broke the contract (empty when it kept it)."""
        out = []
        if self.exit_code not in (0, 1, 2):
            out.append(f"exit code {self.exit_code}")
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        if "internal error" in self.stderr or "Traceback" in self.stderr:
            out.append(f"internal error: {self.stderr.strip()[:2000]}")
        elif self.exit_code == 2 and (len(lines) != 1 or not lines[0].startswith("catalogtool: ")):
            out.append(f"exit 2 without exactly one clear line: {self.stderr.strip()[:2000]!r}")
        if self.cpu_seconds > cpu_limit:
            out.append(f"{self.cpu_seconds:.1f} CPU seconds (limit {cpu_limit:.0f})")
        return out

    def check(self, cpu_limit: float = CPU_SECONDS) -> Outcome:
        """Raise AssertionError naming every violation; return self for chaining."""
        problems = self.violations(cpu_limit)
        assert not problems, f"catalogtool {' '.join(self.args)}: " + "; ".join(problems)
        return self


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@contextlib.contextmanager
def _cwd(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run(*args: str | os.PathLike[str], cwd: Path | None = None, lang: str = "en") -> Outcome:
    """Run ``catalogtool ARGS`` in this process, as the console script would, and capture it all."""
    from typer.testing import CliRunner

    from catalogtool.cli import main

    argv = tuple(map(str, args))
    env = {key: None for key in os.environ if key.startswith(("CATALOGTOOL_", "GITHUB_"))}
    env.update({"CATALOGTOOL_LANG": lang, "COLUMNS": "120"})
    runner = CliRunner()
    code: int | str | None = 0
    started = _cpu()
    saved_argv = sys.argv
    with _cwd(cwd), runner.isolation(env=env) as (stdout, stderr, _):
        sys.argv = ["catalogtool", *argv]
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        finally:
            sys.argv = saved_argv
        out = stdout.getvalue().decode("utf-8", "replace")
        err = stderr.getvalue().decode("utf-8", "replace")
    exit_code = code if isinstance(code, int) else (0 if code is None else 2)
    return Outcome(argv, exit_code, out, err, _cpu() - started)


def limit_memory(extra: int = MEMORY_BYTES) -> None:
    """Bound this process's address space to what it has now plus ``extra`` (for fuzzing runs)."""
    with open("/proc/self/statm", "rb") as fh:
        now = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (now + extra, hard))


def expect(outcome: Outcome, codes: Sequence[int], contains: str = "") -> Outcome:
    """The contract holds, the exit code is one of ``codes``, and stderr+stdout mention ``contains``."""
    outcome.check()
    assert outcome.exit_code in codes, (outcome.exit_code, outcome.stdout[-2000:], outcome.stderr)
    assert contains in outcome.stderr + outcome.stdout, (contains, outcome.stdout[-2000:], outcome.stderr)
    return outcome
