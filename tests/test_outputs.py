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


# ---- 4. a report even when the input is unusable ---------------------------------------------------

MACHINE_FORMATS = ["json", "sarif", "junit", "codequality", "github"]
NOT_A_WORKBOOK = "is named .xlsx but contains text, not a workbook"


def _ct100_in(fmt: str, text: str) -> list[str]:
    """The CT100 messages a report in ``fmt`` carries."""
    if fmt == "json":
        obj = json.loads(text)
        files = obj.get("files", [obj])
        return [f["message"] for fr in files for f in fr["findings"] if f["rule"] == "CT100"]
    if fmt == "sarif":
        results = json.loads(text)["runs"][0]["results"]
        return [r["message"]["text"] for r in results if r["ruleId"] == "CT100"]
    if fmt == "codequality":
        return [i["description"] for i in json.loads(text) if i["check_name"].startswith("CT100")]
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        failures = ET.fromstring(text).iter("failure")
        return [f.get("message", "") for f in failures if (f.get("type") or "").startswith("CT100")]
    return [line for line in text.splitlines() if line.startswith("::error") and "CT100" in line]


@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
def test_an_unusable_input_still_gets_a_report(tmp_path: Path, cli: Cli, fmt: str) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    code, out, err = cli("validate", bad, "--format", fmt)
    assert code == 2
    assert one_line(err) == f"catalogtool: {bad}: {NOT_A_WORKBOOK}; if it is CSV, rename it to .csv\n"
    messages = _ct100_in(fmt, out)
    assert len(messages) == 1 and NOT_A_WORKBOOK in messages[0]
    report = tmp_path / "report.out"
    assert cli("validate", bad, "--format", fmt, "--output", report)[0] == 2
    assert len(_ct100_in(fmt, report.read_text(encoding="utf-8"))) == 1


def test_the_unusable_finding_has_the_error_line_in_both_languages(tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    code, out, err = cli("validate", bad, "--format", "json", "--lang", "zh")
    assert code == 2
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["severity"], finding["row"], finding["cell"]) == (
        "CT100",
        "error",
        None,
        None,
    )
    assert err == f"catalogtool: {bad}：{finding['message_zh']}\n"
    assert finding["message_en"].startswith(NOT_A_WORKBOOK)


# ---- 5. several inputs: one unusable file does not wipe out the others ---------------------------


def test_several_inputs_keep_going_and_exit_with_the_worst(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    draft(tmp_path / "drafts" / "a.xlsx")
    (tmp_path / "drafts" / "broken.xlsx").write_text("junk", encoding="utf-8")
    draft(tmp_path / "drafts" / "c.xlsx", GOOD)
    code, out, err = cli("validate", "drafts/a.xlsx", "drafts/broken.xlsx", "drafts/c.xlsx", "-f", "json")
    assert code == 2
    assert one_line(err).startswith("catalogtool: drafts/broken.xlsx: ")  # the path as given
    files = {fr["file"]: fr for fr in json.loads(out)["files"]}
    assert sorted(files) == ["drafts/a.xlsx", "drafts/broken.xlsx", "drafts/c.xlsx"]
    assert [f["rule"] for f in files["drafts/a.xlsx"]["findings"]] == ["CT201"]
    assert [f["rule"] for f in files["drafts/broken.xlsx"]["findings"]] == ["CT100"]
    assert files["drafts/c.xlsx"]["valid"] is True


def test_a_workspace_with_one_unusable_catalog_reports_the_others(tmp_path: Path, cli: Cli) -> None:
    import shutil

    from tests.conftest import SAMPLE

    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    broken = root / "provinces" / "ZJ"
    shutil.copytree(root / "provinces" / "JS", broken)
    (broken / "province.yaml").write_text(
        (broken / "province.yaml").read_text(encoding="utf-8").replace("province: JS", "province: ZJ"),
        encoding="utf-8",
    )
    (broken / "catalog.xlsx").write_text("junk", encoding="utf-8")
    code, out, err = cli("validate", root, "-f", "json", "--today", "2026-06-01")
    assert code == 2 and one_line(err).startswith(f"catalogtool: {broken / 'catalog.xlsx'}: ")
    files = {fr["file"]: fr for fr in json.loads(out)["files"]}
    assert [f["rule"] for f in files[str(broken / "catalog.xlsx")]["findings"]] == ["CT100"]
    assert files[str(root / "provinces" / "JS" / "catalog.xlsx")]["valid"] is True


# ---- 8. JSON: both languages always, labels never internal keys ----------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_message_and_hint_follow_the_language_and_carry_both(
    tmp_path: Path, cli: Cli, lang: str
) -> None:
    source = save_xlsx(
        tmp_path / "few.xlsx",
        ["序号", "小类代码", "小类名称", "岗位名称", "学历"],
        [1, "2-02-10", "信息和通信工程技术人员", "工程师", "学士"],
    )
    code, out, _ = cli("validate", source, "-f", "json", "--lang", lang)
    assert code == 1
    findings = json.loads(out)["findings"]
    (missing,) = [f for f in findings if f["rule"] == "CT101"]
    for f in findings:
        assert {"message", "message_zh", "message_en", "hint", "hint_zh", "hint_en"} <= set(f)
        assert (f["message"], f["hint"]) == (f[f"message_{lang}"], f[f"hint_{lang}"])
    assert missing["value"] == "产业领域 / Industry, 工作经历（年） / Experience (years), 专业技能 / Skills"
    assert "industry" not in missing["message_en"] + missing["message_zh"] + missing["value"]


# ---- 16. JUnit as the Jenkins xunit plugin's JUnit schema (junit-10.xsd) allows it ---------------

# What junit-10.xsd of the xunit plugin allows, element by element: (required attributes, allowed
# attributes, allowed children). https://github.com/jenkinsci/xunit-plugin, src/main/resources/org/
# jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd
JUNIT_XSD: dict[str, tuple[set[str], set[str], set[str]]] = {
    "testsuites": (set(), {"name", "time", "tests", "failures", "errors"}, {"testsuite"}),
    "testsuite": (
        {"name", "tests", "failures", "errors"},
        {
            "name",
            "tests",
            "failures",
            "errors",
            "group",
            "time",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
        },
        {"testsuite", "properties", "testcase", "system-out", "system-err"},
    ),
    "properties": (set(), set(), {"property"}),
    "property": ({"name", "value"}, {"name", "value"}, set()),
    "testcase": (
        {"name"},
        {"name", "time", "classname", "group"},
        {"skipped", "error", "failure", "system-out", "system-err"},
    ),
    "failure": (set(), {"type", "message"}, set()),
    "error": (set(), {"type", "message"}, set()),
    "skipped": (set(), {"type", "message"}, set()),
    "system-out": (set(), set(), set()),
    "system-err": (set(), set(), set()),
}
SUREFIRE_TIME = r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?"


def _conforms(element: object) -> list[str]:
    import re
    import xml.etree.ElementTree as ET

    assert isinstance(element, ET.Element)
    problems = []
    required, allowed, children = JUNIT_XSD[element.tag]
    attrs = set(element.attrib)
    if required - attrs:
        problems.append(f"<{element.tag}> lacks {sorted(required - attrs)}")
    if attrs - allowed:
        problems.append(f"<{element.tag}> has {sorted(attrs - allowed)}, outside the schema")
    if element.tag in ("testsuites", "testsuite") and not re.fullmatch(
        SUREFIRE_TIME, element.get("time", "")
    ):
        problems.append(f"<{element.tag}> time {element.get('time')!r}")
    for child in element:
        if child.tag not in children:
            problems.append(f"<{child.tag}> inside <{element.tag}>")
        else:
            problems += _conforms(child)
    return problems


def test_junit_conforms_to_the_xunit_schema_with_times(tmp_path: Path, cli: Cli) -> None:
    import xml.etree.ElementTree as ET

    bad = tmp_path / "bad.xlsx"
    bad.write_text("junk", encoding="utf-8")
    code, out, _ = cli(
        "validate", draft(tmp_path / "a.xlsx"), draft(tmp_path / "b.xlsx", GOOD), bad, "-f", "junit"
    )
    assert code == 2
    root = ET.fromstring(out)
    assert _conforms(root) == []
    for element in [root, *root.iter("testsuite"), *root.iter("testcase")]:
        assert element.get("time") is not None, element.tag
    assert [s.get("file") for s in root.iter("testsuite")] == [
        str(tmp_path / n) for n in ("a.xlsx", "b.xlsx", "bad.xlsx")
    ]


# ---- 15. the last screen of a text report says what happened -------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_report_ends_with_the_rule_tally_and_the_verdict(tmp_path: Path, cli: Cli, lang: str) -> None:
    rows = [
        [n, "9-99-99", "不存在的小类", "", f"工程师{n}", "软件和信息服务", "学士", "3年以上", "熟悉"]
        for n in range(1, 40)
    ]
    source = draft(tmp_path / "long.xlsx", *rows)
    code, out, _ = cli("validate", source, "--lang", lang)
    assert code == 1
    last = out.splitlines()[-2:]
    if lang == "zh":
        assert last == ["按规则统计：CT201 ×39", "结论：39 行：错误 39 个，警告 0 个，提示 0 个 — 未通过"]
    else:
        assert last == ["By rule: CT201 ×39", "Result: 39 rows, 39 errors, 0 warnings, 0 infos — NOT valid"]


# ---- 17. the package's catalog.csv opens in Excel on Chinese Windows -----------------------------


def test_package_catalog_csv_is_utf8_with_a_bom(tmp_path: Path, cli: Cli) -> None:
    import shutil
    import zipfile

    from tests.conftest import SAMPLE

    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    code, _, err = cli("package", "--province", "JS", "--workspace", root, "--today", "2026-06-01")
    assert code == 0, err
    (zipped,) = (root / "dist").glob("*.zip")
    with zipfile.ZipFile(zipped) as z:
        data = z.read(next(n for n in z.namelist() if n.endswith("/catalog.csv")))
    assert data.startswith(b"\xef\xbb\xbfseq,") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")


# ---- 6. the language: the nearest catalogtool.yaml, upward from the workspace and the working folder


def test_lang_from_the_nearest_config_above_the_working_folder(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "catalogtool.yaml").write_text("lang: zh\n", encoding="utf-8")
    deep = tmp_path / "drafts" / "2026"
    deep.mkdir(parents=True)
    source = draft(deep / "draft.xlsx")
    monkeypatch.chdir(deep)
    code, out, _ = cli("validate", "draft.xlsx")
    assert code == 1 and "未通过" in out
    code, _, err = cli("validate", "missing.xlsx", "-f", "json")  # error lines follow it too
    assert code == 2 and "文件不存在" in err
    monkeypatch.chdir(tmp_path.parent)
    assert "NOT valid" in cli("validate", source)[1]  # no config above here: the locale (C → en)
