"""Outputs people and machines rely on (issue 10): safe writes through links, FIFOs, devices and ``-``;
--annotate that never replaces a file unasked; full disks and read-only folders leave nothing behind."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import LEADING_HEADER, save_xlsx

HEADER = [*LEADING_HEADER, "学历要求", "工作经历", "专业技能"]
GOOD = [
    1,
    "2-02-10",
    "信息和通信工程技术人员",
    "",
    "软件架构师",
    "软件和信息服务",
    "学士",
    "3年以上",
    "熟悉相关技术",
]
BAD = [2, "9-99-99", "不存在的小类", "", "工程师", "软件和信息服务", "学士", "3年以上", "熟悉相关技术"]


def draft(path: Path, *rows: list[object]) -> Path:
    return save_xlsx(path, HEADER, *(rows or (GOOD, BAD)), title="目录")


class Cli:
    """The real entry point (``catalogtool.cli.main``) run in process; stdout and stderr captured."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch
        for name in list(os.environ):
            if name.startswith(("CATALOGTOOL_", "GITHUB_")):
                monkeypatch.delenv(name)
        monkeypatch.setenv("LANG", "C.UTF-8")
        monkeypatch.setenv("COLUMNS", "120")

    def __call__(self, *args: str | os.PathLike[str]) -> tuple[int, str, str]:
        from catalogtool.cli import main

        self.monkeypatch.setattr(sys, "argv", ["catalogtool", *map(str, args)])
        self.capsys.readouterr()
        with pytest.raises(SystemExit) as done:
            main()
        captured = self.capsys.readouterr()
        code = done.value.code
        return (code if isinstance(code, int) else 0), captured.out, captured.err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("catalogtool: "), err
    assert "Traceback" not in err
    return err


# ---- 1. links, FIFOs, devices, "-" ------------------------------------------------------------------


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx")
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, out, _ = cli("validate", source, "--format", "json", "--output", link)
    assert code == 1 and out == ""
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads(real.read_text(encoding="utf-8"))["summary"]["errors"] == 1
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]  # no temporary file left


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx", GOOD)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "later.json")
    assert cli("validate", source, "--format", "json", "--output", link)[0] == 0
    assert link.is_symlink() and json.loads((tmp_path / "later.json").read_text("utf-8"))["valid"] is True


def test_annotate_through_a_symlink_keeps_the_link(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx")
    link = tmp_path / "marked.xlsx"
    link.symlink_to(tmp_path / "elsewhere.xlsx")
    assert cli("validate", source, "--annotate", link)[0] == 1
    assert link.is_symlink() and (tmp_path / "elsewhere.xlsx").stat().st_size > 0


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fifo:
            into.append(fifo.read())

    thread = threading.Thread(target=read, daemon=True)  # a regression must not hang the run
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_output_to_a_fifo_writes_into_it(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx")
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    code, _, _ = cli("validate", source, "--format", "json", "--output", fifo)
    reader.join(timeout=60)
    assert code == 1 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(got[0])["summary"]["errors"] == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_convert_into_a_fifo_needs_no_force(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx", GOOD)
    fifo = tmp_path / "rows.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    code, _, err = cli("convert", source, fifo)
    reader.join(timeout=60)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(got[0])["rows"][0]["position"] == "软件架构师"


def test_output_to_a_character_device_is_not_replaced(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx")
    if os.geteuid() == 0:  # a device of our own: a regression must not replace the system's /dev/null
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:  # not root: the system's /dev cannot be written into anyway
        device = Path(os.devnull)
    before = device.stat()
    assert cli("validate", source, "--format", "json", "--output", device)[0] == 1
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_output_dash_is_standard_output(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx")
    code, out, _ = cli("validate", source, "--format", "sarif", "--output", "-")
    assert code == 1 and json.loads(out)["version"] == "2.1.0"
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_output_through_a_link_to_dev_stdout_writes_into_fd_1(tmp_path: Path) -> None:
    # A process whose fd 1 is a regular file, told to write to a link to /dev/stdout: the report
    # lands in that file, and neither the link nor the file is replaced. (The link is ours, so a
    # regression replaces it, not the system's /dev/stdout.)
    source = draft(tmp_path / "draft.xlsx")
    link = tmp_path / "out.json"
    link.symlink_to("/dev/stdout")
    log = tmp_path / "stdout.log"
    with open(log, "w", encoding="utf-8") as fd1:
        done = subprocess.run(
            [sys.executable, "-m", "catalogtool", "validate", str(source), "-f", "json", "-o", str(link)],
            stdout=fd1,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "LANG": "C.UTF-8"},
            timeout=120,
        )
    assert done.returncode == 1, done.stderr
    assert link.is_symlink()
    assert json.loads(log.read_text(encoding="utf-8"))["summary"]["errors"] == 1


# ---- 2. --annotate never replaces a file unasked, never the input ----------------------------------


def test_annotate_refuses_an_existing_file_without_force(tmp_path: Path, cli: Cli) -> None:
    source = draft(tmp_path / "draft.xlsx")
    out = tmp_path / "marked.xlsx"
    out.write_bytes(b"keep me")
    code, _, err = cli("validate", source, "--annotate", out)
    assert code == 2 and "exists (use --force to replace it)" in one_line(err)
    assert out.read_bytes() == b"keep me"
    assert cli("validate", source, "--annotate", out, "--force")[0] == 1
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("spelling", ["./{name}", "{dir}/../{dirname}/{name}", "link"])
def test_annotate_never_the_input_whatever_the_spelling(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    source = draft(tmp_path / "draft.xlsx")
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    if spelling == "link":
        (tmp_path / "alias.xlsx").symlink_to(source)
        out = "alias.xlsx"
    else:
        out = spelling.format(name=source.name, dir=tmp_path, dirname=tmp_path.name)
    code, _, err = cli("validate", source, "--annotate", out, "--force")
    assert code == 2 and "input" in one_line(err)
    assert source.read_bytes() == before


# ---- 3. full disk, read-only folder: no partial file, one line, exit 2 --------------------------


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("option", ["--output", "--annotate"])
def test_a_full_disk_leaves_no_partial_file(tmp_path: Path, option: str) -> None:
    # RLIMIT_FSIZE makes every write past 256 bytes fail the way a full disk does (EFBIG instead of ENOSPC).
    source = draft(tmp_path / "draft.xlsx")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / ("report.json" if option == "--output" else "marked.xlsx")
    done = subprocess.run(
        [sys.executable, "-m", "catalogtool", "validate", str(source), "-f", "json", option, str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=_limit_file_size(256),
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(f"catalogtool: cannot write {out}: ") and done.stderr.count("\n") == 1
    assert list(out_dir.iterdir()) == []


def test_a_full_device_is_one_clear_line(tmp_path: Path, cli: Cli) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is a Linux device; this system has none")
    source = draft(tmp_path / "draft.xlsx")
    full = Path("/dev/full")
    if os.geteuid() == 0:  # a device of our own: a regression must not replace the system's /dev/full
        full = tmp_path / "full"
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    code, _, err = cli("validate", source, "-f", "json", "--output", full)
    assert code == 2 and f"cannot write {full}: No space left on device" in one_line(err)
    assert stat.S_ISCHR(full.stat().st_mode)


@pytest.mark.parametrize("option", ["--output", "--annotate"])
def test_a_read_only_folder_is_one_clear_line(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    # As root a chmod'ed folder stays writable, so the refusal the system gives is simulated at the
    # one place the writer creates files; as a normal user the folder is made read-only for real.
    import errno
    import tempfile

    source = draft(tmp_path / "draft.xlsx")
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:
        real = tempfile.mkstemp

        def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
            if Path(str(kwargs.get("dir"))) == folder:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

        monkeypatch.setattr(tempfile, "mkstemp", read_only)
    else:
        folder.chmod(0o555)
    out = folder / ("report.json" if option == "--output" else "marked.xlsx")
    try:
        code, _, err = cli("validate", source, "-f", "json", option, out)
    finally:
        folder.chmod(0o755)
    assert code == 2 and one_line(err).startswith(f"catalogtool: cannot write {out}: ")
    assert list(folder.iterdir()) == []
