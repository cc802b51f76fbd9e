"""Atomic output: write beside the target, then rename, so a failure never leaves half a file.

What the target is decides how it is written:

- ``-``: standard output;
- a symbolic link: its final target, atomically beside that file (the link stays a link);
- a FIFO or a character device (``/dev/stdout``, a pipe): written directly, never renamed over;
- a block device, a socket: refused;
- anything else: a temporary file beside it, renamed over it in one step.

A write that the system refuses (no permission, disk full, read-only folder, the target is a folder)
becomes one clear InputError naming the target, never a traceback, and leaves no partial file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
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


STDOUT = Path("-")


def is_stream(target: Path) -> bool:
    """True for ``-`` and for an existing FIFO or character device: written in place, not replaced."""
    if str(target) == "-":
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or (stat.S_ISREG(mode) and _via_system(Path(target)))


def _via_system(path: Path) -> bool:
    """True when ``path`` or a link on the way to its file is under /dev or /proc.

    /dev/stdout is a link to whatever fd 1 is, a regular file too: that file is written into, never
    replaced (which would detach it from the process that holds it open).
    """
    for _ in range(40):  # the kernel's own limit on a chain of links
        if path.absolute().parts[1:2] in (("dev",), ("proc",)):
            return True
        if not path.is_symlink():
            return False
        path = path.parent / os.readlink(path)
    return False


def _refuse_special(target: Path) -> None:
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        kind = ("a block device", "块设备") if stat.S_ISBLK(mode) else ("a socket", "套接字")
        raise InputError(
            f"cannot write {target}: it is {kind[0]}, not a file",
            f"无法写入 {target}：它是{kind[1]}，不是文件",
        )


@contextlib.contextmanager
def _stream_path(target: Path) -> Iterator[Path]:
    """A scratch file whose content is copied into ``target`` (``-``, a FIFO, a device) on success."""
    fd, name = tempfile.mkstemp(prefix=".catalogtool.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb") as data:
            if str(target) == "-":
                sys.stdout.flush()
                shutil.copyfileobj(data, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with open(target, "wb") as out:
                    shutil.copyfileobj(data, out)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _prefix(target: Path) -> str:
    """Temporary siblings of ``target`` are named ``.<name>.<pid>.<random><suffix>``: the process id
    lets a later run tell the leftovers of a killed run (process gone) from a run still writing."""
    return f".{target.name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # someone else's process (or a pid we cannot probe): leave its files alone
    return True


def sweep_leftovers(target: Path) -> list[Path]:
    """Remove what interrupted runs (``kill -9``, power loss) left beside ``target``; return it.

    Only our own naming is touched (``.<name>.<pid>.<random>.tmp`` / ``.old``), and only when that
    process no longer exists.
    """
    removed: list[Path] = []
    head = f".{target.name}."
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        name = path.name
        if not name.startswith(head) or not name.endswith((".tmp", ".old")):
            continue
        pid_text = name[len(head) :].split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed


@contextlib.contextmanager
def atomic_path(target: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target`` in one step.

    The file gets ``mode``, or the permissions a plain open() would give (mkstemp's are 0600). On any
    exception (including KeyboardInterrupt) the temporary file is removed and ``target`` is left as it
    was. A symbolic link is followed (the file it points to is replaced, the link kept); ``-``, a FIFO
    and a character device are written directly (see the module docstring).
    """
    target = Path(target)
    if is_stream(target):
        with _stream_path(target) as tmp:
            yield tmp
        return
    _refuse_special(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_leftovers(target)
        fd, name = tempfile.mkstemp(prefix=_prefix(target), suffix=".tmp", dir=target.parent)
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

    An existing ``target`` is swapped out only once the new one is complete; a symbolic link to a
    folder is followed (the link stays).
    """
    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.exists() and not target.is_dir():
        raise InputError(
            f"cannot write the folder {target}: a file of that name is in the way; "
            "move it or choose another output folder",
            f"无法写入文件夹 {target}：已有同名文件，请移走该文件或另选输出位置",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_leftovers(target)
        tmp = Path(tempfile.mkdtemp(prefix=_prefix(target), suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    old: Path | None = None
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_UMASK if mode is None else mode)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=_prefix(target), suffix=".old", dir=target.parent))
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


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write several files as one step: all of them or none (``catalogtool new``).

    Every file is first written in full beside its target (folders created as needed); only when all
    are on disk are they renamed into place, which cannot run out of space. On any failure the
    temporary files and the folders this call created are removed, and no target has changed.
    """
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    current: Path | None = None
    try:
        for target, data in files.items():
            current = Path(target)
            if current.is_dir():  # found now, before any file is renamed into place
                raise IsADirectoryError(errno.EISDIR, "is a folder", str(current))
            for parent in reversed([p for p in current.parents if not p.exists()]):
                parent.mkdir()
                created.append(parent)
            fd, name = tempfile.mkstemp(prefix=f".{current.name}.", suffix=".tmp", dir=current.parent)
            staged.append((Path(name), current))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(name, 0o666 & ~_UMASK)
        for tmp, target in staged:
            current = target
            os.replace(tmp, target)
    except BaseException as exc:  # Ctrl-C too: leave nothing behind
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise _cannot_write(current or Path("."), exc) from None
        raise
