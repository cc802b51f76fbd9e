"""Atomic output: write beside the target, then rename, so a failure never leaves half a file.

A write that the system refuses (no permission, disk full, the target is a folder) becomes one clear
InputError naming the target, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from catalogtool.errors import InputError


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once: os.umask can only be read by setting it, which is not something to do per write.
_UMASK = _read_umask()


def _cannot_write(target: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(f"cannot write {target}: {reason}", f"无法写入 {target}：{reason}")


@contextlib.contextmanager
def atomic_path(target: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target`` in one step.

    The file gets ``mode``, or the permissions a plain open() would give (mkstemp's are 0600). On any
    exception (including KeyboardInterrupt) the temporary file is removed and ``target`` is left as it
    was.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_UMASK if mode is None else mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def atomic_dir(target: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a fresh temporary directory next to ``target``; on success it replaces ``target``.

    An existing ``target`` is swapped out only once the new one is complete.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    old: Path | None = None
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_UMASK if mode is None else mode)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, old / "x")
        os.replace(tmp, target)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def same_path(a: Path, b: Path) -> bool:
    """True when two paths name the same file, or would once written (links and ``..`` resolved)."""
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write bytes atomically."""
    with atomic_path(target, mode) as tmp:
        tmp.write_bytes(data)
