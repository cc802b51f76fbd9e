"""Run native parsers where a crash cannot take catalogtool down: a forked child with hard limits.

MEASURED with python-calamine 0.9.1: a cell reference or count the hostile-file scan does not see
as Excel writes it (``r='XFD1048576'``, ``uniqueCount="4294967295"``, …) makes calamine allocate
the whole grid, and Rust aborts the process on an allocation failure: no exception, no exit 2, just
SIGABRT. The scan in read/safety.py refuses the cases it understands with a precise message; this
module is the net under it, for the variants nobody thought of.

``Contained(job)`` forks; the child sets ``RLIMIT_AS`` (address space) and ``RLIMIT_CPU``, silences
its stdout/stderr (Rust prints a backtrace before aborting), runs ``job(send)`` and streams what the
job sends back as pickled messages over a pipe. The parent reads them with a wall-clock deadline on
each wait. A child that dies by a signal, runs out of memory or time, or stops answering becomes
one InputError (exit 2) naming the file; an InputError raised in the child comes back as itself;
any other exception in the child is a bug and comes back as :class:`ContainedBug`.

Where ``os.fork`` does not exist (Windows), the job runs in-process, uncontained.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogtool.errors import CatalogToolError, InputError

_HEADER = struct.Struct("<Q")


@dataclass(frozen=True)
class Budget:
    """What a contained job may use beyond what the process already has when it forks."""

    memory_bytes: int = 512 * 2**20  # address space on top of the parent's (virtual, not RSS)
    cpu_seconds: int = 60
    wait_seconds: float = 120.0  # longest wait for the next message (a hung child is killed)


DEFAULT_BUDGET = Budget()


class ContainedBug(RuntimeError):
    """An unexpected exception inside a contained job (a bug): reported as an internal error."""


class _Done(Exception):
    """The child finished; no more messages."""


Send = Callable[[Any], None]


def _address_space() -> int:
    """The process's current virtual memory size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit(budget: Budget) -> None:
    import resource

    base = _address_space()
    if base:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        memory = base + budget.memory_bytes
        if hard != resource.RLIM_INFINITY:
            memory = min(memory, hard)  # never above what the parent itself may use
        resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = budget.cpu_seconds
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))  # a forked child starts at 0 CPU seconds


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _child(job: Callable[[Send], None], fd: int, budget: Budget) -> None:
    """The forked child: limits, quiet stdio, run the job, report, and exit without cleanup."""
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1, 2):
            os.dup2(devnull, std)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        faulthandler.disable()  # a test runner's handler writes to its own copy of stderr
        _limit(budget)

        def send(message: Any) -> None:
            data = pickle.dumps(("msg", message), protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(fd, _HEADER.pack(len(data)) + data)

        try:
            job(send)
            outcome: tuple[str, Any] = ("done", None)
        except CatalogToolError as exc:
            outcome = ("error", exc)
        except MemoryError:
            outcome = ("memory", None)
        except RecursionError:
            outcome = ("depth", None)
        except BaseException as exc:  # a bug: carried to the parent as text
            import traceback  # (here, not at the top: only a bug needs it, and every check starts a child)

            outcome = ("bug", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception that cannot be pickled is a bug too
            data = pickle.dumps(("bug", (f"{type(exc).__name__}: {exc}", "")))
        _write_all(fd, _HEADER.pack(len(data)) + data)
    except BaseException:
        code = 70
    finally:
        os._exit(code)


class Contained:
    """A job running in a limited child process; iterate to receive what it sends.

    ``what`` names the input in messages (``"book.xlsx: …"``). Use as a context manager, or make
    sure the iterator is exhausted or :meth:`close` is called, so the child is always reaped.
    """

    def __init__(self, job: Callable[[Send], None], what: Path, budget: Budget = DEFAULT_BUDGET) -> None:
        self.what = what
        self.budget = budget
        self.pid: int | None = None
        self._job = job
        self._fd = -1
        self._buffer = bytearray()

    def __enter__(self) -> Contained:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> Contained:
        """Fork the child now, so that it works while the caller does something else (iterating
        starts it otherwise). Whatever the caller does meanwhile, it must reach ``close()``."""
        if hasattr(os, "fork") and self.pid is None and self._fd < 0:
            self._start()
        return self

    def __iter__(self) -> Iterator[Any]:
        if not hasattr(os, "fork"):  # no containment available: run in-process
            out: list[Any] = []
            self._job(out.append)
            yield from out
            return
        if self.pid is None and self._fd < 0:
            self._start()
        try:
            while True:
                try:
                    yield self._receive()
                except _Done:
                    return
        finally:
            self.close()

    def _start(self) -> None:
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns (coverage cannot see it)
            os.close(read_fd)
            _child(self._job, write_fd, self.budget)
        os.close(write_fd)
        self.pid, self._fd = pid, read_fd

    def _read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            ready, _, _ = select.select([self._fd], [], [], self.budget.wait_seconds)
            if not ready:
                self._kill()
                raise self._failure("timeout")
            chunk = os.read(self._fd, max(1 << 16, n - len(self._buffer)))
            if not chunk:
                raise self._failure(self._reap())
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def _receive(self) -> Any:
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        kind, payload = pickle.loads(self._read(size))
        if kind == "msg":
            return payload
        self._reap()
        if kind == "done":
            raise _Done
        if kind == "error":
            raise payload
        if kind == "bug":
            message, trace = payload
            bug = ContainedBug(message)
            if trace:
                bug.add_note(trace)
            raise bug
        raise self._failure(kind)

    def _kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def _reap(self) -> str:
        """Wait for the child; say how it ended when that was not a normal exit."""
        if self.pid is None:
            return "exit"
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            return "cpu" if sig in (signal.SIGXCPU, signal.SIGKILL) else "crash"
        return "exit"

    def close(self) -> None:
        """Stop the child if it still runs, reap it and close the pipe."""
        self._kill()
        if self.pid is not None:
            self._reap()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _failure(self, how: str) -> InputError:
        name = self.what.name
        limit_s = self.budget.wait_seconds
        reasons = {
            "timeout": (
                f"did not finish reading within {limit_s:.0f} s",
                f"读取超过 {limit_s:.0f} 秒仍未完成",
            ),
            "cpu": (
                f"takes more than {self.budget.cpu_seconds} s of processing to read",
                f"读取所需处理时间超过 {self.budget.cpu_seconds} 秒",
            ),
            "memory": (
                f"needs more than {self.budget.memory_bytes // 2**20} MiB of memory to read",
                f"读取所需内存超过 {self.budget.memory_bytes // 2**20} MiB",
            ),
            "depth": ("is nested too deeply to read", "嵌套层次过深，无法读取"),
        }
        mib = self.budget.memory_bytes // 2**20
        en, zh = reasons.get(
            how,
            (
                f"makes the spreadsheet parser fail: it is damaged, or it needs more than {mib} MiB "
                "(it may claim far more cells or strings than it holds)",
                f"使表格解析器无法处理：文件已损坏，或读取所需内存超过 {mib} MiB（可能声明了远多于实际内容的单元格或字符串）",
            ),
        )
        return InputError(
            f"{name}: the file {en}; open it in Excel or WPS and save it again",
            f"{name}：该文件{zh}，请用 Excel 或 WPS 打开后重新保存",
        )
